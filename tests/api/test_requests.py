"""What the API does with good and bad requests: the same operations as the pages, problem
documents that name the field, nothing half-written, conflicts on a stale version,
filters, pagination in a stable order."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.api.conftest import bearer, history_count
from tests.conftest import login
from tracker.assignments.models import Assignment
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.tasks.models import Task


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot() -> tuple:
    return (count(Directive), count(Task), count(Assignment), history_count())


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    document = response.get_json()
    assert document["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(document)
    return document


NEW_DIRECTIVE = {"number": "15-ĐA/TU", "kind": "de_an", "issuer": "Tỉnh ủy Lào Cai",
                 "issued_on": "15/05/2022", "title": "Đề án dân vận khéo"}


# ---- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, field", [
    ('{"number": "15-ĐA/TU",', "body"),             # cut short
    ("[1, 2]", "body"),                              # not an object
    ('{"number": NaN}', "body"),                     # not JSON
    (b"\xff\xfe{}", "body"),                         # not UTF-8
])
def test_malformed_json_is_refused_naming_the_body(client, world, raw, field):
    before = snapshot()
    response = client.post("/api/v1/directives", data=raw, content_type="application/json",
                           headers=bearer(world.tokens["coord_a"]))
    document = problem(response, 422 if raw == "[1, 2]" else 400)
    assert field in document["errors"] and "Nội dung yêu cầu" in document["errors"][field]
    assert snapshot() == before


def test_wrong_types_unknown_fields_and_missing_ones_are_named(client, world):
    before = snapshot()
    response = client.post("/api/v1/directives", headers=bearer(world.tokens["coord_a"]),
                           json={"number": 15, "kind": "de_an", "issued_on": True,
                                 "title": "Đề án", "colour": "đỏ"})
    errors = problem(response, 422)["errors"]
    assert errors["number"] == "Số, ký hiệu: cần một chuỗi ký tự."
    assert errors["issued_on"].startswith("Ngày ban hành:")
    assert errors["colour"] == "colour: trường này không được hỗ trợ."
    assert errors["issuer"] == "Cơ quan ban hành: không được để trống."
    assert snapshot() == before


def test_an_impossible_date_is_refused_naming_the_field(client, world):
    """Seed 004 cites "Đề án số 15-ĐA/TU, ngày 15/15/2022"."""
    before = snapshot()
    response = client.post("/api/v1/directives", headers=bearer(world.tokens["coord_a"]),
                           json={**NEW_DIRECTIVE, "issued_on": "15/15/2022"})
    errors = problem(response, 422)["errors"]
    assert errors == {"issued_on": "Ngày ban hành: ngày “15/15/2022” không hợp lệ (tháng 15 "
                                   "không tồn tại)."}
    assert snapshot() == before


def test_dates_as_dd_mm_yyyy_or_iso(client, world):
    token = bearer(world.tokens["coord_a"])
    for issued_on, number in (("15/05/2022", "15-ĐA/TU"), ("2022-05-16", "16-ĐA/TU")):
        response = client.post("/api/v1/directives", headers=token,
                               json={**NEW_DIRECTIVE, "number": number, "issued_on": issued_on})
        assert response.status_code == 201, response.get_json()
    assert response.get_json()["issued_on"] == "2022-05-16"
    assert response.headers["Location"].endswith(f"/api/v1/directives/{response.get_json()['id']}")


def test_too_large_body_and_wrong_media_type(client, world):
    before = snapshot()
    token = bearer(world.tokens["coord_a"])
    huge = json.dumps({**NEW_DIRECTIVE, "summary": "x" * 200_000})
    errors = problem(client.post("/api/v1/directives", data=huge,
                                 content_type="application/json", headers=token), 413)["errors"]
    assert "Nội dung yêu cầu: không quá 128 KB." == errors["body"]
    form = client.post("/api/v1/directives", data=NEW_DIRECTIVE, headers=token)
    assert "Content-Type" in problem(form, 415)["errors"]
    assert snapshot() == before


def test_a_text_too_long_for_its_field(client, world):
    response = client.post("/api/v1/directives", headers=bearer(world.tokens["coord_a"]),
                           json={**NEW_DIRECTIVE, "number": "9" * 61})
    assert problem(response, 422)["errors"] == {"number": "Số, ký hiệu: không quá 60 ký tự."}


def test_a_rule_of_the_operation_is_a_problem_document_too(client, world):
    """Registering the same number twice: the directive operation's own message."""
    token = bearer(world.tokens["coord_a"])
    response = client.post("/api/v1/directives", headers=token,
                           json={**NEW_DIRECTIVE, "number": "33-CT/TU"})
    assert "number" in problem(response, 422)["errors"]


