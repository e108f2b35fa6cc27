"""Derived states of an assignment, from dates and status: never typed, never stored.

The one home of these rules. An assignment is open until its report is accepted (status
"done"); overdue when it is open and its (possibly extended) deadline has passed; done late
when the accepted report was submitted after that deadline. Each rule is written here in
Python and as SQL; the model's partial indexes are built from the SQL form, so the queries
that must use them say exactly what the indexes say. "Today" is the date in
Asia/Ho_Chi_Minh and is always passed in. Pages and mails receive the values computed here
(state, days overdue, days left), never the rule.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal_column, or_
from sqlalchemy.sql.elements import Grouping

DONE = "done"
NOT_STARTED = "not_started"
SUBMITTED = "submitted"  # the report waits for the Ban's decision
# The report has gone up: waiting for the Ban's decision or accepted ("đã nộp").
REPORTED = (SUBMITTED, DONE)
# Steps of the report workflow that a badge shows beside the state: they say more.
WAITING_STATUSES = (SUBMITTED, "returned")
# Open work a unit may still change (progress, report, figures): not while its report
# waits for the Ban's decision, not once done.
EDITABLE = ("not_started", "in_progress", "returned")

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


# ---- in Python -------------------------------------------------------------------------

def deadline(due_on: date, extended_due_on: date | None) -> date:
    """The deadline in force: the extended one when an extension was granted."""
    return extended_due_on or due_on


def is_open(status: str) -> bool:
    return status != DONE


def is_editable(status: str) -> bool:
    return status in EDITABLE


def is_waiting_for_review(status: str) -> bool:
    return status == SUBMITTED


def is_past(due: date, today: date) -> bool:
    """The deadline has passed: the deadline day itself is still in time."""
    return due < today


def done_state(completed_on: date, due: date) -> str:
    """Done on time or late: late when the accepted report came after the deadline."""
    return "done_on_time" if completed_on <= due else "done_late"


def started(status: str) -> str:
    """The stored status once the unit has done something (progress, a note, figures, a
    dialogue): work not started is in progress; any other status stays."""
    return "in_progress" if status == NOT_STARTED else status


def open_state(status: str) -> str:
    """The state of open work whose deadline has not passed."""
    return "not_started" if status == NOT_STARTED else "in_progress"


def state_of(assignment, today: date) -> str:
    return state_of_row(assignment.status, assignment.completed_on,
                        assignment.effective_due_on, today)


def state_of_row(status: str, completed_on: date | None, due: date, today: date) -> str:
    """The same from a stored status, completion day and the deadline in force (a plain
    row's columns)."""
    if not is_open(status):
        return done_state(completed_on, due)
    if is_past(due, today):
        return "overdue"
    return open_state(status)


def is_overdue(assignment, today: date) -> bool:
    return is_open(assignment.status) and is_past(assignment.effective_due_on, today)


def days_overdue(assignment, today: date) -> int:
    """Days past the deadline for an open assignment; 0 when not overdue."""
    return overdue_days(assignment.status, assignment.effective_due_on, today)


def overdue_days(status: str, due: date, today: date) -> int:
    """The same from a stored status and the deadline in force (a plain row's columns)."""
    if not is_open(status) or not is_past(due, today):
        return 0
    return (today - due).days


def days_left(assignment, today: date) -> int:
    """Days until the deadline; negative once it has passed."""
    return (assignment.effective_due_on - today).days


def overdue_deadlines(today: date) -> tuple[None, date]:
    """The deadlines that make open work overdue, as a half-open range [start, end) (None:
    open on that side), for the status histogram's sums by deadline."""
    return None, today


# ---- the same rules as SQL --------------------------------------------------------------
# Each takes the columns (the model or its table's `c`), so that the model's own index
# definitions can use them; the short forms below apply them to Assignment.

def deadline_sql(columns):
    return func.coalesce(columns.extended_due_on, columns.due_on)


def open_sql(columns):
    # Kept as `status != 'done'`: the partial indexes say exactly this, and a planner uses
    # a partial index only for a query that says it too.
    return columns.status != DONE


def done_rank_sql(columns):
    """0 for open work, 1 for done: the first key of the list's default order (overdue
    first, then open work, then done: overdue work is open work whose deadline comes
    first). Constants written out, so that the index on this expression (migration 0017)
    is the one a query's ORDER BY names."""
    # Grouped: PostgreSQL wants an index expression other than a call in parentheses.
    return Grouping(case((columns.status == literal_column(f"'{DONE}'"), literal_column("1")),
                         else_=literal_column("0")))


def _assignment():
    # Imported here: the model's index definitions import this module.
    from tracker.assignments.models import Assignment
    return Assignment


def effective_due_column():
    return deadline_sql(_assignment())


def open_clause():
    return open_sql(_assignment())


def overdue_clause(today: date):
    return and_(open_clause(), effective_due_column() < today)


def state_expression(today: date):
    """The same rule as `state_of`, as SQL, for filters, sorting and counts."""
    assignment = _assignment()
    due = effective_due_column()
    return case(
        (assignment.status == DONE,
         case((assignment.completed_on <= due, "done_on_time"), else_="done_late")),
        (due < today, "overdue"),
        (assignment.status == NOT_STARTED, "not_started"),
        else_="in_progress",
    )


def state_clause(state: str, today: date):
    """SQL: the assignment is in the derived `state` (the rule of `state_of`), written as
    conditions on the stored columns that the indexes can serve, rather than as a CASE."""
    assignment = _assignment()
    due = effective_due_column()
    if state == "overdue":
        return overdue_clause(today)
    if state == "not_started":
        return and_(assignment.status == NOT_STARTED, due >= today)
    if state == "in_progress":
        return and_(assignment.status.not_in((DONE, NOT_STARTED)), due >= today)
    done = assignment.status == DONE
    if state == "done_on_time":
        return and_(done, assignment.completed_on <= due)
    if state == "done_late":
        return and_(done, or_(assignment.completed_on.is_(None), assignment.completed_on > due))
    raise ValueError(state)
