"""The JSON API's rate limit: API_RATE_LIMIT calls a minute per token (or signed-in user,
or address), counted in the database so that every web host behind the balancer shares
the count."""
import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tracker import create_app
from tracker.core.ratelimit import RateCounter
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
    whatever the number of calls or hosts."""
    from sqlalchemy import event
    statements = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "rate_counters" in statement or "synchronous_commit" in statement.lower():
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        api = limited.test_client()
        for _ in range(3):
            api.get("/api/v1/bodies", headers=bearer(world.tokens["coord_a"]))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert len(statements) == 3
    assert all("INSERT INTO rate_counters" in s and "ON CONFLICT" in s for s in statements)
    if db.engine.dialect.name == "postgresql":  # the commit does not wait for the disk
        assert all("set_config" in s and "synchronous_commit" in s for s in statements)
