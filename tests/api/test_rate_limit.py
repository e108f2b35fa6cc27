"""The JSON API's rate limit: API_RATE_LIMIT calls a minute per token (or signed-in user,
or address), counted in the database so that every web host behind the balancer shares
the count."""
import pytest
from sqlalchemy import select, text

from tests.api.conftest import bearer
from tests.conftest import require_postgresql
from tracker import create_app
from tracker.core.ratelimit import HIT_SQL, RateCounter, counting_connections
from tracker.extensions import db

LIMIT = 5


@pytest.fixture
def limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", LIMIT)
    return app


def test_calls_past_the_limit_answer_429_for_that_token_only(limited, world):
    api = limited.test_client()
    secret = world.tokens["coord_a"]
    answers = [api.get("/api/v1/bodies", headers=bearer(secret)).status_code
               for _ in range(LIMIT + 2)]
    assert answers == [200] * LIMIT + [429, 429]
    refused = api.get("/api/v1/bodies", headers=bearer(secret))
    assert refused.mimetype == "application/problem+json"
    assert "Quá 5 lần gọi API trong một phút" in refused.get_json()["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another token, and the pages, are not held back.
    assert api.get("/api/v1/bodies", headers=bearer(world.tokens["leader_a"])).status_code \
        == 200
    assert api.get("/login").status_code == 200


def test_the_count_is_shared_by_every_host(limited, world):
    """A second app process on the same database (another host) continues the count."""
    secret = world.tokens["coord_a"]
    api = limited.test_client()
    for _ in range(LIMIT - 1):
        assert api.get("/api/v1/bodies", headers=bearer(secret)).status_code == 200
    other_host = create_app(type("OtherHost", (), {
        key: value for key, value in limited.config.items() if key.isupper()}))
    with other_host.app_context():
        client = other_host.test_client()
        assert client.get("/api/v1/bodies", headers=bearer(secret)).status_code == 200
        assert client.get("/api/v1/bodies", headers=bearer(secret)).status_code == 429
        db.session.remove()
        db.engine.dispose()
    assert db.session.scalars(select(RateCounter.count)).all() == [LIMIT + 1]


def test_each_call_is_counted_by_one_upsert(limited, world):
    """The count costs one statement per call (INSERT … ON CONFLICT DO UPDATE … RETURNING),
    whatever the number of calls or hosts: through the engine in SQLite; on PostgreSQL on
    a counting connection of its own, kept between calls, where it stays prepared and
    commits without waiting for the disk."""
    from sqlalchemy import event
    statements = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "rate_counters" in statement:
            statements.append(statement)

    if db.engine.dialect.name == "postgresql":  # none left over by earlier tests
        while not counting_connections().empty():
            counting_connections().get().close()
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        api = limited.test_client()
        for _ in range(3):
            api.get("/api/v1/bodies", headers=bearer(world.tokens["coord_a"]))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert db.session.scalars(select(RateCounter.count)).all() == [3]
    if db.engine.dialect.name != "postgresql":
        assert len(statements) == 3
        assert all("INSERT INTO rate_counters" in s and "ON CONFLICT" in s for s in statements)
        return
    assert statements == []  # not through the pool's connections
    idle = counting_connections()
    assert idle.qsize() == 1  # one call at a time: one connection, kept for the next
    counting = idle.get()
    try:
        assert counting.execute("SHOW synchronous_commit").fetchone()[0] == "off"
        prepared = counting.execute("SELECT statement FROM pg_prepared_statements").fetchall()
        assert [s for (s,) in prepared if "rate_counters" in s] == [
            HIT_SQL.replace("%s", "$1", 1).replace("%s", "$2", 1)]
    finally:
        idle.put(counting)


def test_a_lost_counting_connection_is_made_again(limited, world):
    """PostgreSQL: a counting connection dropped by the server (a restart, an idle
    timeout) costs no call: the next one counts on a new connection."""
    require_postgresql("the counting connection is PostgreSQL's")
    api = limited.test_client()
    secret = world.tokens["coord_a"]
    assert api.get("/api/v1/bodies", headers=bearer(secret)).status_code == 200
    idle = counting_connections()
    lost = idle.get()
    idle.put(lost)
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": lost.info.backend_pid})
    assert api.get("/api/v1/bodies", headers=bearer(secret)).status_code == 200
    found = idle.get()
    assert found is not lost and not found.closed and lost.closed
    idle.put(found)
    assert db.session.scalars(select(RateCounter.count)).all() == [2]
