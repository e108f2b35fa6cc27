"""Reads for planning and delivering reminders. The scheduler acts for no user, so these
are not scoped to an actor; the admin pages scope the outbox by the admin's subtree."""
from datetime import date
from functools import cache

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import aliased

from tracker.assignments.models import Assignment
from tracker.assignments.state import effective_due_column, open_clause, overdue_clause
from tracker.auth.models import User
from tracker.auth.queries import active_members
from tracker.bodies.models import Body
from tracker.bodies.queries import holds_every_body
from tracker.core.database import in_first
from tracker.core.keyset import capped, count_cap
from tracker.core.permissions import scope_filter, subtree_bodies
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.reminders.calendar import (
    GOVERNMENT_WORKING_DAYS,
    DaysOff,
    WorkCalendar,
    public_holidays,
)
from tracker.reminders.models import (
    OUTBOX_STATUSES,
    POLICY_DEFAULTS,
    Holiday,
    OutboxMail,
    PlanningRun,
    ReminderPolicy,
)
from tracker.tasks.models import Task


def policy() -> ReminderPolicy:
    """The saved policy, or the defaults when the admin never changed them."""
    return db.session.scalar(select(ReminderPolicy).limit(1)) or ReminderPolicy(
        **POLICY_DEFAULTS)


def holidays() -> list[Holiday]:
    """The days the admin added: days off and make-up working days."""
    return list(db.session.scalars(select(Holiday).order_by(Holiday.day)))


def public_holidays_around(today: date) -> list[tuple[date, str]]:
    """Vietnam's public holidays of this year and the next, for the admin to see."""
    days = {**public_holidays(today.year), **public_holidays(today.year + 1),
            **GOVERNMENT_WORKING_DAYS}
    return sorted((d, name) for d, name in days.items() if d >= today)


def work_calendar() -> WorkCalendar:
    """Vietnam's public holidays, the admin's days off and make-up working days."""
    added = holidays()
    working = set(GOVERNMENT_WORKING_DAYS) | {h.day for h in added if h.working}
    return WorkCalendar(DaysOff({h.day: h.name for h in added if not h.working}, working),
                        working)


def last_planned_day() -> date | None:
    return db.session.scalar(select(func.max(PlanningRun.day)))


def is_planned(day: date) -> bool:
    return db.session.scalar(select(PlanningRun.id).where(PlanningRun.day == day)) is not None


def earliest_open_deadline() -> date | None:
    return db.session.scalar(
        select(func.min(effective_due_column())).where(open_clause()))


def anyone_wants_daily_digest() -> bool:
    return db.session.scalar(select(User.id).where(User.daily_digest.is_(True),
                                                   User.active.is_(True)).limit(1)) is not None


def leaders_with_overdue(today: date) -> list[tuple[int, str, str]]:
    """Active leaders (id, email, body path) whose scope holds an overdue assignment.

    One scan of the open assignments past their deadline (the partial index), then a
    prefix test per leader in Python: leaders are few, bodies with overdue work many."""
    late_paths = sorted(db.session.scalars(
        select(Body.path).distinct().join(Assignment, Assignment.body_id == Body.id)
        .where(overdue_clause(today))))
    leaders = db.session.execute(
        select(User.id, User.email, Body.path).join(Body, Body.id == User.body_id)
        .where(User.role == "leader", User.active.is_(True))).all()
    return [tuple(row) for row in leaders if _any_below(late_paths, row.path)]


def _any_below(sorted_paths: list[str], prefix: str) -> bool:
    """Whether some path in the sorted list starts with `prefix` (binary search)."""
    import bisect
    index = bisect.bisect_left(sorted_paths, prefix)
    return index < len(sorted_paths) and sorted_paths[index].startswith(prefix)


def mail_details(assignment_ids) -> dict[int, tuple]:
    """Assignment, task, directive and body for the mails of a batch, in one query."""
    ids = sorted(set(i for i in assignment_ids if i))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Assignment, Task, Directive, Body)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Body, Body.id == Assignment.body_id)
        .where(Assignment.id.in_(ids)))
    return {a.id: (a, t, d, b) for a, t, d, b in rows}


def recipient(user_id: int) -> User:
    """The user a mail goes to, with their body (loaded with the user)."""
    return db.session.get(User, user_id)


def recipients(user_ids) -> dict[int, User]:
    """The users a batch of mails goes to, in one query."""
    ids = sorted(set(i for i in user_ids if i))
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def contacts(tasks) -> dict[int, User]:
    """For each task, whom a mail names as the contact: the coordinator who created the
    task if still active, else an active coordinator of the assigning body."""
    tasks = list(tasks)
    creators = recipients(t.created_by_id for t in tasks)
    owners = sorted({t.owner_body_id for t in tasks})
    fallback: dict[int, User] = {}
    if owners:
        for user in db.session.scalars(
                select(User).where(active_members(owners, "coordinator")).order_by(User.id)):
            fallback.setdefault(user.body_id, user)
    found = {}
    for task in tasks:
        creator = creators.get(task.created_by_id)
        if creator is not None and creator.active and creator.role == "coordinator":
            found[task.id] = creator
        elif task.owner_body_id in fallback:
            found[task.id] = fallback[task.owner_body_id]
    return found


