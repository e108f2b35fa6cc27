"""Derived states: overdue and done late come from dates, in Vietnam's calendar."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from tests.conftest import NOW, TODAY
from tracker.assignments.models import Assignment
from tracker.assignments.state import (
    days_left,
    days_overdue,
    is_open,
    is_overdue,
    open_clause,
    overdue_clause,
    overdue_deadlines,
    started,
    state_expression,
    state_of,
)
from tracker.core.time import add_years, vn_today
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.tasks.operations import propose_review

DUE = date(2026, 11, 22)
DAY = timedelta(days=1)


def assignment(*, status="in_progress", due_on=DUE, extended_due_on=None, completed_on=None):
    return Assignment(status=status, due_on=due_on, extended_due_on=extended_due_on,
                      completed_on=completed_on, submitted_on=completed_on)


# ---- overdue ---------------------------------------------------------------------------

def test_deadline_today_is_not_overdue_tomorrow_it_is():
    a = assignment()
    assert state_of(a, DUE) == "in_progress"
    assert days_overdue(a, DUE) == 0
    assert state_of(a, DUE + DAY) == "overdue"
    assert days_overdue(a, DUE + DAY) == 1
    assert days_overdue(a, DUE + 10 * DAY) == 10


@pytest.mark.parametrize("status", ["not_started", "in_progress", "submitted", "returned"])
def test_every_open_status_becomes_overdue(status):
    """A report waiting for the Ban's decision is still not done."""
    assert state_of(assignment(status=status), DUE + DAY) == "overdue"


def test_not_started_until_the_unit_does_something():
    assert state_of(assignment(status="not_started"), DUE - DAY) == "not_started"
    assert state_of(assignment(status="in_progress"), DUE - DAY) == "in_progress"
    assert state_of(assignment(status="returned"), DUE - DAY) == "in_progress"


# ---- done on time / late ---------------------------------------------------------------

def test_done_on_the_deadline_is_on_time_a_day_after_is_late():
    on_time = assignment(status="done", completed_on=DUE)
    late = assignment(status="done", completed_on=DUE + DAY)
    for today in (DUE, DUE + 30 * DAY):
        assert state_of(on_time, today) == "done_on_time"
        assert state_of(late, today) == "done_late"
        assert days_overdue(late, today) == 0  # done is never overdue, even late


def test_an_extension_moves_both_overdue_and_done_late():
    extended = DUE + 10 * DAY
    open_ = assignment(extended_due_on=extended)
    assert state_of(open_, DUE + DAY) == "in_progress"
    assert state_of(open_, extended) == "in_progress"
    assert state_of(open_, extended + DAY) == "overdue"
    assert days_overdue(open_, extended + 3 * DAY) == 3

    assert state_of(assignment(status="done", extended_due_on=extended,
                               completed_on=DUE + 5 * DAY), extended) == "done_on_time"
    assert state_of(assignment(status="done", extended_due_on=extended,
                               completed_on=extended + DAY), extended) == "done_late"


# ---- the same rule in SQL --------------------------------------------------------------

VARIANTS = [
    {"status": "not_started"},
    {"status": "in_progress"},
    {"status": "submitted"},
    {"status": "returned"},
    {"status": "in_progress", "extended_due_on": DUE + 5 * DAY},
    {"status": "done", "completed_on": DUE},
    {"status": "done", "completed_on": DUE + DAY},
    {"status": "done", "completed_on": DUE - 30 * DAY},
    {"status": "done", "completed_on": DUE + 3 * DAY, "extended_due_on": DUE + 5 * DAY},
    {"status": "done", "completed_on": DUE + 6 * DAY, "extended_due_on": DUE + 5 * DAY},
]


