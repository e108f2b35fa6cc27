"""Downloads of the draft report: the .docx, or with ?format=xlsx the figures annex, of a
task (its assignees) and of a forwarded assignment (the bodies it was forwarded to)."""
from flask import Blueprint, abort, request
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.assignments.queries import get_assignment
from tracker.core.errors import ValidationError
from tracker.core.time import vn_today
from tracker.reports.files import download
from tracker.reports.queries import assignment_report, task_report
from tracker.tasks.queries import get_task

bp = Blueprint("reports", __name__)
FORMATS = ("docx", "xlsx")


@bp.before_request
@login_required
def _signed_in():
    pass


def report_format(value: str | None) -> str:
    """'docx' (the default) or 'xlsx'; anything else is refused, naming the parameter."""
    value = (value or "docx").strip().lower()
    if value not in FORMATS:
        raise ValidationError({"format": gettext(
            "Định dạng: chỉ nhận “docx” (dự thảo báo cáo) hoặc “xlsx” (phụ lục số liệu).")})
    return value


@bp.get("/tasks/<int:task_id>/report")
def task(task_id: int):
    """The draft report of a task (.docx), or its figures annex (?format=xlsx)."""
    found = get_task(current_user, task_id)
    if found is None:
        abort(404)
    fmt = report_format(request.args.get("format"))
    return download(task_report(current_user, found, vn_today()), fmt)


@bp.get("/assignments/<int:assignment_id>/report")
def assignment(assignment_id: int):
    """The draft report of the roll-up of a forwarded assignment (.docx or ?format=xlsx)."""
    found = get_assignment(current_user, assignment_id)
    if found is None:
        abort(404)
    fmt = report_format(request.args.get("format"))
    return download(assignment_report(current_user, found, vn_today()), fmt)
