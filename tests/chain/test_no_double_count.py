"""Status pages never count an assignment twice. What counts: every assignment once, in
the row of the body that received it (and in the subtree totals of the bodies above it).
A sub-assignment is an assignment of the forwarding level: the province's row counts the
assignment it received from the centre and, once each, those it gave its communes; the
province's own assignment is not counted again for each sub-assignment, and a forward
changes no count of the assignment forwarded."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, TODAY
from tracker.assignments.models import Assignment
from tracker.chain.operations import forward_assignment
from tracker.extensions import db
from tracker.status.filters import StatusFilters
from tracker.status.queries import status_rows


def _assigned(node, filters):
    rows, total = status_rows(node, filters, TODAY)
    return {(r.body.name, r.direct): r.assigned for r in rows}, total.assigned


@pytest.mark.parametrize("filters", [StatusFilters(), StatusFilters(year=2026),
                                     StatusFilters(task_kind="ke_hoach")],
                         ids=["histogram", "year", "live"])
def test_each_assignment_once_at_its_body(chain_world, filters):
    w = chain_world
    before = _assigned(w.root, filters)
    sub = forward_assignment(load_assignment(w.assignment_a.id), {
        "title": "Kế hoạch cấp xã", "description": "", "due_on": date(2026, 12, 15),
        "bodies": [w.x1, w.x2, w.dept], "lead": None}, actor=w.users.coord_a, now=NOW)
    db.session.commit()
    [x1_row] = db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id,
                                                           Assignment.body_id == w.x1.id))
    forward_assignment(load_assignment(x1_row.id), {
        "title": "Kế hoạch chi bộ", "description": "", "due_on": date(2026, 12, 10),
        "bodies": [w.x1u], "lead": None}, actor=w.users.coord_x1, now=NOW)
    db.session.commit()
    rows, total = _assigned(w.root, filters)
    assert before == ({("Tỉnh Lào Cai", False): 1, ("Tỉnh Lạng Sơn", False): 1}, 2)
    # Province A: its own assignment + three sub-assignments + one below a commune.
    assert rows == {("Tỉnh Lào Cai", False): 5, ("Tỉnh Lạng Sơn", False): 1}
    assert total == db.session.scalar(select(func.count()).select_from(Assignment)) == 6
    rows, total = _assigned(w.a, filters)
    assert rows == {("Sở Nội vụ tỉnh Lào Cai", False): 1, ("Đảng ủy xã Y Tý", False): 2,
                    ("Đảng ủy phường Cam Đường", False): 1, ("Tỉnh Lào Cai", True): 1}
    assert total == 5
    rows, total = _assigned(w.x1, filters)
    assert rows == {("Chi bộ thôn Lao Chải", False): 1, ("Đảng ủy xã Y Tý", True): 1}