# ---- tasks with their assignments --------------------------------------------------------

def test_a_task_and_its_assignments_in_one_call(client, world):
    response = client.post("/api/v1/tasks", headers=bearer(world.tokens["coord_a"]), json={
        "directive_id": world.directive_id, "kind": "so_ket", "review_years": 3,
        "title": "Sơ kết 03 năm thực hiện Chỉ thị 33-CT/TU", "due_on": "30/10/2020",
        "body_ids": [world.x.id, world.y.id], "lead_id": world.y.id})
    assert response.status_code == 201, response.get_json()
    task = response.get_json()
    assert task["due_on"] == "2020-10-30" and task["review_years"] == 3
    roles = {a["body"]["id"]: a["role"] for a in task["assignments"]}
    assert roles == {world.x.id: "support", world.y.id: "lead"}
    assert all(a["state"] == "overdue" for a in task["assignments"])
    assert client.get(response.headers["Location"],
                      headers=bearer(world.tokens["coord_a"])).get_json() == task


def test_a_task_whose_assignment_fails_is_not_written_at_all(client, world):
    """A body of another province: neither the task nor any assignment is kept."""
    before = snapshot()
    response = client.post("/api/v1/tasks", headers=bearer(world.tokens["coord_a"]), json={
        "directive_id": world.directive_id, "kind": "ke_hoach", "title": "Kế hoạch",
        "due_on": "2027-01-31", "body_ids": [world.x.id, world.b.id]})
    assert "body_ids" in problem(response, 422)["errors"]
    response = client.post("/api/v1/tasks", headers=bearer(world.tokens["coord_a"]), json={
        "directive_id": world.directive_id, "kind": "ke_hoach", "title": "Kế hoạch",
        "due_on": "2027-01-31", "body_ids": [world.x.id], "lead_id": world.y.id})
    assert "lead_id" in problem(response, 422)["errors"]
    response = client.post("/api/v1/tasks", headers=bearer(world.tokens["coord_a"]), json={
        "directive_id": world.directive_id, "kind": "ke_hoach", "title": "Kế hoạch",
        "due_on": "2010-01-31", "body_ids": [world.x.id]})
    assert "due_on" in problem(response, 422)["errors"]
    assert snapshot() == before


# ---- progress, conflicts, the report workflow ------------------------------------------

def test_progress_with_the_version_read_and_a_stale_one(client, world):
    token = bearer(world.tokens["officer_x"])
    url = f"/api/v1/assignments/{world.open_id}"
    version = client.get(url, headers=token).get_json()["version"]
    saved = client.post(f"{url}/progress", headers=token,
                        json={"progress": 60, "note": "Đã họp triển khai", "version": version})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["progress"] == 60 and saved.get_json()["version"] == version + 1
    before = snapshot()
    stale = client.post(f"{url}/progress", headers=token,
                        json={"progress": 80, "version": version})
    assert "version" in problem(stale, 409)["errors"]
    assert snapshot() == before
    assert client.get(url, headers=token).get_json()["progress"] == 60
    history = client.get(f"{url}/history", headers=token).get_json()
    assert history["items"][0]["action"] == "progress"
    assert history["items"][0]["note"] == "Đã họp triển khai"
    assert history["items"][0]["changes"]["progress"] == [0, 60]


