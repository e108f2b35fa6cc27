"""Assignments: list by scope with filters, one, progress (with the version), submit,
accept or return, and the history."""
import dataclasses

from flask import jsonify
from flask_babel import gettext
from flask_login import current_user

from tracker.api.fields import Bool, Date, Id, Sort, Str
from tracker.api.problems import found, invalid
from tracker.api.queries import assignment_row
from tracker.api.schemas import (
    Accept,
    Assignment,
    HistoryEntry,
    Progress,
    Return,
    Submit,
    answer_values,
    assignment_answer,
    page_of,
)
from tracker.api.views import bp
from tracker.api.views.common import (
    CursorPageQuery,
    PageQuery,
    assignment_or_404,
    list_page,
    page_json,
    perform,
    sort_of,
)
from tracker.assignments import operations, queries
from tracker.assignments.can import acting_as
from tracker.assignments.models import STATUSES
from tracker.assignments.state import STATES
from tracker.bodies.queries import get_body
from tracker.core import permissions
from tracker.core.database import kept_after_commit
from tracker.core.time import utcnow, vn_today
from tracker.extensions import db
from tracker.history.queries import history_of

TAG = "Phân công"
FILTERS = {f.name for f in dataclasses.fields(queries.ListFilters)} - {"query", "body"}
ONE = "/assignments/<int:assignment_id>"


class AssignmentQuery(CursorPageQuery):
    q = Str("Tìm kiếm", max_length=200,
            description="Tên nhiệm vụ hoặc đơn vị; không phân biệt dấu.")
    status = Str("Trạng thái", enum=STATUSES, description="Trạng thái lưu.")
    state = Str("Tình trạng", enum=STATES,
                description="Tình trạng suy ra từ ngày: quá hạn, hoàn thành đúng hạn...")
    overdue = Bool("Quá hạn")
    body_id = Id("Đơn vị", description="Đơn vị và các đơn vị trực thuộc.")
    directive_id = Id("Văn bản")
    task_id = Id("Nhiệm vụ")
    due_from = Date("Hạn từ ngày")
    due_to = Date("Hạn đến ngày")
    mine = Bool("Chỉ phân công của đơn vị tôi",
                description="Chỉ các phân công giao cho đơn vị trong phạm vi của bạn "
                            "(không kể các việc bạn giao đi).")
    sort = Sort(queries.SORTS, load_default="due")


@bp.get("/assignments", tags=[TAG])
@bp.query(AssignmentQuery)
@bp.response(200, page_of(Assignment))
def list_assignments(args):
    """Các phân công trong phạm vi

    Assignments in the user's scope; by deadline (then id) unless sorted otherwise."""
    body = None
    if args.get("body_id"):
        body = get_body(current_user, args["body_id"])
        if body is None:
            raise invalid("body_id", gettext(
                "Đơn vị: không tìm thấy, hoặc nằm ngoài phạm vi của bạn."), 400)
    due_from, due_to = args.get("due_from"), args.get("due_to")
    if due_from and due_to and due_from > due_to:
        raise invalid("due_to", gettext("Hạn đến ngày: phải từ “Hạn từ ngày” trở đi."), 400)
    sort, descending = sort_of(args)
    # The other parameters are the list's filters by the same name.
    filters = {name: args[name] for name in args.keys() & FILTERS}
    stmt, count = queries.assignment_page_query(current_user, vn_today(), sort=sort,
                                                descending=descending, query=args.get("q", ""),
                                                body=body, **filters)
    page = page_json(stmt, args, queries.list_order(sort, descending), count=count)
    # Each item (a plain row, queries.listed_columns) as the schema would dump it, written
    # out (schemas.assignment_answer): marshmallow's dump of 25 assignments cost more than
    # reading them.
    page["items"] = [assignment_answer(row) for row in page["items"]]
    return jsonify(page)


@bp.get(ONE, tags=[TAG])
@bp.response(200, Assignment)
def show_assignment(assignment_id: int):
    """Một phân công

    One assignment with its derived state and its current version."""
    # A plain row, answered as the schema would dump it (schemas.assignment_answer): no
    # objects for the API's busiest read.
    return jsonify(assignment_answer(found(assignment_row(current_user, assignment_id),
                                           "Phân công")))


def _change(assignment_id: int, allowed, action):
    """Load or 404, check or 403, run the operation, answer the assignment as saved."""
    assignment = assignment_or_404(assignment_id)
    if allowed is not None:  # None: the operation checks the permission itself
        permissions.ensure(allowed(current_user, assignment))
    with kept_after_commit(db.session):
        perform(lambda: action(assignment, actor=current_user, now=utcnow()))
    return jsonify(assignment_answer(answer_values(assignment)))


@bp.post(f"{ONE}/progress", tags=[TAG])
@bp.arguments(Progress)
@bp.response(200, Assignment)
def update_progress(data, assignment_id: int):
    """Cập nhật tiến độ

    The unit's officers report how far they have got, from the version they read."""
    version = data.pop("version")
    return _change(assignment_id, permissions.can_report_on, lambda a, **when: (
        operations.update_progress(a, data, version=version, **when)))


@bp.post(f"{ONE}/submit", tags=[TAG])
@bp.arguments(Submit)
@bp.response(200, Assignment)
def submit_report(data, assignment_id: int):
    """Nộp báo cáo

    The unit's officers submit the report; the Ban then accepts or returns it."""
    return _change(assignment_id, permissions.can_enter_report, lambda a, now, **_: (
        operations.submit_report(a, note=data.get("note"), version=data["version"],
                                 actor=acting_as(current_user, a), now=now)))


@bp.post(f"{ONE}/accept", tags=[TAG])
@bp.arguments(Accept)
@bp.response(200, Assignment)
def accept_report(data, assignment_id: int):
    """Tiếp nhận báo cáo (hoàn thành)"""
    return _change(assignment_id, None, lambda a, **when: (
        operations.accept_report(a, note=data.get("note"), **when)))


@bp.post(f"{ONE}/return", tags=[TAG])
@bp.arguments(Return)
@bp.response(200, Assignment)
def return_report(data, assignment_id: int):
    """Trả lại báo cáo"""
    return _change(assignment_id, None, lambda a, **when: (
        operations.return_report(a, reason=data["reason"], **when)))


@bp.get(f"{ONE}/history", tags=[TAG])
@bp.query(PageQuery)
@bp.response(200, page_of(HistoryEntry))
def assignment_history(args, assignment_id: int):
    """Lịch sử của phân công

    Every change to the assignment, newest first: who, when, old and new values."""
    return list_page(history_of("assignment", assignment_or_404(assignment_id).id), args)
