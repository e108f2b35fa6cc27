"""Pooled connections: checked with a round trip only after sitting idle; one the database
dropped while idle is replaced before the request sees it (PostgreSQL)."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import require_postgresql
from tracker.core import database
from tracker.extensions import db

pytestmark = pytest.mark.postgres


@pytest.fixture
def pings(app, monkeypatch):
    """The round trips made to check a connection, counted."""
    require_postgresql("SQLite has no pool")
    made = []
    ping = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping",
                        lambda connection: made.append(1) or ping(connection))
    db.session.remove()
    db.engine.dispose()  # one connection at a time, none idle since an earlier test
    yield made
    db.engine.dispose()  # no connection this test ended stays for the next


def _backend_pid() -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_given_back_a_moment_ago_is_not_pinged(pings):
    first = _backend_pid()
    for _ in range(5):
        assert _backend_pid() == first
    assert pings == []


def test_a_connection_dropped_while_idle_is_replaced(pings, monkeypatch):
    """The database ends the pooled connection (a restart, an idle timeout): the next use
    pings it, finds it gone and gets a new one; nothing fails."""
    dropped = _backend_pid()
    outside = create_engine(db.engine.url, poolclass=NullPool)
    with outside.connect() as other:  # a connection outside the pool ends the pooled one
        assert other.execute(text("SELECT pg_terminate_backend(:pid)"),
                             {"pid": dropped}).scalar_one()
    outside.dispose()
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)
    pings.clear()
    assert _backend_pid() != dropped
    assert pings, "the idle connection was not checked"
