"""A small chain world: the central Ban gives a task to two provinces; province A has a
department and two communes (one with a hamlet-level unit below it), province B one commune."""
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies


@pytest.fixture
def chain_world(make_body, make_user, make_directive, make_task):
    root = make_body("Ban Tuyên giáo và Dân vận Trung ương", kind="ban_dan_van",
                     level="trung_uong")
    a = make_body("Tỉnh Lào Cai", parent=root)
    b = make_body("Tỉnh Lạng Sơn", parent=root)
    dept = make_body("Sở Nội vụ tỉnh Lào Cai", parent=a, kind="so_nganh")
    x1 = make_body("Đảng ủy xã Y Tý", parent=a, kind="cap_uy", level="xa")
    x2 = make_body("Đảng ủy phường Cam Đường", parent=a, kind="cap_uy", level="xa")
    x1u = make_body("Chi bộ thôn Lao Chải", parent=x1, kind="cap_uy", level="xa")
    y1 = make_body("Đảng ủy xã Mai Pha", parent=b, kind="cap_uy", level="xa")
    users = SimpleNamespace(
        central=make_user("coordinator", body=root),
        central_leader=make_user("leader", body=root),
        coord_a=make_user("coordinator", body=a),
        leader_a=make_user("leader", body=a),
        coord_b=make_user("coordinator", body=b),
        coord_x1=make_user("coordinator", body=x1),
        officer_x1=make_user("officer", body=x1),
        officer_x2=make_user("officer", body=x2),
        officer_dept=make_user("officer", body=dept),
        officer_y1=make_user("officer", body=y1),
    )
    directive = make_directive(actor=users.central, number="01-KH/BTGDVTW",
                               issued_on=date(2026, 1, 5), issuer="Ban Bí thư")
    task = make_task(directive=directive, actor=users.central, title="Sơ kết kế hoạch",
                     due_on=date(2026, 12, 31))
    top = assign_bodies(task, [a, b], lead=None, due_on=None, actor=users.central, now=NOW)
    db.session.commit()
    by_body = {x.body_id: x for x in top}
    return SimpleNamespace(root=root, a=a, b=b, dept=dept, x1=x1, x2=x2, x1u=x1u, y1=y1,
                           users=users, directive=directive, task=task,
                           assignment_a=by_body[a.id], assignment_b=by_body[b.id])


def load_assignment(assignment_id):
    """An assignment with what the chain operations read (task, directive, body) loaded."""
    from sqlalchemy.orm import joinedload

    from tracker.tasks.models import Task
    db.session.expire_all()
    return db.session.scalar(select(Assignment).where(Assignment.id == assignment_id).options(
        joinedload(Assignment.body), joinedload(Assignment.task).joinedload(Task.directive)))
