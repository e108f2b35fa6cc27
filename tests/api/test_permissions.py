"""Who may call what in the JSON API: every operation, for a token of every role, a token
of another province (404), a revoked token (401), a read-only token (403 on a write), the
browser's session (reads only) and nobody (401). Refusals write nothing; allowed writes
leave a history entry. Every answer that is not 2xx is a problem document."""
from dataclasses import dataclass, field
from typing import Callable

import pytest

from tests.api.conftest import bearer, history_count
from tests.conftest import login
from tracker.api.views.docs import SWAGGER_FILES

ROLES = ["coord_a", "leader_a", "officer_x", "officer_y", "coord_b", "admin"]
# Callers besides the roles: (token key or None, acts like which role for reads).
OTHERS = {"anon": None, "revoked": None, "coord_a_ro": "coord_a",
          "officer_x_ro": "officer_x", "session": "coord_a"}


def expect(default, **roles) -> dict:
    answers = {role: default for role in ROLES}
    answers.update(roles)
    return answers


READ = expect(200)
READ_X = expect(200, officer_y=404, coord_b=404)          # objects given to body X
READ_DIRECTIVE_A = expect(200, coord_b=404)
READ_A = expect(200, officer_x=404, officer_y=404, coord_b=404)  # province A itself
REGISTER = expect(403, coord_a=201, coord_b=201)
DERIVE = expect(403, coord_a=201, coord_b=422)             # B cannot see A's directive
REPORT = expect(403, officer_x=200, officer_y=404, coord_b=404)
MANAGE = expect(403, coord_a=200, officer_y=404, coord_b=404)


@dataclass
class Case:
    endpoint: str
    method: str
    url: Callable
    expected: dict
    body: Callable = field(default=lambda w: None)

    def __str__(self):
        return f"{self.endpoint}-{self.method}-{self.url.__name__}"


def _directive(w):
    return {"number": "18-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
            "issued_on": "15/09/2016", "title": "Dân vận trong cơ quan hành chính"}


def _task(w):
    return {"directive_id": w.directive_id, "kind": "ke_hoach", "title": "Kế hoạch năm 2027",
            "due_on": "2027-03-31", "body_ids": [w.x.id, w.y.id], "lead_id": w.x.id}


CASES = [
    Case("api.list_bodies", "GET", lambda w: "/api/v1/bodies", READ),
    Case("api.show_body", "GET", lambda w: f"/api/v1/bodies/{w.a.id}", READ_A),
    Case("api.show_body", "GET", lambda w: f"/api/v1/bodies/{w.x.id}", READ_X),
    Case("api.list_directives", "GET", lambda w: "/api/v1/directives?q=tao hon", READ),
    Case("api.show_directive", "GET", lambda w: f"/api/v1/directives/{w.directive_id}",
         READ_DIRECTIVE_A),
    Case("api.register_directive", "POST", lambda w: "/api/v1/directives", REGISTER,
         _directive),
    Case("api.list_tasks", "GET", lambda w: "/api/v1/tasks", READ),
    Case("api.show_task", "GET", lambda w: f"/api/v1/tasks/{w.task_id}", READ_X),
    # Forwarding is for the coordinators of the body assigned (X has none: tests/chain).
    Case("api.forward_down", "POST", lambda w: f"/api/v1/assignments/{w.open_id}/forward",
         expect(403, coord_b=404), lambda w: {"title": "Giao tiếp", "due_on": "2026-10-01",
                                               "body_ids": [w.y.id]}),
    Case("api.task_chain", "GET", lambda w: f"/api/v1/tasks/{w.task_id}/chain", READ_X),
    Case("api.create_task_with_assignments", "POST", lambda w: "/api/v1/tasks", DERIVE,
         _task),
    Case("api.list_assignments", "GET", lambda w: "/api/v1/assignments?overdue=true", READ),
    Case("api.show_assignment", "GET", lambda w: f"/api/v1/assignments/{w.open_id}", READ_X),
    Case("api.assignment_history", "GET",
         lambda w: f"/api/v1/assignments/{w.open_id}/history", READ_X),
    Case("api.update_progress", "POST", lambda w: f"/api/v1/assignments/{w.open_id}/progress",
         REPORT, lambda w: {"progress": 40, "note": "Đã họp triển khai",
                            "version": w.open_version}),
    Case("api.submit_report", "POST", lambda w: f"/api/v1/assignments/{w.open_id}/submit",
         REPORT, lambda w: {"note": "Báo cáo kết quả", "version": w.open_version}),
    Case("api.accept_report", "POST",
         lambda w: f"/api/v1/assignments/{w.submitted_id}/accept", MANAGE,
         lambda w: {"note": "Đạt yêu cầu"}),
    Case("api.return_report", "POST",
         lambda w: f"/api/v1/assignments/{w.submitted_id}/return", MANAGE,
         lambda w: {"reason": "Thiếu số liệu"}),
    Case("api.show_figures", "GET", lambda w: f"/api/v1/assignments/{w.open_id}/figures",
         READ_X),
    Case("api.save_figures", "PUT", lambda w: f"/api/v1/assignments/{w.open_id}/figures",
         REPORT, lambda w: {"version": w.open_version,
                            "values": {"da_to_chuc": True, "hoi_nghi": "1.234"}}),
    Case("api.assignment_rollup", "GET",
         lambda w: f"/api/v1/assignments/{w.open_id}/rollup", READ_X),
    Case("api.task_rollup", "GET", lambda w: f"/api/v1/tasks/{w.task_id}/rollup", READ_X),
    Case("api.task_report_file", "GET", lambda w: f"/api/v1/tasks/{w.task_id}/report",
         READ_X),
    Case("api.task_report_file", "GET",
         lambda w: f"/api/v1/tasks/{w.task_id}/report?format=xlsx", READ_X),
    Case("api.task_report_file", "GET",
         lambda w: f"/api/v1/tasks/{w.task_id}/report?format=pdf",
         expect(400)),  # the query string is checked before the task is looked up
    Case("api.assignment_report_file", "GET",
         lambda w: f"/api/v1/assignments/{w.open_id}/report?format=xlsx", READ_X),
    Case("api.indicator_templates", "GET", lambda w: "/api/v1/indicator-templates", READ),
    Case("stats_api.stats_table", "GET", lambda w: "/api/v1/stats/provinces", READ),
    Case("stats_api.stats_body_table", "GET", lambda w: f"/api/v1/stats/bodies/{w.a.id}",
         READ_A),
    Case("stats_api.stats_overdue", "GET", lambda w: "/api/v1/stats/overdue", READ),
    Case("stats_api.stats_directive", "GET",
         lambda w: f"/api/v1/stats/directives/{w.directive_id}", READ_DIRECTIVE_A),
    Case("stats_api.stats_dialogues", "GET",
         lambda w: f"/api/v1/stats/dialogues?body_id={w.a.id}", READ_A),
]
# Public: the document and its reference page need no token.
PUBLIC = {("api_docs.openapi_json", "GET"), ("api_docs.docs", "GET"),
          ("api_docs.swagger_file", "GET")}


