"""The chain in the JSON API: forwarding with a token (same rules and refusals as the page,
problem documents naming the field, nothing written), the chain document, and completion
by kind of body in the task's JSON."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.api.conftest import bearer, make_token  # noqa: F401  (the fixture)
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.tasks.models import Task


def _counts():
    return (db.session.scalar(select(func.count()).select_from(Task)),
            db.session.scalar(select(func.count()).select_from(Assignment)))


def _forward(client, token, assignment_id, **body):
    data = {"title": "Sơ kết (cấp xã)", "due_on": "10/12/2026", **body}
    return client.post(f"/api/v1/assignments/{assignment_id}/forward", json=data,
                       headers=bearer(token))


def test_forward_and_read_the_chain(chain_world, client, make_token):  # noqa: F811
    w = chain_world
    token = make_token(w.users.coord_a)
    response = _forward(client, token, w.assignment_a.id, body_kind="cap_uy",
                        body_level="xa", lead_id=w.x1.id)
    assert response.status_code == 201, response.get_json()
    task = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/tasks/{task['id']}")
    assert {a["body"]["id"] for a in task["assignments"]} == {w.x1.id, w.x2.id, w.x1u.id}
    assert task["owner_body"]["id"] == w.a.id
    chain = client.get(f"/api/v1/tasks/{w.task.id}/chain",
                       headers=bearer(make_token(w.users.central))).get_json()
    assert [level["depth"] for level in chain["levels"]] == [0, 1]
    assert chain["levels"][0]["sentence"] == "0/2 tỉnh đã nộp"
    assert chain["levels"][1]["sentence"] == "0/3 xã đã hoàn thành"
    assert {r["assignment"]["id"]: r["sub_total"] for r in chain["rows"]} == {
        w.assignment_a.id: 3, w.assignment_b.id: 0}
    # The chain from a sub-task starts at its top; a province sees its own part only.
    mine = client.get(f"/api/v1/tasks/{task['id']}/chain", headers=bearer(token)).get_json()
    assert mine["task"]["id"] == w.task.id
    assert [r["assignment"]["id"] for r in mine["rows"]] == [w.assignment_a.id]
    other = client.get(f"/api/v1/tasks/{task['id']}/chain",
                       headers=bearer(make_token(w.users.coord_b)))
    assert other.status_code == 404  # Lạng Sơn does not see Lào Cai's sub-task
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=bearer(token)).get_json()
    assert detail["completion_by_kind"] == [
        {"key": "xa", "label": "xã", "total": 3, "submitted": 0, "done": 0, "overdue": 0}]
    assert detail["completion"] == "0/3 xã đã hoàn thành"


@pytest.mark.parametrize("case, status, field", [
    ("late", 422, "due_on"), ("itself", 422, "body_ids"), ("outside", 404, None),
    ("finished", 409, "status"), ("bad_lead", 422, "lead_id"), ("no_title", 422, "title"),
])
def test_bad_forward_is_a_problem_document_and_writes_nothing(chain_world, client, make_token,  # noqa: F811
                                                              case, status, field):
    w = chain_world
    if case == "finished":
        w.assignment_a.status, w.assignment_a.completed_on = "done", date(2026, 11, 1)
        db.session.commit()
    before = _counts()
    body = {"body_ids": [{"itself": w.a.id, "outside": w.y1.id}.get(case, w.x1.id)]}
    if case == "late":
        body["due_on"] = "2027-01-05"
    if case == "bad_lead":
        body["lead_id"] = w.x2.id
    if case == "no_title":
        body["title"] = None
    response = _forward(client, make_token(w.users.coord_a), w.assignment_a.id, **body)
    assert response.status_code == status, response.get_json()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    if field:
        assert field in response.get_json()["errors"]
    assert _counts() == before
