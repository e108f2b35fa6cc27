"""Assignments: list by scope with filters, one, progress (with the version), submit,
accept or return, and the history."""
from flask_babel import gettext
from flask_login import current_user

from tracker.api import schemas
from tracker.api.fields import Bool, Date, Id, Int, Str
from tracker.api.framework import Body
from tracker.api.problems import ApiProblem
from tracker.api.views import bp
from tracker.api.views.common import (
    PageQuery,
    found,
    list_page,
    page_json,
    perform,
    sort_field,
    sort_of,
)
from tracker.assignments import operations, queries
from tracker.assignments.can import acting_as
from tracker.assignments.models import STATUSES
from tracker.assignments.operations import MAX_NOTE
from tracker.assignments.state import STATES
from tracker.bodies.queries import get_body
from tracker.core import permissions
from tracker.core.time import utcnow, vn_today
from tracker.history.queries import history_of

TAG = "Phân công"


def _version():
    return Int("Phiên bản", minimum=1, maximum=2**31 - 1, required=True,
               description="Giá trị `version` đọc được lần trước: nếu phân công đã được "
                           "người khác cập nhật, yêu cầu bị từ chối với 409 và không ghi gì.")


class Progress(Body):
    progress = Int("Tiến độ (%)", minimum=0, maximum=100, required=True)
    note = Str("Ghi chú", max_length=MAX_NOTE)
    version = _version()


class Submit(Body):
    note = Str("Nội dung báo cáo", max_length=MAX_NOTE)
    version = _version()


class Accept(Body):
    note = Str("Nhận xét", max_length=MAX_NOTE)


class Return(Body):
    reason = Str("Lý do trả lại", max_length=MAX_NOTE, required=True)


class AssignmentQuery(PageQuery):
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
    sort = sort_field(queries.SORTS, "due")


@bp.endpoint("/assignments", summary="Các phân công trong phạm vi", tag=TAG,
             query=AssignmentQuery, response=schemas.page_of(schemas.Assignment))
def list_assignments(args):
    """Assignments in the user's scope; by deadline (then id) unless sorted otherwise."""
    body = None
    if args.get("body_id"):
        body = get_body(current_user, args["body_id"])
        if body is None:
            message = gettext("Đơn vị: không tìm thấy, hoặc nằm ngoài phạm vi của bạn.")
            raise ApiProblem(400, gettext("Tham số không hợp lệ"), message,
                             {"body_id": message})
    due_from, due_to = args.get("due_from"), args.get("due_to")
    if due_from and due_to and due_from > due_to:
        message = gettext("Hạn đến ngày: phải từ “Hạn từ ngày” trở đi.")
        raise ApiProblem(400, gettext("Tham số không hợp lệ"), message, {"due_to": message})
    sort, descending = sort_of(args)
    stmt = queries.assignment_list(
        current_user, vn_today(), query=args.get("q", ""), state=args.get("state", ""),
        status=args.get("status", ""), overdue=args.get("overdue"), body=body,
        directive_id=args.get("directive_id"), task_id=args.get("task_id"),
        due_from=due_from, due_to=due_to, mine=bool(args.get("mine")),
        sort=sort, descending=descending)
    return page_json(stmt, args)


def _load(assignment_id: int):
    return found(queries.get_assignment(current_user, assignment_id), "Phân công")


@bp.endpoint("/assignments/<int:assignment_id>", summary="Một phân công", tag=TAG,
             response=schemas.Assignment)
def show_assignment(assignment_id: int):
    """One assignment with its derived state and its current version."""
    return _load(assignment_id)


def _change(assignment_id: int, allowed, action):
    """Load or 404, check or 403, run the operation, answer the assignment as saved."""
    assignment = _load(assignment_id)
    if allowed is not None:  # None: the operation checks the permission itself
        permissions.ensure(allowed(current_user, assignment))
    perform(lambda: action(assignment))
    return _load(assignment_id)


@bp.endpoint("/assignments/<int:assignment_id>/progress", "POST",
             summary="Cập nhật tiến độ", tag=TAG, body=Progress, response=schemas.Assignment)
def update_progress(data, assignment_id: int):
    """The unit's officers report how far they have got, from the version they read."""
    return _change(assignment_id, permissions.can_report_on,
                   lambda a: operations.update_progress(
                       a, {"progress": data["progress"], "note": data.get("note")},
                       version=data["version"], actor=current_user, now=utcnow()))


@bp.endpoint("/assignments/<int:assignment_id>/submit", "POST",
             summary="Nộp báo cáo", tag=TAG, body=Submit, response=schemas.Assignment)
def submit_report(data, assignment_id: int):
    """The unit's officers submit the report; the Ban then accepts or returns it."""
    return _change(assignment_id, permissions.can_enter_report,
                   lambda a: operations.submit_report(
                       a, note=data.get("note"), version=data["version"],
                       actor=acting_as(current_user, a), now=utcnow()))


@bp.endpoint("/assignments/<int:assignment_id>/accept", "POST",
             summary="Tiếp nhận báo cáo (hoàn thành)", tag=TAG, body=Accept,
             response=schemas.Assignment)
def accept_report(data, assignment_id: int):
    """The coordinators of the assigning body accept a submitted report."""
    return _change(assignment_id, None, lambda a: operations.accept_report(
        a, note=data.get("note"), actor=current_user, now=utcnow()))


@bp.endpoint("/assignments/<int:assignment_id>/return", "POST",
             summary="Trả lại báo cáo", tag=TAG, body=Return, response=schemas.Assignment)
def return_report(data, assignment_id: int):
    """The coordinators of the assigning body return a submitted report with a reason."""
    return _change(assignment_id, None, lambda a: operations.return_report(
        a, reason=data["reason"], actor=current_user, now=utcnow()))


@bp.endpoint("/assignments/<int:assignment_id>/history", summary="Lịch sử của phân công",
             tag=TAG, query=PageQuery, response=schemas.page_of(schemas.HistoryEntry))
def assignment_history(data, assignment_id: int):
    """Every change to the assignment, newest first: who, when, old and new values."""
    assignment = _load(assignment_id)
    return list_page(history_of("assignment", assignment.id), data)