def test_every_api_route_has_a_permission_case(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(case.endpoint, case.method) for case in CASES}
    assert routes - listed - PUBLIC == set(), "API routes without a permission case"
    assert listed - routes == set()


def _expected(case, caller: str):
    if caller in ROLES:
        return case.expected[caller]
    if caller in ("anon", "revoked"):
        return 401
    writes = case.method != "GET"
    if caller == "session":
        return 401 if writes else case.expected["coord_a"]
    return 403 if writes else case.expected[OTHERS[caller]]  # read-only tokens


def _call(client, case, w, caller: str):
    headers = {}
    if caller in w.tokens:
        headers = bearer(w.tokens[caller])
    body = case.body(w)
    return client.open(case.url(w), method=case.method, headers=headers,
                       json=body if body is not None else None)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission(client, world, case):
    """Refused callers first (nothing may change), then each allowed one."""
    callers = ROLES + list(OTHERS)
    callers.sort(key=lambda c: 200 <= _expected(case, c) < 300)
    wrong = []
    for caller in callers:
        if caller == "session":
            login(client, world.users["coord_a"])
        before = history_count()
        response = _call(client, case, world, caller)
        expected = _expected(case, caller)
        document = response.get_json(silent=True)
        if response.status_code != expected:
            wrong.append(f"{caller}: {response.status_code} != {expected} "
                         f"{response.get_data(as_text=True)[:300]}")
        elif expected >= 400:
            assert response.mimetype == "application/problem+json", caller
            assert document["status"] == expected and document["title"] and \
                document["detail"] and isinstance(document["errors"], dict), document
            assert history_count() == before, f"{caller}: a refusal wrote history"
        elif case.method != "GET":
            assert history_count() > before, f"{caller}: an allowed write left no history"
        if caller == "session":
            client.post("/logout", data={"csrf_token": _csrf(client)})
    assert wrong == [], "\n".join(wrong)


def _csrf(client):
    from tests.conftest import csrf_token
    return csrf_token(client, "/profile")


def test_public_document_and_reference_page(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "swagger-ui" in page.get_data(as_text=True)
    for name in SWAGGER_FILES:
        response = client.get(f"/api/v1/docs/{name}")
        response.close()  # a file is sent open
        assert response.status_code == 200, name
    assert client.get("/api/v1/docs/index.html").status_code == 404
