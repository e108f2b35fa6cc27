"""Sums over ranges of deadlines: whole years from the yearly sums, days from the daily
histogram; and the overdue review's figures (aging buckets, list total) against a recount."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.state import state_of
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status import overdue, queries
from tracker.status.filters import StatusFilters
from tracker.status.models import BUCKETS, StatusCount
from tracker.status.sums import OPEN, split, sums, terms


@pytest.mark.parametrize("start, end, years, days", [
    (None, None, (None, None), []),
    # Before 22/11/2026: every year up to 2026, minus the 40 days left of 2026.
    (None, date(2026, 11, 22), (None, 2026), [(date(2026, 11, 22), date(2027, 1, 1), -1)]),
    (None, date(2026, 3, 1), (None, 2025), [(date(2026, 1, 1), date(2026, 3, 1), 1)]),
    (date(2026, 1, 1), date(2027, 1, 1), (2026, 2026), []),
    (date(2026, 1, 1), date(2026, 7, 1), None, [(date(2026, 1, 1), date(2026, 7, 1), 1)]),
    (date(2020, 3, 1), date(2026, 11, 22), (2020, 2026),
     [(date(2020, 1, 1), date(2020, 3, 1), -1), (date(2026, 11, 22), date(2027, 1, 1), -1)]),
    (date(2026, 5, 1), None, (2026, None), [(date(2026, 1, 1), date(2026, 5, 1), -1)]),
    (date(2025, 8, 15), date(2026, 3, 1), None,
     [(date(2025, 8, 15), date(2026, 1, 1), 1), (date(2026, 1, 1), date(2026, 3, 1), 1)]),
    (date(2026, 3, 10), date(2026, 12, 20), (2026, 2026),
     [(date(2026, 1, 1), date(2026, 3, 10), -1), (date(2026, 12, 20), date(2027, 1, 1), -1)]),
    (date(2026, 5, 1), date(2026, 5, 1), None, []),
    (date(2026, 5, 2), date(2026, 5, 1), None, []),
])
def test_a_range_splits_into_whole_years_and_days(start, end, years, days):
    assert split(start, end) == (years, days)


def test_years_and_days_count_each_day_of_the_range_once():
    rng = random.Random(4)
    days = [date(2017, 1, 1) + timedelta(days=i) for i in range(365 * 8)]
    for _ in range(400):
        start, end = (rng.choice([None, *days[366:-366]]) for _ in range(2))
        years, pieces = split(start, end)
        for day in days:
            counted = bool(years and (years[0] is None or day.year >= years[0])
                           and (years[1] is None or day.year <= years[1]))
            counted += sum(sign for lo, hi, sign in pieces if lo <= day < hi)
            inside = (start is None or day >= start) and (end is None or day < end)
            assert counted == inside, (start, end, day)


def test_the_total_minus_what_follows_counts_a_range_open_towards_the_past():
    rng = random.Random(5)
    days = [date(2017, 1, 1) + timedelta(days=i) for i in range(365 * 8)]
    for _ in range(300):
        start, end = rng.choice([None, None, *days[366:-366]]), rng.choice([None, *days[366:-366]])
        total, years, pieces = terms(start, end)
        assert total == (start is None)
        for day in days:
            counted = total
            if years is not None:
                (first, last), sign = years
                counted += sign * ((first is None or day.year >= first)
                                   and (last is None or day.year <= last))
            counted += sum(sign for lo, hi, sign in pieces if lo <= day < hi)
            inside = (start is None or day >= start) and (end is None or day < end)
            assert counted == inside, (start, end, day)


@pytest.fixture
def demo(demo_data):
    """The demo as of NOW."""


def overdue_days(node: Body, today: date) -> list[tuple[date, int]]:
    """(deadline, days overdue) of every overdue assignment in the node's subtree."""
    paths = dict(db.session.execute(select(Body.id, Body.path)).all())
    return [(a.effective_due_on, (today - a.effective_due_on).days)
            for a in db.session.scalars(select(Assignment))
            if paths[a.body_id].startswith(node.path) and state_of(a, today) == "overdue"]