def test_wrong_types_on_progress(client, world):
    before = snapshot()
    response = client.post(f"/api/v1/assignments/{world.open_id}/progress",
                           headers=bearer(world.tokens["officer_x"]),
                           json={"progress": "60", "version": 1.5, "extra": None})
    assert problem(response, 422)["errors"] == {
        "progress": "Tiến độ (%): cần một số nguyên.",
        "version": "Phiên bản: cần một số nguyên.",
        "extra": "extra: trường này không được hỗ trợ."}
    over = client.post(f"/api/v1/assignments/{world.open_id}/progress",
                       headers=bearer(world.tokens["officer_x"]),
                       json={"progress": 101, "version": world.open_version})
    assert problem(over, 422)["errors"] == {
        "progress": "Tiến độ (%): cần một số từ 0 đến 100."}
    assert snapshot() == before


def test_submit_then_accept_or_a_second_decision_conflicts(client, world):
    officer, coordinator = bearer(world.tokens["officer_x"]), bearer(world.tokens["coord_a"])
    url = f"/api/v1/assignments/{world.open_id}"
    version = client.get(url, headers=officer).get_json()["version"]
    submitted = client.post(f"{url}/submit", headers=officer,
                            json={"note": "Báo cáo kết quả", "version": version})
    assert submitted.get_json()["status"] == "submitted"
    accepted = client.post(f"{url}/accept", headers=coordinator, json={})
    assert accepted.get_json()["status"] == "done"
    assert accepted.get_json()["state"] == "done_late"  # deadline 01/11/2026, today 22/11
    again = client.post(f"{url}/return", headers=coordinator, json={"reason": "Thiếu"})
    assert "status" in problem(again, 409)["errors"]


# ---- lists -------------------------------------------------------------------------------

def _ids(client, url, token):
    response = client.get(url, headers=token)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_assignment_filters(client, world):
    token = bearer(world.tokens["coord_a"])
    assert _ids(client, "/api/v1/assignments?overdue=true", token) == [world.open_id]
    assert _ids(client, "/api/v1/assignments?overdue=false", token) == [world.submitted_id]
    assert _ids(client, "/api/v1/assignments?state=overdue", token) == [world.open_id]
    assert _ids(client, "/api/v1/assignments?status=submitted", token) == [world.submitted_id]
    assert set(_ids(client, f"/api/v1/assignments?body_id={world.a.id}", token)) == {
        world.open_id, world.submitted_id}
    assert _ids(client, f"/api/v1/assignments?body_id={world.y.id}", token) == []
    assert len(_ids(client, f"/api/v1/assignments?directive_id={world.directive_id}",
                    token)) == 2
    assert _ids(client, "/api/v1/assignments?due_from=01/11/2026&due_to=2026-11-01",
                token) == [world.open_id]
    assert _ids(client, "/api/v1/assignments?q=so bo", token) == [world.submitted_id]


@pytest.mark.parametrize("query, field", [
    ("due_from=2026-12-01&due_to=2026-11-01", "due_to"),
    ("due_from=15/15/2022", "due_from"),
    ("state=late", "state"),
    ("per_page=101", "per_page"),
    ("page=0", "page"),
    ("overdue=yes", "overdue"),
    ("colour=red", "colour"),
    ("status=done&status=submitted", "status"),
])
def test_bad_list_parameters_are_named(client, world, query, field):
    response = client.get(f"/api/v1/assignments?{query}", headers=bearer(world.tokens["coord_a"]))
    assert field in problem(response, 400)["errors"]


def test_a_body_outside_scope_as_a_filter(client, world):
    response = client.get(f"/api/v1/assignments?body_id={world.b.id}",
                          headers=bearer(world.tokens["coord_a"]))
    assert "body_id" in problem(response, 400)["errors"]


