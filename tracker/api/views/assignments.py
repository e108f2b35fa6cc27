"""Assignments: list by scope with filters, one, progress (with the version), submit,
accept or return, and the history."""
from flask_babel import gettext
from flask_login import current_user

from tracker.api.problems import ApiProblem
from tracker.api.registry import api_route
from tracker.api.schemas import boolean, closed, date_, identifier, integer, string
from tracker.api.serializers import (
    ASSIGNMENT,
    HISTORY_ENTRY,
    assignment_json,
    history_json,
    page_of,
)
from tracker.api.views.common import (
    PAGE_QUERY,
    found,
    list_page,
    page_json,
    perform,
    sort_of,
    sort_query,
)
from tracker.assignments import operations, queries
from tracker.assignments.models import STATUSES
from tracker.assignments.operations import MAX_NOTE
from tracker.assignments.state import STATES
from tracker.bodies.queries import get_body
from tracker.core import permissions
from tracker.core.time import utcnow, vn_today
from tracker.history.queries import history_of

TAG = "Phân công"

VERSION = integer("Phiên bản", minimum=1, maximum=2**31 - 1,
                  description="Giá trị `version` đọc được lần trước: nếu phân công đã được "
                              "người khác cập nhật, yêu cầu bị từ chối với 409 và không ghi "
                              "gì.")
PROGRESS = closed({
    "progress": integer("Tiến độ (%)", minimum=0, maximum=100),
    "note": string("Ghi chú", max_length=MAX_NOTE),
    "version": VERSION,
}, required=("progress", "version"))
SUBMIT = closed({"note": string("Nội dung báo cáo", max_length=MAX_NOTE),
                 "version": VERSION}, required=("version",))
ACCEPT = closed({"note": string("Nhận xét", max_length=MAX_NOTE)})
RETURN = closed({"reason": string("Lý do trả lại", max_length=MAX_NOTE)},
                required=("reason",))


@api_route("/assignments", summary="Các phân công trong phạm vi", tag=TAG, query={
    **PAGE_QUERY,
    "q": string("Tìm kiếm", max_length=200,
                description="Tên nhiệm vụ hoặc đơn vị; không phân biệt dấu."),
    "status": string("Trạng thái", enum=STATUSES, description="Trạng thái lưu."),
    "state": string("Tình trạng", enum=STATES,
                    description="Tình trạng suy ra từ ngày: quá hạn, hoàn thành đúng hạn..."),
    "overdue": boolean("Quá hạn"),
    "body_id": identifier("Đơn vị", description="Đơn vị và các đơn vị trực thuộc."),
    "directive_id": identifier("Văn bản"),
    "task_id": identifier("Nhiệm vụ"),
    "due_from": date_("Hạn từ ngày"),
    "due_to": date_("Hạn đến ngày"),
    "mine": boolean("Chỉ phân công của đơn vị tôi",
                    description="Chỉ các phân công giao cho đơn vị trong phạm vi của bạn "
                                "(không kể các việc bạn giao đi)."),
    **sort_query(queries.SORTS, "due"),
}, response=page_of("AssignmentPage", ASSIGNMENT))
def list_assignments(args, data):
    """Assignments in the user's scope; by deadline (then id) unless sorted otherwise."""
    body = None
    if args["body_id"]:
        body = get_body(current_user, args["body_id"])
        if body is None:
            message = gettext("Đơn vị: không tìm thấy, hoặc nằm ngoài phạm vi của bạn.")
            raise ApiProblem(400, gettext("Tham số không hợp lệ"), message,
                             {"body_id": message})
    if args["due_from"] and args["due_to"] and args["due_from"] > args["due_to"]:
        message = gettext("Hạn đến ngày: phải từ “Hạn từ ngày” trở đi.")
        raise ApiProblem(400, gettext("Tham số không hợp lệ"), message, {"due_to": message})
    sort, descending = sort_of(args)
    today = vn_today()
    stmt = queries.assignment_list(
        current_user, today, query=args["q"] or "", state=args["state"] or "",
        status=args["status"] or "", overdue=args["overdue"], body=body,
        directive_id=args["directive_id"], task_id=args["task_id"],
        due_from=args["due_from"], due_to=args["due_to"], mine=bool(args["mine"]),
        sort=sort, descending=descending)
    return page_json(stmt, args, lambda a: assignment_json(a, today))


def _load(assignment_id: int):
    return found(queries.get_assignment(current_user, assignment_id), "Phân công")


@api_route("/assignments/<int:assignment_id>", summary="Một phân công", tag=TAG,
           response=ASSIGNMENT)
def show_assignment(assignment_id: int, args, data):
    """One assignment with its derived state and its current version."""
    return assignment_json(_load(assignment_id))


def _change(assignment_id: int, allowed, action):
    """Load or 404, check or 403, run the operation, answer the assignment as saved."""
    assignment = _load(assignment_id)
    permissions.ensure(allowed(current_user, assignment))
    perform(lambda: action(assignment))
    return assignment_json(_load(assignment_id))


def _manages(user, assignment) -> bool:
    return permissions.can_manage_task(user, assignment.task)


@api_route("/assignments/<int:assignment_id>/progress", "POST",
           summary="Cập nhật tiến độ", tag=TAG, body=PROGRESS, body_name="Progress",
           response=ASSIGNMENT)
def update_progress(assignment_id: int, args, data):
    """The unit's officers report how far they have got, from the version they read."""
    return _change(assignment_id, permissions.can_report_on,
                   lambda a: operations.update_progress(
                       a, {"progress": data["progress"], "note": data.get("note")},
                       version=data["version"], actor=current_user, now=utcnow()))


@api_route("/assignments/<int:assignment_id>/submit", "POST", summary="Nộp báo cáo",
           tag=TAG, body=SUBMIT, body_name="Submit", response=ASSIGNMENT)
def submit_report(assignment_id: int, args, data):
    """The unit's officers submit the report; the Ban then accepts or returns it."""
    return _change(assignment_id, permissions.can_report_on,
                   lambda a: operations.submit_report(
                       a, note=data.get("note"), version=data["version"],
                       actor=current_user, now=utcnow()))


@api_route("/assignments/<int:assignment_id>/accept", "POST",
           summary="Tiếp nhận báo cáo (hoàn thành)", tag=TAG, body=ACCEPT, body_name="Accept",
           response=ASSIGNMENT)
def accept_report(assignment_id: int, args, data):
    """The coordinators of the assigning body accept a submitted report."""
    return _change(assignment_id, _manages, lambda a: operations.accept_report(
        a, note=data.get("note"), actor=current_user, now=utcnow()))


@api_route("/assignments/<int:assignment_id>/return", "POST",
           summary="Trả lại báo cáo", tag=TAG, body=RETURN, body_name="Return",
           response=ASSIGNMENT)
def return_report(assignment_id: int, args, data):
    """The coordinators of the assigning body return a submitted report with a reason."""
    return _change(assignment_id, _manages, lambda a: operations.return_report(
        a, reason=data["reason"], actor=current_user, now=utcnow()))


@api_route("/assignments/<int:assignment_id>/history", summary="Lịch sử của phân công",
           tag=TAG, query=PAGE_QUERY, response=page_of("HistoryPage", HISTORY_ENTRY))
def assignment_history(assignment_id: int, args, data):
    """Every change to the assignment, newest first: who, when, old and new values."""
    assignment = _load(assignment_id)
    return list_page(history_of("assignment", assignment.id), args, history_json)
