"""Reads of assignments. An assignment is visible to the assigned body's subtree and to
the subtree of the body that owns its task."""
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    inspect,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager, selectinload
from sqlalchemy.sql.util import find_tables

from tracker.assignments.models import Assignment, Attachment, Dialogue, ExtensionRequest, Figure
from tracker.assignments.state import (
    DONE,
    SUBMITTED,
    done_rank_sql,
    effective_due_column,
    overdue_clause,
    state_clause,
)
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.core.database import in_first
from tracker.core.keyset import Order, capped, count_cap, search_count_cap
from tracker.core.permissions import (
    assignment_visibility_filter,
    scope_condition,
    scope_filter,
    scope_params,
    scope_range_condition,
    subtree_bodies,
)
from tracker.core.search import matches_words
from tracker.core.text import word_patterns
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.history.queries import history_of
from tracker.tasks.models import Task
from tracker.tasks.reach import assigned_outside

_owner = aliased(Body, name="task_owner")


def visible_assignment_filter(actor):
    """Needs Assignment joined to Body (assigned body) and to Task."""
    return assignment_visibility_filter(actor, assigned_path=Body.path,
                                        owner_id=Task.owner_body_id, bodies=_owner)


def _loaded():
    return (select(Assignment)
            .join(Assignment.body).join(Assignment.task).join(Task.directive)
            .options(contains_eager(Assignment.body),
                     contains_eager(Assignment.task).contains_eager(Task.directive),
                     # The task's owner decides who may accept, return and extend.
                     contains_eager(Assignment.task).joinedload(Task.owner_body,
                                                                innerjoin=True)))


def visible_assignments(actor):
    return _loaded().where(visible_assignment_filter(actor))


def visible_rows(actor, columns: list):
    """The visible assignments as plain rows of `columns` (of the assignment, its body,
    task and directive), no objects: for an export that reads every row."""
    return (select(*columns).select_from(Assignment).join(Assignment.body)
            .join(Assignment.task).join(Task.directive)
            .where(visible_assignment_filter(actor)))


def listed_columns() -> list:
    """What a list shows of each assignment, as plain rows: the assignment's columns, its
    deadline in force and state's inputs, and the names of its task, directive and body
    under the names `schemas.assignment_answer` reads. 25 objects of four kinds with every
    column cost a page more than its SQL."""
    return [Assignment.id, Assignment.task_id, Task.title.label("task_title"),
            Task.kind.label("task_kind"), Task.directive_id,
            Directive.number.label("directive_number"), Assignment.body_id,
            Body.name.label("body_name"), Assignment.role, Assignment.due_on,
            Assignment.extended_due_on, effective_due_column().label("effective_due_on"),
            Assignment.status, Assignment.progress, Assignment.submitted_on,
            Assignment.completed_on, Assignment.last_activity_at, Assignment.version]


def visible_listed(actor):
    """The visible assignments as a list shows them (`listed_columns`)."""
    return visible_rows(actor, listed_columns())


def visible_row_by_id(columns: list):
    """One visible assignment as a plain row of `columns` (of the assignment, its body,
    task and directive), no objects: for an answer that only shows them. The actor's path
    (`scope_params`) and `assignment_id` are parameters, so the caller builds it once;
    visible to the same users as `get_assignment`."""
    return _visible_by_id(select(*columns).select_from(Assignment).join(Assignment.body)
                          .join(Assignment.task).join(Task.directive))


@cache
def _assignment_by_id():
    """One visible assignment, built once (the actor's path and the id are parameters):
    every assignment page, figure form and roll-up opens with it."""
    return _visible_by_id(_loaded())


def _visible_by_id(stmt):
    """`stmt` (joining the assignment's body and task) narrowed to the assignment
    `assignment_id` if the actor (`scope`) sees it. The owner's row is joined by its key,
    not looked up among every body in scope."""
    owner = aliased(Body, name="visible_owner")
    return (stmt.join(owner, owner.id == Task.owner_body_id)
            .where(Assignment.id == bindparam("assignment_id"),
                   or_(scope_condition(Body.path), scope_condition(owner.path))))


