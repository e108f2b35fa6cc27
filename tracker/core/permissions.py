"""Who may see and do what. Every scope decision lives here.

A user's scope is the subtree of their body. Objects outside it answer 404, so a user
cannot even learn that they exist. Directives issued by a body above the user (a central
or provincial document they implement) are readable too.
"""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import bindparam, or_, select

from tracker.core.database import escape_like, in_first, starts_with


def in_scope(actor, body) -> bool:
    return path_in_scope(actor, body.path)


def path_in_scope(actor, path: str) -> bool:
    """The body whose path is `path` lies in the actor's subtree."""
    return path.startswith(actor.body.path)


def scope_filter(actor, path_column):
    """SQL condition: the body whose path is `path_column` lies in the actor's subtree.
    Sent as `? || '%'` (SQLAlchemy's startswith), which SQLite checks on the rows a list
    walks in its own order instead of reading the subtree first as a range of the path
    index: read first, the whole country's bodies drove a central leader's list (a
    directive's assignments, 3 -> 70 ms). PostgreSQL plans it as one pattern. A subtree
    meant to be read first is `subtree_bodies`."""
    return path_column.startswith(actor.body.path, autoescape=True)


def subtree_bodies(actor, bodies):
    """The ids of the bodies (the model, or an alias of it) of the actor's subtree, read as
    one range of the path index (database.starts_with): a set read first
    (database.in_first), such as the accounts of a province's outbox."""
    return select(bodies.id).where(starts_with(bodies.path, actor.body.path))


SCOPE, SCOPE_PATTERN = "scope", "scope_pattern"  # the bind parameters of scope_params


def scope_condition(path_column):
    """`scope_filter` with the actor's path as the bind parameter `scope`, so that a
    statement built once serves every user (`scope_params(actor)` gives its value)."""
    return path_column.startswith(bindparam(SCOPE), escape="/")


def scope_range_condition(path_column):
    """`scope_condition` as one pattern, `subtree_bodies`'s range, in a statement built
    once (`scope_params(actor)` gives it too)."""
    return path_column.like(bindparam(SCOPE_PATTERN), escape="/")


def scope_params(actor) -> dict:
    """The values of `scope_condition`'s and `scope_range_condition`'s parameters: the
    actor's path escaped as `autoescape` would, and the pattern of its subtree."""
    path = escape_like(actor.body.path)
    return {SCOPE: path, SCOPE_PATTERN: path + "%"}


def readable_owner_filter(actor, owner_id_column, bodies):
    """Owner in scope, or an ancestor of the actor's body (documents from above). The
    subtree's bodies (`bodies`: an alias of the model) are read first (in_first): joined,
    PostgreSQL hashed every body of the country to keep a province's directives (6 ms)."""
    return or_(in_first(owner_id_column, subtree_bodies(actor, bodies)),
               owner_id_column.in_(actor.body.ancestor_ids))


def assignment_visibility_filter(actor, *, assigned_path, owner_id, bodies):
    """SQL: an assignment is visible to the subtree of the body it was given to
    (`assigned_path`) and to the subtree of the body that owns its task (`owner_id`;
    `bodies` is an alias of the bodies table to look that body up in)."""
    owner_in_scope = owner_id.in_(select(bodies.id).where(scope_filter(actor, bodies.path)))
    return or_(scope_filter(actor, assigned_path), owner_in_scope)


def is_coordinator(actor) -> bool:
    return actor.role == "coordinator"


def is_officer(actor) -> bool:
    return actor.role == "officer"


def is_admin(actor) -> bool:
    return actor.role == "admin"


def can_register_directives(actor) -> bool:
    return is_coordinator(actor)


def can_edit_directive(actor, directive) -> bool:
    return is_coordinator(actor) and in_scope(actor, directive.owner_body)


def can_manage_task(actor, task) -> bool:
    """Derive, edit, assign, accept/return, extend: the coordinators of the owning body.
    A sub-task (forwarded, see tracker/chain) only by the forwarding body's own
    coordinators: the bodies above it follow the chain read-only."""
    if task.parent_assignment_id is not None:
        return is_coordinator(actor) and actor.body_id == task.owner_body_id
    return is_coordinator(actor) and in_scope(actor, task.owner_body)


