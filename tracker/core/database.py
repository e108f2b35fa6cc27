"""Engine settings: what SQLite needs to behave like a real database, how pooled
connections are checked before use; session helpers; the subtree's prefix condition."""
import time
from contextlib import contextmanager

from sqlalchemy import Boolean, any_, event, exc, func
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

# A pooled connection idle for this long is checked with a round trip before use.
PING_AFTER_IDLE_SECONDS = 1.0


def ping_idle_connections(engine: Engine) -> None:
    """SQLAlchemy's pool_pre_ping, but only for a connection that sat idle in the pool:
    one given back a moment ago is alive. Pinging every checkout cost two round trips per
    API call (the request's and the rate counter's connection), about a third of the
    statements of a write. A connection the database dropped while it was idle (a restart,
    an idle timeout) is replaced before the request sees it; one dropped in the last
    second fails its request once, and the pool then renews every older connection."""
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "checkin")
    def _given_back(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection, record, proxy):
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError(str(error)) from error
            raise


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # LIKE as PostgreSQL's (case-sensitive), which lets SQLite read a prefix
        # (starts_with) as a range of an index instead of testing every entry.
        cursor.execute("PRAGMA case_sensitive_like=ON")
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


def escape_like(text: str) -> str:
    """`text` matched literally by LIKE ... ESCAPE '/'."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def starts_with(column, prefix: str):
    """SQL: `column` starts with `prefix` (a body's subtree by its path or tree key), as
    one pattern, `LIKE 'prefix%'`. SQLAlchemy's startswith() sends `? || '%'`, which
    SQLite cannot read as a range of the column's index: it tested all 9,895 bodies' paths
    (2 ms) wherever a subtree was read, where the range reads the subtree's alone. For
    statements of bodies alone and subtrees read first (permissions.subtree_bodies) only:
    in a statement of assignments SQLite then reads the subtree's bodies first and all of
    their assignments (a province's list by body 5 -> 40 ms, the central status page of
    one directive 12 -> 110 ms), where with startswith() it walks the statement's order."""
    return column.like(escape_like(prefix) + "%", escape="/")


class InFirst(ColumnElement):
    """SQL: `column IN (subquery)`, the subquery read first and whole. On PostgreSQL
    `column = ANY(ARRAY(subquery))`: an InitPlan, whose ids an index of `column` then seeks.
    As IN, PostgreSQL joined and misjudged them: a province's 291 bodies, as the owners of
    tasks, became a scan of all 3,400 tasks testing each owner (2.5 ms against 0.8)."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it stands (SQLite: no "= 1" after it)

    def __init__(self, column, subquery):
        self.column, self.subquery = column, subquery

    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("subquery", InternalTraversal.dp_clauseelement)]


@compiles(InFirst)
def _in_first(element, compiler, **kw):
    return compiler.process(element.column.in_(element.subquery), **kw)


@compiles(InFirst, "postgresql")
def _in_first_postgresql(element, compiler, **kw):
    array = func.array(element.subquery.scalar_subquery())
    return compiler.process(element.column == any_(array), **kw)


def in_first(column, subquery) -> InFirst:
    return InFirst(column, subquery)