SORTS = {"due": effective_due_column(), "body": Body.name, "task": Task.title,
         "activity": Assignment.last_activity_at}
# What each sort reads from a listed row (listed_columns), in the order of its SQL columns
# (cursors).
_SORT_KEYS = {"due": lambda a: a.effective_due_on, "body": lambda a: a.body_name,
              "task": lambda a: a.task_title, "activity": lambda a: a.last_activity_at}


def list_order(sort: str = "", descending: bool = False, state: str = "") -> Order:
    """The list's order, always ending with the id. By default overdue first, then open
    work, then done, each by deadline: open work before done work, by deadline (overdue
    work is the open work whose deadline has passed, so it comes first), which an index
    on (done rank, deadline, id) serves without reading `today`. Migration 0017 indexes
    every sort offered here. Within one `state` every row has the same done rank: that
    order is the deadline's, whose index SQLite walks (with the done rank it sorted every
    overdue assignment of the country, 0.1 s)."""
    if not sort and state:
        sort = "due"
    if sort in SORTS:
        read = _SORT_KEYS[sort]
        return Order((SORTS[sort], Assignment.id), lambda a: (read(a), a.id),
                     descending=descending, name=f"{'-' if descending else ''}{sort}")
    return Order((done_rank_sql(Assignment), effective_due_column(), Assignment.id),
                 lambda a: (int(a.status == DONE), a.effective_due_on, a.id), name="urgency")


@dataclass(frozen=True)
class ListFilters:
    """The filters of the assignment list (the page and the API): `state` is the derived
    state, `status` the stored one; `body` keeps its subtree's assignments and
    `due_from`/`due_to` bound the current (possibly extended) deadline."""

    query: str = ""
    state: str = ""
    task_id: int | None = None
    mine: bool = False
    status: str = ""
    overdue: bool | None = None
    body: Body | None = None
    directive_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None

    def conditions(self, actor, today: date) -> list:
        """SQL conditions on Assignment, its Body and its Task."""
        found = []
        if self.query:
            found.extend(_words_found(self.query))
        if self.state:
            found.append(state_clause(self.state, today))
        if self.overdue is not None:
            found.append(overdue_clause(today) if self.overdue
                         else not_(overdue_clause(today)))
        if self.status:
            found.append(Assignment.status == self.status)
        if self.body is not None:
            found.append(Body.path.startswith(self.body.path, autoescape=True))
        if self.directive_id:
            found.append(Task.directive_id == self.directive_id)
            found.extend(_by_task_when_few(self.directive_id))
        if self.due_from:
            found.append(effective_due_column() >= self.due_from)
        if self.due_to:
            found.append(effective_due_column() <= self.due_to)
        if self.task_id:
            found.append(Assignment.task_id == self.task_id)
        if self.mine:
            found.append(scope_filter(actor, Body.path))
        return found


# A word found in more tasks or bodies than this is looked for through the sets of them.
WORD_IDS_MAX = 500
# Up to this many assignments found by the rare words, the common words are checked on
# each of them: building the common words' sets cost more (10 ms for "nhiem vu 101").
FEW_WORD_ROWS = 2000
_word_task, _word_body = aliased(Task, name="word_task"), aliased(Body, name="word_body")