def open_assignments_of_body(body_id: int, until: date) -> list[tuple]:
    """For an officer's daily digest: the body's open assignments due by `until`."""
    return list(db.session.execute(
        select(Assignment, Task, Directive)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .where(Assignment.body_id == body_id, open_clause(),
               effective_due_column() <= until)
        .order_by(effective_due_column())))


def overdue_in_scope(path: str, today: date, limit: int = 300) -> list[tuple]:
    """For a leader's weekly digest: overdue assignments in a subtree, by body."""
    return list(db.session.execute(
        select(Assignment, Task, Directive, Body)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Body, Body.id == Assignment.body_id)
        .where(Body.path.startswith(path, autoescape=True), overdue_clause(today))
        .order_by(Body.path, effective_due_column()).limit(limit)))


def overdue_count(path: str, today: date) -> int:
    """How many assignments of a subtree are overdue (a digest says how many it left out)."""
    return db.session.scalar(
        select(func.count()).select_from(Assignment)
        .join(Body, Body.id == Assignment.body_id)
        .where(Body.path.startswith(path, autoescape=True), overdue_clause(today)))


def outbox(actor, *, status: str = "", reach: str = ""):
    """The outbox rows addressed to users in the admin's subtree, newest first; mails to
    no account: a body's contact address when the body is in the subtree, others (test
    mails to outside addresses) only for an admin of the whole tree. `reach`: the
    actor's `_reach`, if known."""
    stmt, reach = select(OutboxMail), reach or _reach(actor)
    if reach == "every":
        pass  # every account's body is in the admin's tree: every mail, none checked
    elif reach == "tree":
        # An admin of a whole tree sees about every mail: they are walked newest first and
        # each checked, a page reads about its own rows.
        stmt = (stmt.outerjoin(User, User.id == OutboxMail.recipient_id)
                .outerjoin(Body, Body.id == User.body_id)
                .where(scope_filter(actor, Body.path) | OutboxMail.recipient_id.is_(None)))
    else:
        stmt = stmt.where(OutboxMail.id.in_(_mails_in_subtree(actor, status)))
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    return stmt.order_by(OutboxMail.id.desc())


def _reach(actor) -> str:
    """"every" (an admin of the only tree), "tree" (of one tree among others) or
    "subtree"."""
    if actor.body.parent_id is not None:
        return "subtree"
    return "every" if holds_every_body(actor.body) else "tree"


@cache
def _assigned():
    """The assigned body's alias, made once (1.1 ms each time, once for each status
    counted), at its first use: by then every model is mapped."""
    return aliased(Body, name="assigned_body")


def _mails_in_subtree(actor, status: str = "", *, counted: bool = False):
    """The ids of the mails to the accounts of the actor's subtree (found from its accounts
    on the recipient index) and of those to the contact address of its bodies (no account:
    the recipient index's NULLs, each mail's assignment checked), two disjoint sets, rather
    than a check of every mail of the outbox, which a province's admin sees one in thirty
    of. With a status, each set is a range of the index (recipient, status)."""
    of_status = [OutboxMail.status == status] if status else []
    if counted:
        # The accounts read first (in_first), then each one's range of the index: joined,
        # PostgreSQL read all 10,000 accounts to find a province's 300 (2.5 ms a status).
        # Not for the list: expecting a few mails there, PostgreSQL read every one of them
        # before sorting, where it sorts their ids alone and reads the page's.
        accounts = select(User.id).where(in_first(User.body_id, subtree_bodies(actor, Body)))
        to_account = select(OutboxMail.id).where(
            in_first(OutboxMail.recipient_id, accounts), *of_status)
    else:
        to_account = (select(OutboxMail.id).join(User, User.id == OutboxMail.recipient_id)
                      .join(Body, Body.id == User.body_id)
                      .where(scope_filter(actor, Body.path), *of_status))
    assigned = _assigned()
    to_contact = (select(OutboxMail.id)
                  .join(Assignment, Assignment.id == OutboxMail.assignment_id)
                  .join(assigned, assigned.id == Assignment.body_id)
                  .where(OutboxMail.recipient_id.is_(None), *of_status,
                         scope_filter(actor, assigned.path)))
    return union_all(to_account, to_contact)


def outbox_counts(actor) -> dict[str, tuple[int, bool]]:
    """{status: (mails, exact)} of the admin's outbox, each counted up to the lists' cap
    ("hơn 10.000") in one statement: the outbox only grows (73,000 mails in one day of
    national planning), and a GROUP BY over all of it read every mail on each page. The
    central admin's count needs no check of the mails (every one is in scope), a
    province's reads the index (recipient, status) of its accounts."""
    cap, reach = count_cap(), _reach(actor)

    def mails(status):
        if reach == "subtree":
            return _mails_in_subtree(actor, status, counted=True).limit(cap + 1).subquery()
        return (outbox(actor, status=status, reach=reach).order_by(None)
                .with_only_columns(OutboxMail.id).limit(cap + 1).subquery())
    counted = [select(literal(status).label("status"), func.count().label("n"))
               .select_from(mails(status)) for status in OUTBOX_STATUSES]
    return {status: capped(n, cap) for status, n in db.session.execute(union_all(*counted))
            if n}


def get_mail(actor, mail_id: int) -> OutboxMail | None:
    return db.session.scalar(outbox(actor).where(OutboxMail.id == mail_id))
