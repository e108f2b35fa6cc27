"""Forwarding an assignment: the sub-task, its assignments, the chain columns, the signal
and the bad inputs (nothing written)."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW
from tracker.assignments.models import Assignment
from tracker.chain.operations import forward_assignment, propose_sub_deadline
from tracker.chain.signals import assignment_forwarded
from tracker.core.errors import ConflictError, ValidationError
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.reminders.calendar import WorkCalendar
from tracker.tasks.models import Task


def _forward(world, assignment, bodies, *, actor=None, due=date(2026, 12, 15), lead=None,
             title="Sơ kết kế hoạch (cấp xã)"):
    return forward_assignment(load_assignment(assignment.id), {
        "title": title, "description": "Theo kế hoạch của Tỉnh", "due_on": due,
        "bodies": bodies, "lead": lead}, actor=actor or world.users.coord_a, now=NOW)


def test_forward_creates_sub_task_owned_by_the_forwarding_body(chain_world):
    w = chain_world
    seen = []

    def receiver(sender, **kw):
        seen.append((sender.id, kw["sub_task"].id, sorted(a.body_id for a in kw["assignments"])))
    with assignment_forwarded.connected_to(receiver):
        sub = _forward(w, w.assignment_a, [w.x1, w.x2, w.dept], lead=w.x1)
    db.session.commit()
    assert sub.owner_body_id == w.a.id
    assert sub.parent_assignment_id == w.assignment_a.id
    assert sub.root_task_id == w.task.id and sub.chain_depth == 1
    assert (sub.directive_id, sub.kind) == (w.task.directive_id, w.task.kind)
    rows = db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id)).all()
    assert {r.body_id: r.role for r in rows} == {w.x1.id: "lead", w.x2.id: "support",
                                                w.dept.id: "support"}
    assert all(r.due_on == date(2026, 12, 15) for r in rows)
    assert seen == [(w.assignment_a.id, sub.id, sorted([w.x1.id, w.x2.id, w.dept.id]))]
    history = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.entity == "assignment", HistoryEntry.entity_id == w.assignment_a.id,
        HistoryEntry.action == "forwarded")).all()
    assert len(history) == 1 and history[0].changes["sub_task_id"] == sub.id


def test_forward_any_depth_keeps_the_root(chain_world):
    w = chain_world
    sub = _forward(w, w.assignment_a, [w.x1])
    db.session.commit()
    [x1_assignment] = db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id))
    deeper = _forward(w, x1_assignment, [w.x1u], actor=w.users.coord_x1, due=date(2026, 12, 8))
    db.session.commit()
    assert deeper.root_task_id == w.task.id and deeper.chain_depth == 2
    assert deeper.owner_body_id == w.x1.id
    assert deeper.parent_assignment_id == x1_assignment.id


def _counts():
    return (db.session.scalar(select(func.count()).select_from(Task)),
            db.session.scalar(select(func.count()).select_from(Assignment)),
            db.session.scalar(select(func.count()).select_from(HistoryEntry)))


@pytest.mark.parametrize("case, field, words", [
    ("late", "due_on", "không được sau hạn của phân công cấp trên (31/12/2026)"),
    ("itself", "body_ids", "không giao tiếp cho chính đơn vị mình"),
    ("outside", "body_ids", "không thuộc các đơn vị trực thuộc Tỉnh Lào Cai"),
    ("none", "body_ids", "chọn ít nhất một đơn vị"),
    ("no_title", "title", "Tên nhiệm vụ"),
])
def test_bad_forward_writes_nothing(chain_world, case, field, words):
    w = chain_world
    before = _counts()
    bodies = {"itself": [w.a], "outside": [w.y1], "none": []}.get(case, [w.x1])
    due = date(2027, 1, 5) if case == "late" else date(2026, 12, 15)
    with pytest.raises(ValidationError) as error:
        _forward(w, w.assignment_a, bodies, due=due, title="" if case == "no_title" else "T")
    db.session.rollback()
    assert words in error.value.errors[field]
    assert _counts() == before


def test_finished_assignment_cannot_be_forwarded(chain_world):
    w = chain_world
    w.assignment_a.status, w.assignment_a.completed_on = "done", date(2026, 11, 1)
    db.session.commit()
    before = _counts()
    with pytest.raises(ConflictError) as error:
        _forward(w, w.assignment_a, [w.x1])
    db.session.rollback()
    assert "đã hoàn thành" in error.value.errors["status"]
    assert _counts() == before


def test_proposed_sub_deadline_is_working_days_before_and_never_after():
    class A:
        effective_due_on = date(2026, 12, 31)  # a Thursday
    calendar = WorkCalendar({date(2026, 12, 28)})
    # 5 working days back, skipping the weekend and the holiday: 30, 29, 25, 24, 23.
    assert propose_sub_deadline(A, today=date(2026, 11, 22), calendar=calendar) \
        == date(2026, 12, 23)
    assert propose_sub_deadline(A, today=date(2026, 12, 29), calendar=calendar) \
        == date(2026, 12, 29)
    assert propose_sub_deadline(A, today=date(2027, 1, 10), calendar=calendar) \
        == date(2026, 12, 31)
    assert propose_sub_deadline(A, today=date(2026, 11, 22), calendar=calendar,
                                lead_days=0) == date(2026, 12, 31)