def test_state_expression_agrees_with_state_of(make_task, make_assignment):
    task = make_task(due_on=DUE)
    ids = []
    for variant in VARIANTS:
        row = make_assignment(task=task, role="support")
        for name, value in variant.items():
            setattr(row, name, value)
        ids.append(row.id)
    db.session.commit()

    for today in (DUE - DAY, DUE, DUE + DAY, DUE + 5 * DAY, DUE + 6 * DAY):
        in_sql = dict(db.session.execute(
            select(Assignment.id, state_expression(today)).where(Assignment.id.in_(ids))).all())
        in_python = {a.id: state_of(a, today) for a in db.session.scalars(
            select(Assignment).where(Assignment.id.in_(ids)))}
        assert in_sql == in_python, today
        overdue_in_sql = set(db.session.scalars(
            select(Assignment.id).where(Assignment.id.in_(ids), overdue_clause(today))))
        assert overdue_in_sql == {i for i, state in in_python.items() if state == "overdue"}
    open_in_sql = set(db.session.scalars(
        select(Assignment.id).where(Assignment.id.in_(ids), open_clause())))
    assert open_in_sql == {a.id for a in db.session.scalars(
        select(Assignment).where(Assignment.id.in_(ids))) if is_open(a.status)}
    # The variants really cover every state.
    seen = {state_of(db.session.get(Assignment, i), today)
            for i in ids for today in (DUE - DAY, DUE + DAY)}
    assert seen == {"overdue", "not_started", "in_progress", "done_on_time", "done_late"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_derived_value_agrees_with_state_of(variant):
    """Days overdue, days left, the histogram's bucket read against the overdue range of
    deadlines: each says what state_of says."""
    from tracker.status.histogram import bucket_of
    a = assignment(**variant)
    for today in (DUE - DAY, DUE, DUE + DAY, DUE + 5 * DAY, DUE + 6 * DAY):
        state = state_of(a, today)
        assert is_overdue(a, today) == (state == "overdue")
        assert (days_overdue(a, today) > 0) == (state == "overdue")
        if state == "overdue":
            assert days_overdue(a, today) == -days_left(a, today)
        bucket = bucket_of(a.status, a.completed_on, a.effective_due_on)
        start, end = overdue_deadlines(today)
        past = (start is None or a.effective_due_on >= start) and a.effective_due_on < end
        from_histogram = bucket if bucket.startswith("done") else "overdue" if past else \
            bucket.replace("open_started", "in_progress").replace("open_", "")
        assert from_histogram == state, (variant, today)


# ---- review deadlines ------------------------------------------------------------------

def test_review_of_a_directive_issued_on_29_february():
    directive = Directive(number="01-CT/TU", kind="chi_thi", issuer="Tỉnh ủy Lào Cai",
                          issued_on=date(2024, 2, 29), title="Thử nghiệm")
    title, due = propose_review(directive, "so_ket", 1)
    assert title == ("Sơ kết 01 năm thực hiện Chỉ thị số 01-CT/TU, ngày 29/02/2024 "
                     "của Tỉnh ủy Lào Cai")
    assert due == date(2025, 2, 28)
    title, due = propose_review(directive, "tong_ket", 4)
    assert title.startswith("Tổng kết 04 năm thực hiện Chỉ thị số 01-CT/TU")
    assert due == date(2028, 2, 29)


def test_add_years():
    assert add_years(date(2017, 10, 30), 3) == date(2020, 10, 30)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2009, 12, 3), 10) == date(2019, 12, 3)


# ---- "today" is the date in Vietnam ----------------------------------------------------

def test_today_is_the_date_in_vietnam():
    assert vn_today(datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)) == date(2026, 11, 22)
    assert vn_today(datetime(2026, 11, 21, 16, 59, tzinfo=timezone.utc)) == date(2026, 11, 21)
    assert vn_today(datetime(2026, 11, 21, 17, 0, tzinfo=timezone.utc)) == date(2026, 11, 22)
    assert vn_today(NOW) == TODAY


def test_overdue_starts_at_midnight_in_vietnam_not_utc():
    a = assignment(due_on=date(2026, 11, 21))
    late_evening_in_vietnam = datetime(2026, 11, 21, 16, 30, tzinfo=timezone.utc)  # 23:30
    still_21_in_utc = datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)  # 06:30 on the 22nd
    assert state_of(a, vn_today(late_evening_in_vietnam)) == "in_progress"
    assert state_of(a, vn_today(still_21_in_utc)) == "overdue"


# ---- one home: no module restates the statuses these rules read -------------------------

RULED = {"done", "not_started", "in_progress", "submitted"}  # what state.py decides from


def _restated(path) -> list[int]:
    """Lines comparing a `.status` with one of the ruled codes written out, or setting it
    to "in_progress" (state.started decides when work has started)."""
    import ast
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) \
                and node.left.attr == "status":
            values = [c for comp in node.comparators
                      for c in (comp.elts if isinstance(comp, (ast.Tuple, ast.List)) else [comp])]
            if any(isinstance(v, ast.Constant) and v.value in RULED for v in values):
                found.append(node.lineno)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and node.value.value == "in_progress" \
                and any(isinstance(t, ast.Attribute) and t.attr == "status" or
                        isinstance(t, ast.Name) and t.id == "status" for t in node.targets):
            found.append(node.lineno)
    return found


def test_the_scan_sees_a_restated_status(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('done = a.status == "done"\nif a.status in ("submitted", "done"):\n'
                      '    a.status = "in_progress"\n', encoding="utf-8")
    assert _restated(sample) == [1, 2, 3]


def test_no_module_restates_the_statuses_state_decides_from():
    from pathlib import Path
    tracker = Path(__file__).resolve().parents[2] / "tracker"
    skip = {tracker / "assignments" / "state.py"} | set((tracker / "demo").rglob("*.py"))
    wrong = {str(p.relative_to(tracker)): lines for p in sorted(tracker.rglob("*.py"))
             if p not in skip and (lines := _restated(p))}
    assert wrong == {}


@pytest.mark.parametrize("status", ["not_started", "in_progress", "returned"])
def test_work_the_unit_touches_has_started(status):
    assert started(status) == ("in_progress" if status == "not_started" else status)
