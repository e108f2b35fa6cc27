"""What a user may do on an assignment now, as booleans for the page and the API.

Each is a permission (who: core/permissions.py) and a state (when: state.py); neither
rule is restated here, and templates only read the answers."""
from dataclasses import dataclass

from tracker.assignments import state
from tracker.core import permissions
from tracker.core.actors import OnBehalf


@dataclass(frozen=True)
class AssignmentCan:
    report: bool            # the unit's officers: progress, files, figures, dialogues, submit
    review: bool            # the Ban: accept or return a submitted report
    ask_extension: bool     # the unit's officers, while the work is open
    decide_extension: bool  # the Ban: grant or refuse a pending request
    extend: bool            # the Ban moves the deadline itself
    reassign: bool          # the Ban gives the work to another body
    urge: bool              # đôn đốc: the Ban's coordinators and leaders
    forward: bool           # giao tiếp cho cấp dưới: the body's own coordinators, while open
    forwarder: bool         # the same people, whatever the state (the sub-tasks panel)
    unit: bool              # one of the unit's officers, whatever the state
    act_for: bool           # nhập thay: files, figures and submission for the body, while open
    links: bool             # the body's secret link: see, revoke
    send_link: bool         # the same people, while the unit may still write (a new link)


def can(actor, assignment) -> AssignmentCan:
    reporter = permissions.can_report_on(actor, assignment)
    manager = permissions.can_manage_task(actor, assignment.task)
    forwarder = permissions.can_forward(actor, assignment)
    open_ = state.is_open(assignment.status)
    return AssignmentCan(
        report=reporter and state.is_editable(assignment.status),
        review=manager and state.is_waiting_for_review(assignment.status),
        ask_extension=reporter and open_,
        decide_extension=manager,
        extend=manager and open_,
        reassign=manager and open_,
        urge=may_urge(actor, assignment),
        forward=forwarder and open_, forwarder=forwarder,
        unit=reporter,
        act_for=permissions.can_act_for(actor, assignment) and state.is_editable(
            assignment.status),
        links=permissions.can_manage_links(actor, assignment),
        send_link=permissions.can_manage_links(actor, assignment) and state.is_editable(
            assignment.status))


def acting_as(user, assignment):
    """Who a report write is recorded as: the user, or the user for the assigned body
    (nhập thay) when that is why they may write."""
    if not permissions.can_report_on(user, assignment) \
            and permissions.can_act_for(user, assignment):
        return OnBehalf(user, assignment.body)
    return user


def may_urge(actor, assignment) -> bool:
    """Đôn đốc: the Ban's coordinators and leaders, while the work is open (the assignment
    page, the overdue review and the urge itself ask this one rule)."""
    return permissions.can_urge(actor, assignment) and state.is_open(assignment.status)


def may_urge_row(actor, row) -> bool:
    """may_urge, for a list's plain row that holds the task owner's path (`owner_path`)."""
    return permissions.can_urge_owned_by(actor, row.owner_path) and state.is_open(row.status)