def can_forward(actor, assignment) -> bool:
    """Giao tiếp cho cấp dưới: the coordinators of the body the assignment was given to."""
    return is_coordinator(actor) and actor.body_id == assignment.body_id


def can_report_on(actor, assignment) -> bool:
    """Update progress, attach, record figures, submit, ask for an extension."""
    return is_officer(actor) and in_scope(actor, assignment.body)


def can_act_for(actor, assignment) -> bool:
    """Nhập thay: the coordinators of the forwarding body (the owner of a sub-task) enter
    the figures and files of a body of their subtree and submit for it (a commune without
    an account); the history names both. Needs assignment.task loaded."""
    task = assignment.task
    return (task.parent_assignment_id is not None and is_coordinator(actor)
            and actor.body_id == task.owner_body_id and actor.body_id != assignment.body_id
            and in_scope(actor, assignment.body))


def can_enter_report(actor, assignment) -> bool:
    """Files and submission: the unit's officers, or nhập thay."""
    return can_report_on(actor, assignment) or can_act_for(actor, assignment)


def can_enter_figures(actor, assignment) -> bool:
    """The figure form: whoever fills it (can_fill_figures), or nhập thay."""
    return can_fill_figures(actor, assignment) or can_act_for(actor, assignment)


def can_manage_links(actor, assignment) -> bool:
    """Send again or revoke a body's secret link: whoever manages the task."""
    return can_manage_task(actor, assignment.task)


def can_administer(actor) -> bool:
    return is_admin(actor)


def ensure(allowed: bool, status: int = 403):
    """Stop the request when a visible object may not be changed by this user."""
    if not allowed:
        abort(status)


def can_edit_reminder_policy(actor) -> bool:
    """The policy and holidays apply to everyone: only an admin of a root body edits them."""
    return is_admin(actor) and actor.body.parent_id is None


def can_urge(actor, assignment) -> bool:
    """Đôn đốc: coordinators and leaders of the body that assigned the task."""
    return can_urge_owned_by(actor, assignment.task.owner_body.path)


def can_urge_owned_by(actor, owner_path: str) -> bool:
    """can_urge, from the path of the body that assigned the task (a list's plain row)."""
    return actor.role in ("coordinator", "leader") and path_in_scope(actor, owner_path)


def can_fill_figures(actor, assignment) -> bool:
    """The figure form: the body's officers, and the coordinators of the assigned body
    itself (a Ban reports its own figures, e.g. a roll-up it adopted)."""
    return can_report_on(actor, assignment) or (
        is_coordinator(actor) and actor.body_id == assignment.body_id)


def can_edit_template(actor, template) -> bool:
    """Figure templates: the coordinators of the owning Ban's subtree."""
    return is_coordinator(actor) and in_scope(actor, template.owner_body)


@dataclass(frozen=True)
class UserCan:
    """What the menus and headings may offer this user, as booleans for the templates."""

    follow_directives: bool    # directives, tasks and status pages: all but unit officers
    register_directives: bool
    review_reports: bool       # the inbox of reports waiting for the Ban
    administer: bool
    unit_officer: bool         # works on their own body's assignments


def user_can(actor) -> UserCan:
    if not getattr(actor, "is_authenticated", False):
        return UserCan(False, False, False, False, False)
    return UserCan(follow_directives=not is_officer(actor),
                   register_directives=can_register_directives(actor),
                   review_reports=is_coordinator(actor), administer=can_administer(actor),
                   unit_officer=is_officer(actor))


# Where each role lands: where its daily work is.
_HOME = {"officer": "assignments.index", "admin": "admin.bodies", "leader": "status.index"}


def home_endpoint(actor) -> str:
    """Officers land on their assignments, leaders on the status page, coordinators on
    the directives, admins on the body tree."""
    return _HOME.get(actor.role, "directives.index")
