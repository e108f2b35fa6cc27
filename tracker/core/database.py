"""Engine settings that SQLite needs to behave like a real database, and session helpers."""
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # WAL lets the scheduler write while the web process reads; not for :memory:.
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@contextmanager
def kept_after_commit(scoped_session):
    """Commits inside leave the loaded objects as they were written, instead of expiring
    them: the answer to a write is built from what was just saved without reading it all
    back (a second load of the assignment and its task, directive and bodies per write)."""
    session = scoped_session()
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = True