def test_sums_of_several_ranges_at_once_match_the_daily_counts(demo):
    """Totals, years and days, with and without children, several ranges in one statement:
    equal to adding up the daily histogram in Python."""
    rng = random.Random(6)
    counts = [(r.node_id, r.bucket, r.deadline, r.n) for r in db.session.scalars(
        select(StatusCount))]
    deadlines = sorted({deadline for _, _, deadline, _ in counts})
    nodes = list(db.session.scalars(select(Body).where(Body.level.in_(("trung_uong", "tinh")))))
    for _ in range(40):
        node = rng.choice(nodes)
        children = rng.random() < 0.5
        ids = {node.id} | ({b.id for b in queries.children_of(node)} if children else set())
        ranges = {}
        for name in ("a", "b", "c"):
            start, end = (rng.choice([None, rng.choice(deadlines),
                                      rng.choice(deadlines) + timedelta(days=rng.randrange(-3, 4))])
                          for _ in range(2))
            ranges[name] = ((start, end), rng.choice([BUCKETS, OPEN, ("done_late",)]))
        expected: dict = {}
        for node_id, bucket, deadline, n in counts:
            for name, ((start, end), buckets) in ranges.items():
                if node_id in ids and bucket in buckets and (start is None or deadline >= start) \
                        and (end is None or deadline < end):
                    cell = expected.setdefault((node_id, bucket), dict.fromkeys(ranges, 0))
                    cell[name] += n
        found = {key: cell for key, cell in sums(node, ranges, children=children).items()
                 if any(cell.values())}
        assert found == {key: cell for key, cell in expected.items() if any(cell.values())}, \
            ranges


FILTERS = [StatusFilters(), StatusFilters(year=2026), StatusFilters(year=2026, half=2),
           StatusFilters(year=2025, half=1),
           StatusFilters(start=date(2025, 8, 15), end=date(2026, 10, 31)),
           StatusFilters(task_kind="so_ket")]


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2027, 3, 1), date(2027, 1, 1)])
def test_overdue_ages_and_totals_match_a_recount(demo, today):
    nodes = list(db.session.scalars(select(Body).where(Body.level.in_(("trung_uong", "tinh")))))
    checked, seen = 0, 0
    for node in nodes:
        found = overdue_days(node, today)
        seen += len(found)
        ages = overdue.overdue_figures(node, today, StatusFilters())[0]
        for age, (low, high) in overdue.AGES.items():
            assert ages[age] == sum(low <= days and (high is None or days <= high)
                                    for _, days in found), (node.name, age)
        for filters in FILTERS[:-1]:  # periods (tests/status/test_overdue.py: every filter)
            start, end = filters.deadline_range
            for age in ["", *overdue.AGES]:
                total = overdue.overdue_figures(node, today, filters, age)[1]
                low, high = overdue.AGES.get(age, (1, None))
                assert total == sum(
                    (start is None or due >= start) and (end is None or due <= end)
                    and low <= days and (high is None or days <= high)
                    for due, days in found), (node.name, filters, age)
                checked += 1
    assert seen and checked > 50


def test_the_pager_total_is_what_the_overdue_list_holds(demo):
    from sqlalchemy import func

    from tracker.auth.models import User
    today = date(2026, 11, 22)
    for email in ("trunguong@demo.vn", "lanhdao.langson@demo.vn"):
        leader = db.session.scalar(select(User).where(User.email == email))
        for filters in FILTERS:
            for age in ["", *overdue.AGES]:
                listed = overdue.overdue_list(leader, today, filters, age=age)
                count = db.session.scalar(select(func.count()).select_from(listed.subquery()))
                assert overdue.overdue_figures(leader.body, today, filters, age)[1] == count, \
                    (email, filters, age)