def test_pages_are_stable_and_complete(client, world, make_task, make_assignment):
    for n in range(5):  # same deadline: only the final sort by id orders them
        make_assignment(task=make_task(directive=db.session.get(Directive, world.directive_id),
                                       actor=world.users["coord_a"], title=f"Việc {n}"),
                        body=world.y, due_on=date(2026, 12, 31))
    token = bearer(world.tokens["coord_a"])
    first = client.get("/api/v1/assignments?per_page=3", headers=token).get_json()
    assert (first["total"], first["pages"], first["per_page"]) == (7, 3, 3)
    seen = []
    for page in (1, 2, 3):
        seen += _ids(client, f"/api/v1/assignments?per_page=3&page={page}", token)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7
    assert seen == _ids(client, "/api/v1/assignments?per_page=100", token)
    assert _ids(client, "/api/v1/assignments?per_page=3&page=9", token) == []


def test_directive_search_without_diacritics_and_bodies_in_tree_order(client, world):
    token = bearer(world.tokens["officer_x"])
    assert _ids(client, "/api/v1/directives?q=tao hon", token) == [world.directive_id]
    assert _ids(client, "/api/v1/bodies", token) == [world.x.id]
    assert _ids(client, "/api/v1/bodies", bearer(world.tokens["coord_a"])) == [
        world.a.id, world.x.id, world.y.id]


# ---- errors are never an HTML page under /api/ -----------------------------------------

def test_not_found_and_method_not_allowed(client, world):
    token = bearer(world.tokens["coord_a"])
    problem(client.get("/api/v1/nothing-here", headers=token), 404)
    problem(client.get("/api/v1/assignments/99999999999", headers=token), 404)
    refused = client.delete(f"/api/v1/assignments/{world.open_id}", headers=token)
    problem(refused, 405)
    assert refused.headers["Allow"] == "GET, HEAD, OPTIONS" or "GET" in refused.headers["Allow"]


def test_a_server_error_is_a_problem_document_and_writes_nothing(app, client, world,
                                                                  monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr("tracker.api.views.assignments.operations.update_progress", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    before = snapshot()
    response = client.post(f"/api/v1/assignments/{world.open_id}/progress",
                           headers=bearer(world.tokens["officer_x"]),
                           json={"progress": 10, "version": world.open_version})
    assert problem(response, 500)["title"] == "Lỗi hệ thống"
    assert snapshot() == before


# ---- the browser's session ---------------------------------------------------------------

def test_a_session_reads_but_cannot_write_without_a_token(client, world):
    """The API is exempt from CSRF checks only because cookie-only writes are refused."""
    login(client, world.users["officer_x"])
    assert client.get(f"/api/v1/assignments/{world.open_id}").status_code == 200
    before = snapshot()
    response = client.post(f"/api/v1/assignments/{world.open_id}/progress",
                           json={"progress": 10, "version": world.open_version})
    assert "Authorization" in problem(response, 401)["errors"]
    assert snapshot() == before


@pytest.mark.parametrize("title", ["Đề án\u0000", "Đề án \ud800"])
def test_text_no_database_can_store_is_refused(client, world, title):
    before = snapshot()
    raw = json.dumps({**NEW_DIRECTIVE, "title": title})  # ASCII escapes, as clients send
    response = client.post("/api/v1/directives", data=raw, content_type="application/json",
                           headers=bearer(world.tokens["coord_a"]))
    assert problem(response, 422)["errors"] == {
        "title": "Trích yếu: chứa ký tự không hợp lệ."}
    assert snapshot() == before


def test_a_list_runs_the_same_statements_whatever_its_length(client, world, make_task,
                                                             make_assignment):
    """Everything a page of assignments shows is loaded up front (no lazy load per row)."""
    from tests.conftest import counted_queries
    token = bearer(world.tokens["coord_a"])
    client.get("/api/v1/assignments", headers=token)  # the token's last use is noted once
    with counted_queries() as short:
        client.get("/api/v1/assignments?per_page=1", headers=token)
    for n in range(4):
        make_assignment(task=make_task(directive=db.session.get(Directive, world.directive_id),
                                       actor=world.users["coord_a"], title=f"Việc {n}"),
                        body=world.y)
    with counted_queries() as long:
        response = client.get("/api/v1/assignments?per_page=100", headers=token)
    assert len(response.get_json()["items"]) == 6
    assert len(long) == len(short)
