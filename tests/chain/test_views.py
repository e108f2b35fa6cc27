"""The forward form, the assignment page's chain panel, the task page's completion by kind
and the chain page: permissions of every route, bad input over HTTP, what the pages say."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, login, post
from tracker.assignments.models import Assignment
from tracker.chain.operations import forward_assignment
from tracker.extensions import db
from tracker.tasks.models import Task


def _forward(w, bodies, *, due=date(2026, 12, 15)):
    task = forward_assignment(load_assignment(w.assignment_a.id), {
        "title": "Sơ kết kế hoạch (cấp xã)", "description": "", "due_on": due,
        "bodies": bodies, "lead": None}, actor=w.users.coord_a, now=NOW)
    db.session.commit()
    return task


# who -> (GET forward form, POST forward, GET chain page of the top task)
CASES = {
    "central": (403, 403, 200),         # sees province A's assignment, is not its body
    "central_leader": (403, 403, 200),
    "coord_a": (200, 302, 200),         # the body that received it
    "leader_a": (403, 403, 200),
    "coord_b": (404, 404, 200),         # another province: A's assignment is out of scope
    "coord_x1": (404, 404, 404),        # a commune: neither the assignment nor the top task
    "officer_x1": (404, 404, 404),
}


@pytest.mark.parametrize("who", CASES)
def test_permissions_of_every_chain_route(chain_world, client, who):
    w = chain_world
    user = getattr(w.users, who)
    login(client, user)
    get_form, post_form, chain_page = CASES[who]
    url = f"/assignments/{w.assignment_a.id}/forward"
    assert client.get(url).status_code == get_form
    before = db.session.scalar(select(func.count()).select_from(Task))
    response = post(client, url, {"title": "Sơ kết", "due_on": "10/12/2026",
                                  "body_ids": [w.x1.id], "lead_id": 0})
    assert response.status_code == post_form, response.get_data(as_text=True)[:300]
    after = db.session.scalar(select(func.count()).select_from(Task))
    assert after == before + (1 if post_form == 302 else 0)
    assert client.get(f"/tasks/{w.task.id}/chain").status_code == chain_page
    assert client.get("/tasks/999999/chain").status_code == 404
    assert client.get("/assignments/999999/forward").status_code == 404


def test_the_form_proposes_the_parent_title_and_a_deadline_before_its_own(chain_world, client):
    w = chain_world
    login(client, w.users.coord_a)
    page = client.get(f"/assignments/{w.assignment_a.id}/forward").get_data(as_text=True)
    assert 'value="Sơ kết kế hoạch"' in page
    # 31/12/2026 is a Thursday: 5 working days before is Thursday 24/12.
    assert 'value="24/12/2026"' in page
    assert "Đảng ủy xã Y Tý" in page and "Đảng ủy xã Mai Pha" not in page


@pytest.mark.parametrize("case, status, words", [
    ("late", 422, "Hạn hoàn thành: không được sau hạn của phân công cấp trên (31/12/2026)"),
    ("itself", 422, "Đơn vị được giao: không giao tiếp cho chính đơn vị mình"),
    ("outside", 404, None),
    ("unknown", 404, None),
    ("bad_date", 422, "Hạn hoàn thành"),
    ("finished", 409, "phân công đã hoàn thành"),
])
def test_bad_forward_over_http_writes_nothing(chain_world, client, case, status, words):
    w = chain_world
    if case == "finished":
        w.assignment_a.status, w.assignment_a.completed_on = "done", date(2026, 11, 1)
        db.session.commit()
    login(client, w.users.coord_a)
    body = {"itself": w.a.id, "outside": w.y1.id, "unknown": 987654}.get(case, w.x1.id)
    due = {"late": "05/01/2027", "bad_date": "31/02/2026"}.get(case, "10/12/2026")
    before = (db.session.scalar(select(func.count()).select_from(Task)),
              db.session.scalar(select(func.count()).select_from(Assignment)))
    response = post(client, f"/assignments/{w.assignment_a.id}/forward",
                    {"title": "Sơ kết", "due_on": due, "body_ids": [body], "lead_id": 0})
    assert response.status_code == status
    if words:
        assert words in response.get_data(as_text=True)
    assert (db.session.scalar(select(func.count()).select_from(Task)),
            db.session.scalar(select(func.count()).select_from(Assignment))) == before


def test_every_body_of_a_kind_and_level(chain_world, client):
    w = chain_world
    login(client, w.users.coord_a)
    response = post(client, f"/assignments/{w.assignment_a.id}/forward",
                    {"title": "Sơ kết", "due_on": "10/12/2026", "pick_kind": "cap_uy",
                     "pick_level": "xa", "lead_id": 0})
    assert response.status_code == 302
    sub = db.session.scalar(select(Task).where(Task.parent_assignment_id == w.assignment_a.id))
    bodies = set(db.session.scalars(select(Assignment.body_id).where(
        Assignment.task_id == sub.id)))
    assert bodies == {w.x1.id, w.x2.id, w.x1u.id}  # not the department, not Lạng Sơn's


def test_parent_page_shows_sub_assignments_at_a_glance_and_who_is_missing(chain_world,
                                                                           client, app):
    w = chain_world
    sub = _forward(w, [w.x1, w.x2, w.dept])
    rows = {a.body_id: a for a in db.session.scalars(
        select(Assignment).where(Assignment.task_id == sub.id))}
    rows[w.x1.id].status, rows[w.x1.id].completed_on = "done", date(2026, 11, 20)
    rows[w.x1.id].submitted_on = date(2026, 11, 20)
    rows[w.dept.id].status, rows[w.dept.id].submitted_on = "submitted", date(2026, 11, 21)
    db.session.commit()
    login(client, w.users.central)
    page = client.get(f"/assignments/{w.assignment_a.id}").get_data(as_text=True)
    assert "Sơ kết kế hoạch (cấp xã)" in page
    assert "Hoàn thành đúng hạn: 1" in page and "Chưa thực hiện: 1" in page
    assert "Còn 1 đơn vị chưa nộp:" in page and "Đảng ủy phường Cam Đường" in page
    # The central Ban sees the chain but may not forward it.
    assert f"/assignments/{w.assignment_a.id}/forward" not in page
    # The sub-assignment's page: the breadcrumb up to the central task, read-only above.
    page = client.get(f"/assignments/{rows[w.dept.id].id}").get_data(as_text=True)
    assert "Chuỗi giao:" in page and f"/assignments/{w.assignment_a.id}" in page
    assert "Tiếp nhận (hoàn thành)" not in page  # the central Ban does not accept it
    client = login(app.test_client(), w.users.coord_a)
    page = client.get(f"/assignments/{rows[w.dept.id].id}").get_data(as_text=True)
    assert "Tiếp nhận (hoàn thành)" in page  # the forwarding body does


def test_forwarding_body_accepts_and_the_body_above_cannot(chain_world, client, app):
    w = chain_world
    sub = _forward(w, [w.x1])
    [row] = db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id))
    row.status, row.submitted_on = "submitted", date(2026, 11, 21)
    db.session.commit()
    login(client, w.users.central)
    assert post(client, f"/assignments/{row.id}/accept", {"r-note": ""}).status_code == 403
    client = login(app.test_client(), w.users.coord_a)
    assert post(client, f"/assignments/{row.id}/accept", {"r-note": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, row.id).status == "done"


def test_inbox_lists_a_sub_report_for_the_forwarding_body_only(chain_world, client, app):
    """Chờ tiếp nhận: the commune's report waits for the province, not for the centre."""
    w = chain_world
    sub = _forward(w, [w.x1])
    [row] = db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id))
    row.status, row.submitted_on = "submitted", date(2026, 11, 21)
    w.assignment_b.status, w.assignment_b.submitted_on = "submitted", date(2026, 11, 20)
    db.session.commit()
    from tracker.assignments.queries import inbox
    central = [a.id for a in db.session.scalars(inbox(w.users.central))]
    province = [a.id for a in db.session.scalars(inbox(w.users.coord_a))]
    assert central == [w.assignment_b.id]
    assert province == [row.id]
