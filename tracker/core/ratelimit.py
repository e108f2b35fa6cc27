"""Fixed-window request counters kept in the database, so that every web host behind a
load balancer shares them (the JSON API's rate limit)."""
from datetime import datetime

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    delete,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
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
    # One statement in its own transaction (autocommit: no BEGIN and COMMIT round trips):
    # counted at once for every host, whatever the request does.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(_hit_statement(connection.dialect.name),
                                  {"key": key[:100], "start": start}).scalar_one()


_HITS: dict = {}


def _hit_statement(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count, built once
    per dialect: every API call runs it, and building it cost more than running it."""
    if dialect not in _HITS:
        row = select(bindparam("key", type_=String()), bindparam("start", type_=UTCDateTime()),
                     literal(1))
        if dialect == "postgresql":
            # A count lost in a crash costs nothing: this transaction's commit need not
            # wait for the disk (set within the same statement, not one more round trip).
            relaxed = select(func.set_config(literal_column("'synchronous_commit'"),
                                             literal_column("'off'"), true()).label("v"))
            row, insert = row.select_from(relaxed.cte("relaxed")), pg_insert
        else:
            insert = sqlite_insert
        stmt = insert(RateCounter).from_select(["key", "window_start", "count"], row)
        _HITS[dialect] = stmt.on_conflict_do_update(
            index_elements=[RateCounter.key, RateCounter.window_start],
            set_={"count": RateCounter.count + 1}).returning(RateCounter.count)
    return _HITS[dialect]


def purge_counters(*, before: datetime) -> int:
    """Forget the windows that ended before `before`."""
    return db.session.execute(
        delete(RateCounter).where(RateCounter.window_start < before)).rowcount
