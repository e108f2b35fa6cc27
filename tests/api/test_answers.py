"""The API's answer for an assignment is written out for speed (schemas.assignment_answer,
read from a plain row for GET, from the saved assignment for a write): it must be exactly
what the Assignment schema dumps, in every state. A read and a write of an assignment run
a fixed number of statements."""
from datetime import date

import pytest
from sqlalchemy import event

from tests.api.conftest import bearer
from tests.conftest import NOW, counted_queries, require_postgresql
from tracker.api.schemas import Assignment as AssignmentSchema
from tracker.assignments import operations
from tracker.assignments.queries import get_assignment
from tracker.directives.models import Directive
from tracker.extensions import db

LATER, PAST = date(2099, 12, 31), date(2026, 11, 1)


def _dumped(app, user, assignment_id: int) -> dict:
    """What the schema dumps for the assignment as loaded for its pages (the answer before
    it was written out)."""
    db.session.expire_all()
    with app.test_request_context():
        return AssignmentSchema().dump(get_assignment(user, assignment_id))


@pytest.fixture
def every_state(world, make_task, make_assignment):
    """One assignment of body X in each state the answer tells apart."""
    users = world.users
    officer, coordinator = users["officer_x"], users["coord_a"]
    directive = db.session.get(Directive, world.directive_id)
    made = {}

    def make(name, due_on, role="lead"):
        task = make_task(actor=coordinator, title=f"Nhiệm vụ {name}", due_on=due_on,
                         directive=directive)
        made[name] = make_assignment(task=task, body=world.x, role=role, due_on=due_on)
        return made[name]

    make("not_started", LATER, role="support")
    make("overdue", PAST)
    operations.update_progress(make("in_progress", LATER), {"progress": 40}, version=None,
                               actor=officer, now=NOW)
    operations.submit_report(make("submitted", LATER), note="Nộp", version=None,
                             actor=officer, now=NOW)
    returned = make("returned", LATER)
    operations.submit_report(returned, note="Nộp", version=None, actor=officer, now=NOW)
    operations.return_report(returned, reason="Thiếu số liệu", actor=coordinator, now=NOW)
    for name, due in (("done_on_time", LATER), ("done_late", PAST)):
        done = make(name, due)
        operations.submit_report(done, note="Nộp", version=None, actor=officer, now=NOW)
        operations.accept_report(done, note="", actor=coordinator, now=NOW)
    operations.extend_deadline(make("extended", PAST), {"new_due_on": LATER, "reason": "Lũ"},
                               actor=coordinator, now=NOW)
    db.session.commit()
    return {name: a.id for name, a in made.items()}


def test_the_read_answers_what_the_schema_dumps_in_every_state(app, client, world,
                                                               every_state):
    token = bearer(world.tokens["officer_x"])
    seen = set()
    for name, assignment_id in every_state.items():
        answer = client.get(f"/api/v1/assignments/{assignment_id}", headers=token)
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json() == _dumped(app, world.users["officer_x"], assignment_id), name
        seen.add((answer.get_json()["status"], answer.get_json()["state"]))
    # The cases do cover every status and every derived state.
    assert {status for status, _ in seen} == {"not_started", "in_progress", "submitted",
                                              "returned", "done"}
    assert {state for _, state in seen} == {"not_started", "overdue", "in_progress",
                                            "done_on_time", "done_late"}


@pytest.mark.parametrize("query", ["per_page=3", "per_page=3&page=2", "sort=-activity",
                                   "state=overdue&per_page=2"])
def test_the_list_answers_what_the_schema_dumps(app, client, world, every_state, query):
    """The list's page, its items written out as the read's, is the page schema's dump of
    the same assignments, with the same cursors and counts."""
    from tracker.api.schemas import page_of
    token = bearer(world.tokens["officer_x"])
    answer = client.get(f"/api/v1/assignments?{query}", headers=token).get_json()
    assert answer["items"] and answer["total"] >= len(answer["items"])
    db.session.expire_all()
    with app.test_request_context():
        dumped = page_of(AssignmentSchema)().dump(
            dict(answer, items=[get_assignment(world.users["officer_x"], item["id"])
                                for item in answer["items"]]))
    assert answer == dumped