def _words_found(query: str) -> list:
    """Each word of the search in the task's or the body's key. The tasks and bodies are
    few (thousands) beside the assignments (a million): the ids holding each word are read
    first, so that the database finds a rare word's assignments by index instead of
    reading every assignment's task and body. A common word ("nhiem", in every task) is,
    beside rare words that find few rows, checked on those rows' task and body. Else it is
    the sets of tasks and bodies holding it, each read once and probed per assignment (a
    LIKE on each assignment's task and body, joined, took 0.1-0.2 s to count 10,001 rows
    at national scale). The probe is on `task_id + 0`, an expression no index holds: SQLite
    otherwise reads every assignment of those thousands of tasks through the task index
    and sorts them all for one page (0.54 s for the central leader's "nhiem vu 1", 7 ms
    walking the list's order and probing)."""
    patterns = word_patterns(query)
    if not patterns:
        return [matches_words(query, Task.search_key, Body.search_key)]
    rare, common = [], []
    for pattern in patterns:
        tasks = _holding(Task, pattern)
        if len(tasks) > WORD_IDS_MAX and _in_every_task(pattern):
            continue  # every assignment's task holds it: the word rules nothing out
        bodies = _holding(Body, pattern) if len(tasks) <= WORD_IDS_MAX else []
        if len(tasks) > WORD_IDS_MAX or len(bodies) > WORD_IDS_MAX:
            common.append(pattern)
        elif not tasks and not bodies:
            return [false()]  # no row holds the word: the database reads nothing
        else:
            rare.append(or_(*([Assignment.task_id.in_(tasks)] if tasks else []),
                            *([Assignment.body_id.in_(bodies)] if bodies else [])))
    if not common:
        return rare
    if rare and _at_most(select(Assignment.id).where(*rare), FEW_WORD_ROWS):
        return rare + [or_(Task.search_key.like(p, escape="\\"),
                           Body.search_key.like(p, escape="\\")) for p in common]
    return rare + [or_(
        (Assignment.task_id + 0).in_(select(_word_task.id).where(
            _word_task.search_key.like(p, escape="\\"))),
        (Assignment.body_id + 0).in_(select(_word_body.id).where(
            _word_body.search_key.like(p, escape="\\")))) for p in common]


# A directive whose tasks hold fewer assignments than this has them read by task and sorted.
FEW_ROWS = 5000


def _by_task_when_few(directive_id: int) -> list:
    """The directive's assignments read through their tasks when they are few (the same
    rows: a second form of the directive's condition). Alone, that condition let
    PostgreSQL walk every assignment in the list's order until a page of the directive's
    turned up; their deadlines lie together (a task's assignments share one), so it read
    83,000 rows for 25 at national scale. Stated twice, the condition looks rare enough to
    read and sort. Many rows are found soon by that walk: nothing is added then."""
    tasks = select(Task.id).where(Task.directive_id == directive_id)
    few = _at_most(select(Assignment.id).where(Assignment.task_id.in_(tasks)), FEW_ROWS)
    return [Assignment.task_id.in_(tasks)] if few else []


def _in_every_task(pattern: str) -> bool:
    """Whether every task's key holds the word (one read of the tasks where it does; where
    it does not, the read stops at the first task without it). Such a word, probed in each
    statement of a search as the set of every task, cost a province's "nhiem vu 1" (every
    task is a "nhiệm vụ") two hashed sets of 3,400 tasks in its page and in its count."""
    return not db.session.scalar(select(exists().where(
        not_(Task.search_key.like(pattern, escape="\\")))))


def _holding(model, pattern: str) -> list[int]:
    """The ids of the tasks or bodies whose key holds the word, up to WORD_IDS_MAX + 1,
    read as one text ("12,57,..."; group_concat, string_agg): read as rows, the 501 ids of
    each common word of a search, only to learn that there are more than 500, cost a
    province's "nhiem vu 1" about 1 ms of Python in SQLite."""
    ids = db.session.scalar(select(func.aggregate_strings(cast(_holding_ids(model).c.id,
                                                               String), ",")),
                            {"pattern": pattern, "most": WORD_IDS_MAX + 1})
    return [int(i) for i in ids.split(",")] if ids else []


@cache
def _holding_ids(model):
    return (select(model.id).where(model.search_key.like(bindparam("pattern"), escape="\\"))
            .limit(bindparam("most", type_=Integer)).subquery())


