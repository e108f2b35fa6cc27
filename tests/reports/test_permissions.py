"""Who may download which draft report, for every role (as tests/test_permissions.py does
for the core blueprints): outside the scope 404, in scope 200 with the file, anonymous to
/login, an unknown format 422 naming the parameter; nothing is ever written."""
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, shared_data
from tests.test_permissions import LOGIN, ROLES, Case, expect
from tracker.extensions import db
from tracker.figures.templates import attach_template, copy_library_template
from tracker.history.models import HistoryEntry
from tracker.reports.layout import DOCX_MIMETYPE
from tracker.status.exports import XLSX_MIMETYPE

READ_A = expect(200, officer_y=404, coord_b=404)
BAD_FORMAT = expect(422, officer_y=404, coord_b=404)


@shared_data
def world(two_provinces, make_directive, make_task, make_assignment):
    cast = two_provinces
    coord = cast.users["coord_a"]
    task = make_task(directive=make_directive(actor=coord), actor=coord)
    attach_template(task, copy_library_template("so_tong_ket", actor=coord, now=NOW),
                    actor=coord, now=NOW)
    plain = make_task(directive=make_directive(actor=coord), actor=coord, title="Khác")
    assignment = make_assignment(task=task, body=cast.x)
    make_assignment(task=plain, body=cast.x)
    db.session.commit()
    return SimpleNamespace(users=cast.users, task_id=task.id, plain_id=plain.id,
                           assignment_id=assignment.id)


CASES = [
    Case("reports.task", "GET", lambda w: f"/tasks/{w.task_id}/report", READ_A),
    Case("reports.task", "GET", lambda w: f"/tasks/{w.task_id}/report?format=xlsx", READ_A),
    Case("reports.task", "GET", lambda w: f"/tasks/{w.plain_id}/report", READ_A),
    Case("reports.task", "GET", lambda w: f"/tasks/{w.task_id}/report?format=pdf",
         BAD_FORMAT),
    Case("reports.assignment", "GET", lambda w: f"/assignments/{w.assignment_id}/report",
         READ_A),
    Case("reports.assignment", "GET",
         lambda w: f"/assignments/{w.assignment_id}/report?format=xlsx", READ_A),
]


def test_every_route_has_a_permission_case(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("reports.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == {(case.endpoint, case.method) for case in CASES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.url(SimpleNamespace(
    task_id="T", plain_id="P", assignment_id="A")))
def test_permission(client, world, case, role):
    if role != "anon":
        login(client, world.users[role])
    expected = case.expected[role]
    before = db.session.scalar(select(func.count()).select_from(HistoryEntry))
    response = client.get(case.url(world))
    body = response.get_data()
    response.close()
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected, body[:2000]
    if response.status_code == 200:
        xlsx = "format=xlsx" in case.url(world)
        assert response.mimetype == (XLSX_MIMETYPE if xlsx else DOCX_MIMETYPE)
        assert body[:2] == b"PK"  # a zip: .docx and .xlsx both are
    if response.status_code == 422:
        assert "Định dạng" in body.decode()
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry)) == before
