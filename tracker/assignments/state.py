"""Derived states of an assignment, from dates and status: never typed, never stored.

An assignment is overdue when its (possibly extended) deadline has passed and it is not
done; done late when the accepted report was submitted after that deadline. "Today" is
the date in Asia/Ho_Chi_Minh and is always passed in.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func

from tracker.assignments.models import Assignment

STATES = {
    "overdue": _l("Quá hạn"),
    "not_started": _l("Chưa thực hiện"),
    "in_progress": _l("Đang thực hiện (trong hạn)"),
    "done_on_time": _l("Hoàn thành đúng hạn"),
    "done_late": _l("Hoàn thành quá hạn"),
}
# Colours for badges, by state.
STATE_STYLES = {
    "overdue": "danger",
    "not_started": "secondary",
    "in_progress": "primary",
    "done_on_time": "success",
    "done_late": "warning",
}


def state_of(assignment: Assignment, today: date) -> str:
    due = assignment.effective_due_on
    if assignment.status == "done":
        return "done_on_time" if assignment.completed_on <= due else "done_late"
    if today > due:
        return "overdue"
    if assignment.status == "not_started":
        return "not_started"
    return "in_progress"


def days_overdue(assignment: Assignment, today: date) -> int:
    """Days past the deadline for an open assignment; 0 when not overdue."""
    if assignment.status == "done":
        return 0
    return max(0, (today - assignment.effective_due_on).days)


def effective_due_column():
    return func.coalesce(Assignment.extended_due_on, Assignment.due_on)


def state_expression(today: date):
    """The same rule as `state_of`, as SQL, for filters, sorting and counts."""
    due = effective_due_column()
    return case(
        (Assignment.status == "done",
         case((Assignment.completed_on <= due, "done_on_time"), else_="done_late")),
        (due < today, "overdue"),
        (Assignment.status == "not_started", "not_started"),
        else_="in_progress",
    )