def assignment_list(actor, today: date, *, sort: str = "", descending: bool = False,
                    **filters):
    """Overdue first, then by deadline, unless another sort is asked for (`list_order`);
    `filters` are those of ListFilters."""
    return assignment_page_query(actor, today, sort=sort, descending=descending,
                                 **filters)[0]


def assignment_page_query(actor, today: date, *, sort: str = "", descending: bool = False,
                          **filters):
    """The list's select and a function counting it up to COUNT_CAP (a search by words:
    SEARCH_COUNT_CAP), built from the same conditions (a search's words are looked up once
    for both)."""
    chosen = ListFilters(**filters)
    conditions = chosen.conditions(actor, today)
    stmt = (visible_listed(actor).where(*conditions)
            .order_by(*list_order(sort, descending, chosen.state).order_by()))
    cap = search_count_cap() if chosen.query.strip() else None
    return stmt, lambda: assignment_count(actor, conditions, cap,
                                          in_scope=lambda: _in_scope_known(actor, chosen, today))


# How many assignments a body's subtree holds in each derived state, known without reading
# them: the status histogram registers its sums here (tracker/status/queries.py).
_SUBTREE_STATES: list = []


def subtree_states_from(function) -> None:
    """Register `function(body, today) -> {state: n}` for the counts of the lists."""
    _SUBTREE_STATES[:] = [function]


def _in_scope_known(actor, chosen: ListFilters, today: date) -> int | None:
    """The assignments given to bodies in the actor's scope that the list filtered by
    `chosen` shows, when that needs no reading of rows: no filter but the derived state.
    None when it cannot be known so."""
    if not _SUBTREE_STATES or chosen != ListFilters(state=chosen.state):
        return None
    counts = _SUBTREE_STATES[0](actor.body, today)
    return counts[chosen.state] if chosen.state else sum(counts.values())


def assignment_count(actor, conditions: list, cap: int | None = None, *,
                     in_scope=None) -> tuple[int, bool]:
    """The count of the list with `conditions` (ListFilters.conditions), up to the cap
    (core/keyset.capped_count): (count, exact). Counted in two parts that cannot overlap,
    each of which an index can drive (the visibility rule's OR could not): assignments
    given to a body in scope, then, only while under the cap, those given outside the scope
    on a task owned inside it. `in_scope()`, when given, may know the first part without
    reading rows (or answer None)."""
    cap = count_cap() if cap is None else cap
    known = in_scope() if in_scope is not None else None
    # The tables a condition reads from its row (not those of a subquery it holds): asked
    # of each condition, not of a select built to compile them (0.9 ms a page).
    reads_task = any(Task.__table__ in c._from_objects for c in conditions)

    def rows(task: bool):
        stmt = select(Assignment.id).join(Body, Body.id == Assignment.body_id)
        if task:  # a join costs a lookup per row: only when a condition reads the task
            stmt = stmt.join(Task, Task.id == Assignment.task_id)
        return stmt.where(*conditions)
    found = known if known is not None else _count_up_to(
        rows(reads_task).where(scope_filter(actor, Body.path),
                               *(_by_bodies(actor) if _probes_words(conditions) else [])),
        cap + 1)
    # Nothing lies outside the root's scope; elsewhere the few tasks owned in scope lead to
    # their assignments (reading every assignment outside the scope took 0.1 s in SQLite).
    if found <= cap and actor.body.parent_id is not None:
        # Of them, those with assignments outside the scope (TaskReach knows): most have
        # none, and reading their assignments took 20 ms for a province. OFFSET 0 keeps
        # the owned tasks found first (else PostgreSQL read the reach of every task).
        # Read first, as ids: inside the count, PostgreSQL misjudged a directive's
        # assignments as one row and checked the reach of every owned task again for each of
        # them (a province's ?directive_id count: 3.5 million buffers, 2.4 s).
        params = {**scope_params(actor), "scope_body_id": actor.body_id}
        ids = list(db.session.scalars(_owned_assigned_outside(FEW_ROWS + 1), params))
        if ids:
            owned = _owned_assigned_outside(None).params(params)
            found += _count_up_to(rows(True).where(
                not_(scope_filter(actor, Body.path)),
                Assignment.task_id.in_(ids if len(ids) <= FEW_ROWS else owned)),
                cap + 1 - found)
    return capped(found, cap)


