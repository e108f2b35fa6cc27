"""Fixed-window request counters kept in the database, so that every web host behind a
load balancer shares them (the JSON API's rate limit)."""
import atexit
import os
import queue
from datetime import datetime
from functools import cache

from sqlalchemy import Integer, String, bindparam, delete, literal, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.types import UTCDateTime
from tracker.extensions import db


class RateCounter(db.Model):
    """Calls of one key (a user, an address) within one window starting at `window_start`."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


def hit(key: str, *, now: datetime, window_seconds: int = 60) -> int:
    """Count one call of `key` in the current window and return the calls so far; one
    statement, atomic on SQLite and PostgreSQL, whatever the number of hosts."""
    start = datetime.fromtimestamp(now.timestamp() // window_seconds * window_seconds,
                                   tz=now.tzinfo)
    if db.engine.dialect.name == "postgresql":
        return _hit_postgresql(key[:100], start)
    # One statement in its own transaction (autocommit: no BEGIN and COMMIT round trips):
    # counted at once, whatever the request does.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(_hit_statement(),
                                  {"key": key[:100], "start": start}).scalar_one()


# On PostgreSQL calls are counted on connections of their own, outside SQLAlchemy's pool:
# taken from the pool for each call, the count cost 1.5-2 ms of an API call (a checkout and
# a return, SQLAlchemy's handling of the statement, and the ROLLBACK of the request before
# it, after which psycopg had forgotten the prepared statement), about what the rest of a
# list's page costs. Kept apart, the statement stays prepared and nothing is reset between
# calls; a count lost in a crash costs nothing, so its commit does not wait for the disk.
HIT_SQL = ("INSERT INTO rate_counters (key, window_start, count) VALUES (%s, %s, 1) "
           "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 "
           "RETURNING count")
KEPT_IDLE = 8  # counting connections kept between calls, per process and database
_IDLE: dict = {}


def _hit_postgresql(key: str, start: datetime) -> int:
    from psycopg import OperationalError
    idle = counting_connections()
    try:
        connection = idle.get_nowait()
    except queue.Empty:
        connection = _connect()
    try:
        try:
            count = connection.execute(HIT_SQL, (key, start), prepare=True).fetchone()[0]
        except OperationalError:  # the server dropped it (a restart): once more, anew
            connection.close()
            connection = _connect()
            count = connection.execute(HIT_SQL, (key, start), prepare=True).fetchone()[0]
    except BaseException:
        connection.close()
        raise
    if idle.qsize() < KEPT_IDLE:
        idle.put(connection)
    else:
        connection.close()
    return count


def counting_connections() -> queue.SimpleQueue:
    """The idle counting connections to the app's database, of this process (a forked
    process never uses its parent's)."""
    return _IDLE.setdefault((db.engine.url, os.getpid()), queue.SimpleQueue())


@atexit.register
def _close_idle() -> None:
    """Closed, not dropped, when the process ends (a worker restarted by gunicorn): the
    server then logs no connection reset."""
    for (_, pid), idle in _IDLE.items():
        while pid == os.getpid() and not idle.empty():
            idle.get().close()


def _connect():
    """A counting connection, made by the engine (its settings), in autocommit."""
    pooled = db.engine.raw_connection()
    connection = pooled.driver_connection
    pooled.detach()  # the pool forgets it
    connection.autocommit = True
    connection.execute("SET synchronous_commit = off")
    return connection


@cache
def _hit_statement():
    """SQLite's INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count,
    built once: every API call runs it, and building it cost more than running it."""
    row = select(bindparam("key", type_=String()), bindparam("start", type_=UTCDateTime()),
                 literal(1))
    stmt = sqlite_insert(RateCounter).from_select(["key", "window_start", "count"], row)
    return stmt.on_conflict_do_update(
        index_elements=[RateCounter.key, RateCounter.window_start],
        set_={"count": RateCounter.count + 1}).returning(RateCounter.count)


def purge_counters(*, before: datetime) -> int:
    """Forget the windows that ended before `before`."""
    return db.session.execute(
        delete(RateCounter).where(RateCounter.window_start < before)).rowcount
