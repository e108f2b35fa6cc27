"""Every cell of the status tables equals a plain Python recount, on the demo dataset
(merged bodies, extensions, done late, periods cutting across deadlines)."""
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.state import state_of
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status import queries
from tracker.status.filters import StatusFilters
from tracker.tasks.models import Task

TODAYS = [date(2026, 11, 22), date(2027, 3, 1)]  # "overdue" moves with the day alone


@pytest.fixture
def demo(demo_data):
    """The demo as of NOW."""


def recount(node: Body, filters: StatusFilters, today: date) -> dict:
    """The expected table, from every assignment, one by one."""
    bodies = {b.id: b for b in db.session.scalars(select(Body))}
    tasks = {t.id: t for t in db.session.scalars(select(Task))}
    start, end = filters.deadline_range
    table: dict = {}
    for a in db.session.scalars(select(Assignment)):
        body, task = bodies[a.body_id], tasks[a.task_id]
        if not body.path.startswith(node.path):
            continue
        due = a.effective_due_on
        if (start and due < start) or (end and due > end) \
                or (filters.directive_id and task.directive_id != filters.directive_id) \
                or (filters.task_kind and task.kind != filters.task_kind) \
                or (filters.body_kind and body.kind != filters.body_kind) \
                or (filters.body_level and body.level != filters.body_level):
            continue
        rest = body.path[len(node.path):]
        key = int(rest.split("/")[0]) if rest else None
        table.setdefault(key, Counter())[state_of(a, today)] += 1
    return {k: +v for k, v in table.items() if sum(v.values())}


def shown(node, filters, today) -> dict:
    rows, total = queries.status_rows(node, filters, today)
    table = {(None if r.direct else r.body.id): +r.counts for r in rows if r.assigned}
    assert sum((+r.counts for r in rows), Counter()) == +total.counts
    return table


def nodes():
    root = db.session.scalar(select(Body).where(Body.parent_id.is_(None)))
    provinces = list(db.session.scalars(select(Body).where(Body.parent_id == root.id)))
    deeper = list(db.session.scalars(select(Body).where(Body.level == "huyen").limit(3)))
    return [root, *provinces, *deeper]


FILTERS = [StatusFilters(), StatusFilters(year=2026), StatusFilters(year=2026, half=1),
           StatusFilters(year=2020, half=2),
           StatusFilters(start=date(2026, 11, 1), end=date(2026, 12, 31)),
           StatusFilters(task_kind="so_ket"), StatusFilters(body_level="xa"),
           StatusFilters(body_kind="so_nganh", year=2026)]


@pytest.mark.parametrize("today", TODAYS)
def test_every_cell_matches_a_recount(demo, today):
    checked = 0
    for node in nodes():
        for filters in FILTERS:
            assert shown(node, filters, today) == recount(node, filters, today), \
                (node.name, filters)
            checked += 1
    assert checked > 40


def test_directive_filter_and_the_histogram_agree_with_live_counts(demo):
    directive_ids = db.session.scalars(select(Task.directive_id).distinct()).all()
    root = nodes()[0]
    for directive_id in directive_ids:
        filters = StatusFilters(directive_id=directive_id, year=2026)
        assert shown(root, filters, TODAYS[0]) == recount(root, filters, TODAYS[0])


def test_merged_province_counts_inside_its_successor(demo):
    thai_nguyen = db.session.scalar(select(Body).where(Body.name == "Tỉnh Thái Nguyên"))
    bac_kan = db.session.scalar(select(Body).where(Body.name == "Tỉnh Bắc Kạn"))
    assert bac_kan.parent_id == thai_nguyen.id and not bac_kan.active
    table = shown(thai_nguyen, StatusFilters(), TODAYS[0])
    assert sum(table[bac_kan.id].values()) > 0