@cache
def _owned_assigned_outside(limit: int | None):
    """The tasks owned in the scope (`scope_params`) with assignments outside the subtree of
    its body (`scope_body_id`), built once: building it cost more than running it (about
    4 ms of Python on every count below the root that stays under the cap)."""
    owned = select(Task.id).where(in_first(
        Task.owner_body_id, select(_owner.id).where(scope_range_condition(_owner.path)))
    ).offset(0).subquery()
    return (select(owned.c.id)
            .where(assigned_outside(owned.c.id, bindparam("scope_body_id"))).limit(limit))


def _probes_words(conditions: list) -> bool:
    """Whether a condition probes the sets of a common word's tasks (_words_found)."""
    sets = inspect(_word_task).selectable
    return any(sets in find_tables(c, include_aliases=True) for c in conditions)


# A subtree of at most this many bodies has a common word's matches counted body by body.
FEW_BODIES = 2000


def _by_bodies(actor) -> list:
    """The assignments of the actor's subtree found by their bodies, read first as ids, when
    they are few (a second form of the scope: the same rows), for a count of common words.
    Alone, the scope let PostgreSQL count them by a sequential scan with a LIMIT, which
    starts wherever another scan of the table left off (synchronized scans): a province's
    count read 30,000 or 300,000 assignments, 20 or 250 ms by turns; body by body, 16 ms.
    Other counts are driven by their own conditions' indexes."""
    if actor.body.parent_id is None:
        return []  # the root's subtree is about every assignment
    ids = list(db.session.scalars(subtree_bodies(actor, Body).limit(FEW_BODIES + 1)))
    return [Assignment.body_id.in_(ids)] if len(ids) <= FEW_BODIES else []


def _count_up_to(stmt, limit: int) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.limit(limit).subquery()))


def _at_most(stmt, limit: int) -> bool:
    return _count_up_to(stmt, limit + 1) <= limit


@cache
def _reviewed_tasks():
    """The tasks whose submitted reports a coordinator accepts or returns: owned in their
    scope; a sub-task (forwarded, tracker/chain) only when it is their own body's, as
    permissions.can_manage_task decides. Two sets, each read through its index (as one
    OR, PostgreSQL read every task). Built once: the coordinator is bind parameters
    (_reviewer_params)."""
    owner = aliased(Body, name="inbox_owner")
    owners = select(owner.id).where(scope_range_condition(owner.path))  # the path index
    return union_all(
        select(Task.id).where(in_first(Task.owner_body_id, owners),
                              Task.parent_assignment_id.is_(None)),
        select(Task.id).where(Task.owner_body_id == bindparam("reviewer_body_id"),
                              Task.parent_assignment_id.is_not(None)))


def _reviewer_params(actor) -> dict:
    return {**scope_params(actor), "reviewer_body_id": actor.body_id}


@cache
def _waiting():
    """The submitted reports of the tasks a coordinator reviews (_reviewer_params), from
    the partial index of submitted reports (migration 0018), the tasks read first
    (database.in_first): as IN, PostgreSQL judged a province's 100 tasks to be 1,700 and
    read every submitted report of the country (3.8 ms on every page a coordinator opens).
    No visibility filter is needed: every assignment of a task owned in scope is visible
    (an OR over every submitted report took 40 ms)."""
    return and_(Assignment.status == SUBMITTED, in_first(Assignment.task_id, _reviewed_tasks()))


