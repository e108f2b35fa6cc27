"""Who may open and change what on the figure pages, for every role (as tests/
test_permissions.py does for the core blueprints): outside the scope 404, visible but not
theirs 403, allowed 200/302, anonymous to /login, no CSRF token 400; refusals write nothing."""
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, csrf_token, login, shared_data
from tests.test_permissions import LOGIN, ROLES, Case, expect
from tracker.extensions import db
from tracker.figures.templates import attach_template, copy_library_template
from tracker.history.models import HistoryEntry

READ_A = expect(200, officer_y=404, coord_b=404)
READ_TEMPLATE_A = expect(200, coord_b=404)      # a Ban's template: its subtree reads it
MANAGE = expect(403, coord_a=302, officer_y=404, coord_b=404)
REPORT = expect(403, officer_x=302, officer_y=404, coord_b=404)
COPY = expect(403, coord_a=302, coord_b=302)
EDIT_TEMPLATE = expect(403, coord_a=302, coord_b=404)


@shared_data
def world(two_provinces, make_directive, make_task, make_assignment):
    cast = two_provinces
    coord = cast.users["coord_a"]
    task = make_task(directive=make_directive(actor=coord), actor=coord)
    template = copy_library_template("so_tong_ket", actor=coord, now=NOW)
    plain = make_task(directive=make_directive(actor=coord), actor=coord, title="Khác")
    attach_template(task, template, actor=coord, now=NOW)
    assignment = make_assignment(task=task, body=cast.x)
    db.session.commit()
    return SimpleNamespace(users=cast.users, task_id=task.id, plain_id=plain.id,
                           template_id=template.id, assignment_id=assignment.id,
                           version=assignment.version)


def _template_form(w):
    return {"name": "Sơ kết (sửa)", "description": "", "version": "1",
            "i-0-code": "da_to_chuc", "i-0-name": "Đã tổ chức", "i-0-type": "boolean",
            "i-1-code": "hoi_nghi", "i-1-name": "Hội nghị", "i-1-type": "integer",
            "i-1-unit": "hội nghị"}


CASES = [
    Case("figures.template_list", "GET", lambda w: "/figure-templates/", expect(200)),
    Case("figures.copy_library", "POST", lambda w: "/figure-templates/library/doi_thoai/copy",
         COPY),
    Case("figures.copy", "POST", lambda w: f"/figure-templates/{w.template_id}/copy",
         expect(403, coord_a=302, coord_b=404)),
    Case("figures.edit_template", "GET", lambda w: f"/figure-templates/{w.template_id}",
         READ_TEMPLATE_A),
    Case("figures.edit_template", "POST", lambda w: f"/figure-templates/{w.template_id}",
         EDIT_TEMPLATE, _template_form),
    Case("figures.attach", "POST", lambda w: f"/tasks/{w.plain_id}/figure-template",
         expect(403, coord_a=302, officer_x=404, officer_y=404, coord_b=404),
         lambda w: {"template": "library:dan_van_kheo"}),
    Case("figures.form", "GET", lambda w: f"/assignments/{w.assignment_id}/figure-form",
         READ_A),
    Case("figures.form", "POST", lambda w: f"/assignments/{w.assignment_id}/figure-form",
         REPORT, lambda w: {"version": str(w.version), "v-da_to_chuc": "co",
                            "v-hoi_nghi": "1.234"}),
    Case("figures.task_rollup", "GET", lambda w: f"/tasks/{w.task_id}/rollup", READ_A),
    Case("figures.assignment_rollup", "GET",
         lambda w: f"/assignments/{w.assignment_id}/rollup", READ_A),
    # Allowed, but nothing below was accepted yet: refused with a message, nothing written.
    Case("figures.adopt", "POST", lambda w: f"/assignments/{w.assignment_id}/rollup/adopt",
         REPORT, lambda w: {"version": str(w.version)}),
]
NO_CHANGE = {"figures.adopt"}


def test_every_route_has_a_permission_case(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("figures.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == {(case.endpoint, case.method) for case in CASES}


def _history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission(client, world, case, role):
    if role != "anon":
        login(client, world.users[role])
    expected = case.expected[role]
    before = _history_count()
    data = case.data(world)
    if case.method == "POST":
        refused = client.post(case.url(world), data=data)
        assert refused.status_code == 400
        data["csrf_token"] = csrf_token(client, "/login" if role == "anon" else "/profile")
    response = client.open(case.url(world), method=case.method, data=data)
    body = response.get_data(as_text=True)
    if expected == LOGIN:
        assert response.status_code == 302 and response.headers["Location"].startswith(
            "/login")
    else:
        assert response.status_code == expected, body[:2000]
    if case.method == "GET" or response.status_code in (400, 403, 404) \
            or case.endpoint in NO_CHANGE:
        assert _history_count() == before
    elif response.status_code == 302 and expected != LOGIN:
        assert _history_count() > before