def test_the_answer_of_a_write_is_what_the_schema_dumps(app, client, world, every_state):
    officer, coordinator = bearer(world.tokens["officer_x"]), bearer(world.tokens["coord_a"])
    url = f"/api/v1/assignments/{every_state['in_progress']}"
    version = client.get(url, headers=officer).get_json()["version"]
    saved = client.post(f"{url}/progress", headers=officer,
                        json={"progress": 70, "note": "Gần xong", "version": version})
    assert saved.status_code == 200 and saved.get_json()["progress"] == 70
    assert saved.get_json() == _dumped(app, world.users["officer_x"],
                                       every_state["in_progress"])
    url = f"/api/v1/assignments/{every_state['overdue']}"
    version = client.get(url, headers=officer).get_json()["version"]
    submitted = client.post(f"{url}/submit", headers=officer,
                            json={"note": "Báo cáo", "version": version})
    assert submitted.get_json()["status"] == "submitted"
    assert submitted.get_json() == _dumped(app, world.users["officer_x"],
                                           every_state["overdue"])
    accepted = client.post(f"{url}/accept", headers=coordinator, json={})
    assert accepted.get_json()["state"] == "done_late"
    assert accepted.get_json() == _dumped(app, world.users["coord_a"], every_state["overdue"])


def test_outside_the_scope_the_read_is_a_404(client, world, every_state):
    answer = client.get(f"/api/v1/assignments/{every_state['in_progress']}",
                        headers=bearer(world.tokens["officer_y"]))
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["detail"] == ("Phân công: không tìm thấy, hoặc nằm ngoài phạm "
                                           "vi của bạn.")


def test_a_read_and_a_write_run_a_fixed_number_of_statements(client, world, every_state):
    """GET: the rate counter, the token with its user, the assignment's row. A progress
    that stays in its status bucket: the same three (the assignment loaded for the
    operation), then its UPDATE and the history entry. (On PostgreSQL the rate counter runs
    on a connection of its own, outside the engine's pool and its events: see
    test_rate_limit.py.)"""
    token = bearer(world.tokens["officer_x"])
    url = f"/api/v1/assignments/{every_state['in_progress']}"
    client.get(url, headers=token)  # the token's last use is noted once a minute
    with counted_queries() as read:
        version = client.get(url, headers=token).get_json()["version"]
    with counted_queries() as write:
        saved = client.post(f"{url}/progress", headers=token,
                            json={"progress": 55, "version": version})
    assert saved.status_code == 200
    counter = 0 if db.engine.dialect.name == "postgresql" else 1
    assert len(read) == 2 + counter, read
    assert len(write) == 4 + counter, write


def test_a_read_of_one_object_runs_outside_a_transaction(client, world, every_state):
    """PostgreSQL: a read of one object by its id (found or a 404) sends no BEGIN and no
    COMMIT or ROLLBACK (autocommit: two round trips fewer, and psycopg keeps its prepared
    statements); a list still runs in a transaction that rolls back (a generic plan made
    for one scope would serve every other). SQLite: every read in a transaction, as
    before. (The rate counter counts on autocommit connections of its own: not counted.)"""
    token, outsider = bearer(world.tokens["officer_x"]), bearer(world.tokens["officer_y"])
    url = f"/api/v1/assignments/{every_state['in_progress']}"
    for each in (token, outsider):
        client.get(url, headers=each)  # the token's last use is noted once a minute
    postgresql = db.engine.dialect.name == "postgresql"
    seen = []

    def noted(conn, cursor, statement, *args):
        if "rate_counters" not in statement:  # SQLite's counter: autocommit, its own
            seen.append(conn.get_execution_options().get("isolation_level"))
    event.listen(db.engine, "before_cursor_execute", noted)
    try:
        assert client.get(url, headers=token).status_code == 200
        assert client.get(url, headers=outsider).status_code == 404
        one_object = seen[:]
        seen.clear()
        assert client.get("/api/v1/assignments?per_page=5", headers=token).status_code == 200
        listed = seen[:]
    finally:
        event.remove(db.engine, "before_cursor_execute", noted)
    assert len(one_object) == 4 and listed  # the token and the row, twice; the list's
    if postgresql:
        assert one_object == ["AUTOCOMMIT"] * 4
        assert "AUTOCOMMIT" not in listed
    else:
        assert "AUTOCOMMIT" not in one_object + listed


def test_a_read_of_one_object_keeps_its_statements_prepared(app, client, world, every_state):
    """The proof on the wire (PostgreSQL): after reads of one assignment, its statement is
    among the connection's prepared statements, which a ROLLBACK would have dropped; and no
    transaction is left open on the pooled connection."""
    require_postgresql("psycopg's prepared statements")
    token = bearer(world.tokens["officer_x"])
    url = f"/api/v1/assignments/{every_state['in_progress']}"
    for _ in range(8):  # psycopg prepares a statement at its fifth execution
        assert client.get(url, headers=token).status_code == 200
    with app.app_context():
        with db.engine.connect() as conn:  # the pool's one connection (tests: one thread)
            raw = conn.connection.dbapi_connection
            assert raw.info.transaction_status == 0  # idle: no transaction left open
            prepared = conn.exec_driver_sql(
                "SELECT statement FROM pg_prepared_statements").scalars().all()
    assert any("FROM assignments" in s and "tasks.title AS task_title" in s
               for s in prepared), prepared