def inbox(actor):
    """Chờ tiếp nhận: the reports waiting for this coordinator, the longest waiting first.
    The page's assignments are found and sorted alone, then their task, directive and
    bodies read for those few: joined first, PostgreSQL hashed every body and task of the
    country to sort a province's 559 reports (12.5 ms)."""
    return (select(Assignment).where(_waiting())
            .options(selectinload(Assignment.body),
                     selectinload(Assignment.task).options(
                         selectinload(Task.directive), selectinload(Task.owner_body)))
            .order_by(Assignment.submitted_on, Assignment.last_activity_at, Assignment.id)
            .params(_reviewer_params(actor)))


def inbox_count(actor) -> tuple[int, bool]:
    """The count in the menu, (count, exact): on every page a coordinator opens; above the
    lists' cap it says "hơn 10.000" as the lists do. One statement built once: the ids of
    the tasks read first by the application cost more in Python than in SQL (about 100
    parameters rendered and bound)."""
    cap = count_cap()
    return capped(db.session.scalar(_waiting_count(cap), _reviewer_params(actor)), cap)


@cache
def _waiting_count(cap: int):
    return select(func.count()).select_from(
        select(Assignment.id).where(_waiting()).limit(cap + 1).subquery())


def get_assignment(actor, assignment_id: int) -> Assignment | None:
    return db.session.scalar(_assignment_by_id(),
                             {**scope_params(actor), "assignment_id": assignment_id})


@dataclass
class AssignmentPage:
    figures: list
    dialogues: list
    attachments: list
    extension_requests: list
    history: list
    users: dict  # id -> User, for who uploaded or asked

    def frozen(self, attachment) -> bool:
        """Submitted with a report: no longer removed or replaced."""
        submitted = next((h.at for h in self.history if h.action == "submitted"), None)
        return submitted is not None and attachment.uploaded_at <= submitted

    def return_entry(self, assignment: Assignment):
        """The latest "returned" entry while the report is back with the unit: its reason
        goes at the top of the page, not at the bottom of the history."""
        if assignment.status != "returned":
            return None
        return next((h for h in self.history if h.action == "returned"), None)


def assignment_page(assignment: Assignment) -> AssignmentPage:
    """Everything the assignment page shows, in a fixed number of queries."""
    aid = assignment.id
    figures = list(db.session.scalars(
        select(Figure).where(Figure.assignment_id == aid).order_by(Figure.name)))
    dialogues = list(db.session.scalars(
        select(Dialogue).where(Dialogue.assignment_id == aid).order_by(Dialogue.held_on)))
    attachments = list(db.session.scalars(
        select(Attachment).where(Attachment.assignment_id == aid,
                                 Attachment.removed_at.is_(None))
        .order_by(Attachment.uploaded_at.desc())))
    requests = list(db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.assignment_id == aid)
        .order_by(ExtensionRequest.requested_at.desc())))
    history = history_of("assignment", aid)
    user_ids = {a.uploaded_by_id for a in attachments} \
        | {r.requested_by_id for r in requests} | {r.decided_by_id for r in requests}
    user_ids.discard(None)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))} \
        if user_ids else {}
    return AssignmentPage(figures, dialogues, attachments, requests, history, users)


def get_attachment(assignment: Assignment, attachment_id: int) -> Attachment | None:
    return db.session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.assignment_id == assignment.id))


def get_extension_request(assignment: Assignment, request_id: int) -> ExtensionRequest | None:
    return db.session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.id == request_id, ExtensionRequest.assignment_id == assignment.id))


def assignments_of_task(actor, task: Task) -> list[Assignment]:
    """The task's assignments the actor may see, lead first then by body name."""
    return list(db.session.scalars(
        visible_assignments(actor).where(Assignment.task_id == task.id)
        .order_by(case((Assignment.role == "lead", 0), else_=1), Body.name)))
