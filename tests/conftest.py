"""Fixtures: an app on a migrated database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), emptied between tests, data that many tests start from built once
(`shared_data`), and factories with good defaults."""
import inspect
import os
import re
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.orm import InstanceState

from tracker import create_app
from tracker.config import TestConfig
from tracker.extensions import db

# A fixed instant: 22/11/2026 09:00 in Vietnam (02:00 UTC), a Sunday.
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 22)
PASSWORD = "mat-khau-thu-nghiem"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        if not url.startswith("postgresql"):
            return url
        try:
            url = _worker_database(url)
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
                # No test needs a commit on disk before it goes on (a crash loses only
                # test data): commits stop waiting for the WAL to be flushed.
                conn.execute(text(f'ALTER DATABASE "{make_url(url).database}" '
                                  f"SET synchronous_commit = off"))
            engine.dispose()
        except Exception as exc:  # noqa: BLE001 - any connection failure
            if os.environ.get("REQUIRE_PG") == "1":
                pytest.fail(f"REQUIRE_PG=1 but PostgreSQL is unreachable: {exc}")
            pytest.skip(f"postgresql TEST_DATABASE_URL unreachable ({exc}); unset it")
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _worker_database(url: str) -> str:
    """Each pytest-xdist worker (`./test` starts two) has a PostgreSQL database of its own
    beside the one named: tracker_ci gives tracker_ci_gw0 and tracker_ci_gw1, made on first
    use. Without xdist the named database is used."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    named = make_url(url)
    own = f"{named.database}_{worker}"
    engine = create_engine(named, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                           {"name": own}):
            conn.execute(text(f'CREATE DATABASE "{own}"'))
    engine.dispose()
    return named.set(database=own).render_as_string(hide_password=False)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (and so its own `g` and session), as in
    production, although the test itself holds an app context throughout."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def require_postgresql(why: str) -> None:
    """Skip a test that needs PostgreSQL when the suite runs on SQLite (`why`: what SQLite
    lacks); under REQUIRE_PG=1 (CI's PostgreSQL run) that is a failure, not a skip."""
    if db.engine.dialect.name == "postgresql":
        return
    if os.environ.get("REQUIRE_PG") == "1":
        pytest.fail("REQUIRE_PG=1 but the suite runs on SQLite")
    pytest.skip(f"needs a postgresql+psycopg:// TEST_DATABASE_URL: {why}")


def pytest_collection_modifyitems(items):
    """With xdist (`--dist loadgroup`), the browser tests go to one worker: they share one
    Chromium and one live server for their package."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        INSTANCE_DIR = tmp_path_factory.mktemp("instance")
        UPLOAD_DIR = INSTANCE_DIR / "uploads"

    app = create_app(Config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter exits


def empty_tables() -> None:
    """Delete every row of every table (inside an app context). On PostgreSQL, TRUNCATE of
    the tables that hold rows or whose id sequence was used, not of all 28: each truncated
    table gets new files, which a busy machine makes slowly (half a second for all of them
    before every test), and a truncated table hands its rows back in the order they were
    written, as the tests have always seen them (a DELETE leaves room that later rows fill)."""
    db.session.rollback()
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            return
        written = conn.scalars(text(" UNION ".join(
            [f"SELECT '{t.name}' WHERE EXISTS (SELECT FROM {t.name})"
             for t in db.metadata.sorted_tables]
            + ["SELECT t.relname::text FROM pg_sequences q "
               "JOIN pg_depend d ON d.objid = format('%I.%I', q.schemaname, "
               "q.sequencename)::regclass AND d.deptype IN ('a', 'i') "
               "JOIN pg_class t ON t.oid = d.refobjid "
               "WHERE q.schemaname = current_schema() AND q.last_value IS NOT NULL"]))).all()
        if written:
            conn.execute(text(f"TRUNCATE {', '.join(written)} RESTART IDENTITY CASCADE"))


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test starts with empty tables and an app context."""
    with app.app_context():
        yield
        empty_tables()


def keep_module_data(data_fixture: str):
    """A `_clean_database` for a module whose data `data_fixture` builds once (and empties
    when the module ends): each test only rolls back and drops its session."""
    @pytest.fixture(autouse=True)
    def _clean_database(app, request):
        request.getfixturevalue(data_fixture)
        with app.app_context():
            yield
            db.session.rollback()
            db.session.remove()
    return _clean_database


_SHARED: dict[str, tuple] = {}  # builder -> (backup archive, the value with rows as keys)


def shared_data(build):
    """Turn a fixture that builds data through the operations into one that builds it once
    per test session: the first test that asks keeps the tables as an archive of the app's
    own backup (files included), and each later test gets them restored into its emptied
    database, with the fixture's value read afresh (its model objects by primary key). Each
    test still starts from the same rows and may change them."""
    names = list(inspect.signature(build).parameters)
    key = f"{build.__module__}.{build.__qualname__}"

    @pytest.fixture(name=build.__name__)
    def fixture(app, request, tmp_path_factory):
        from tracker.backup.archive import create_backup, restore_backup
        from tracker.storage.stores import file_store
        if key in _SHARED:
            archive, kept = _SHARED[key]
            restore_backup(archive, file_store())  # refuses a database another fixture wrote
            db.session.commit()
            return _read_again(kept)
        if any(db.session.scalar(text(f"SELECT count(*) FROM {t.name}"))
               for t in db.metadata.sorted_tables):
            raise AssertionError(f"{build.__name__} must be built on empty tables: ask for it "
                                 f"before the fixtures that write")
        value = build(**{name: request.getfixturevalue(name) for name in names})
        db.session.commit()
        archive = tmp_path_factory.mktemp("shared") / f"{build.__name__}.zip"
        create_backup(archive, file_store(), now=NOW)
        db.session.rollback()  # the backup's read transaction
        _SHARED[key] = (archive, _as_keys(value))
        return value
    return fixture


def shared_archive(name: str) -> Path:
    """The archive that the shared-data fixture `name` keeps (once a test has asked for it)."""
    [archive] = [archive for key, (archive, _) in _SHARED.items() if key.endswith(f".{name}")]
    return archive


class _Row(NamedTuple):
    model: type
    key: tuple


def _mapped(value, leaf):
    """`value` with `leaf` applied to it, and if that leaves it as it is, to what the
    namespaces, dicts, lists and tuples it is made of hold."""
    found = leaf(value)
    if found is not value:
        return found
    if isinstance(value, SimpleNamespace):
        return SimpleNamespace(**_mapped(vars(value), leaf))
    if isinstance(value, dict):
        return {k: _mapped(v, leaf) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mapped(v, leaf) for v in value)
    return value


def _key_of(value):
    """A model object as its class and primary key; anything else as it is."""
    from sqlalchemy import inspect as inspect_object
    state = inspect_object(value, raiseerr=False)
    return _Row(state.class_, state.identity) if isinstance(state, InstanceState) else value


def _as_keys(value):
    """`value` with each model object replaced by its class and primary key."""
    return _mapped(value, _key_of)


def _read_again(value):
    """`value` with each class and primary key read again as a model object."""
    return _mapped(value, lambda v: db.session.get(v.model, v.key) if isinstance(v, _Row) else v)


@shared_data
def demo_data():
    """The demo dataset as of NOW (loading it takes seconds; restoring it, a fraction)."""
    from tracker.demo.loader import load_demo
    load_demo(now=NOW)


@pytest.fixture
def status_today(monkeypatch):
    """The status pages read "today" once per request: pin it to the day the tests reason
    about (the status API reads it through the pages' helpers)."""
    monkeypatch.setattr("tracker.status.views.vn_today", lambda: TODAY)


CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@contextmanager
def cheap_hashing():
    """Cheap Argon2 parameters inside the block (data built once for a module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tracker.auth.passwords._hasher", CHEAP_HASHER)
        yield


@pytest.fixture(autouse=True)
def _cheap_passwords(request):
    """Every test hashes passwords cheaply: at the production cost each user made (and each
    first sign-in) takes a tenth of a second or more, which would be most of the suite's time.
    The tests that ask for `real_passwords` keep the application's own parameters."""
    if "real_passwords" in request.fixturenames:
        yield
        return
    with cheap_hashing():
        yield


@pytest.fixture
def real_passwords():
    """The application's own Argon2 parameters in this test (see `_cheap_passwords`)."""


@pytest.fixture
def fast_passwords():
    """Nothing more to do: every test hashes cheaply now (`_cheap_passwords`). Kept so that
    tests written before still find it."""


@pytest.fixture
def client(app):
    return app.test_client()


# ---- factories -------------------------------------------------------------------------

@pytest.fixture
def make_body():
    from tracker.bodies.operations import create_body

    def make(name="Tỉnh Lào Cai", *, parent=None, kind="dia_phuong", level="tinh",
             short_name=""):
        body = create_body({"name": name, "kind": kind, "level": level,
                            "short_name": short_name}, parent=parent, actor=None, now=NOW)
        db.session.commit()
        return body
    return make


@pytest.fixture
def make_user(make_body):
    from tracker.auth.operations import create_user
    counter = iter(range(1, 10_000))

    def make(role="coordinator", *, body=None, email=None, password=PASSWORD, **extra):
        body = body or make_body()
        user = create_user({"email": email or f"{role}{next(counter)}@example.vn",
                            "full_name": extra.pop("full_name", f"Người dùng {role}"),
                            "role": role, "body": body, "password": password, **extra},
                           actor=None, now=NOW)
        db.session.commit()
        return user
    return make


@pytest.fixture
def two_provinces(make_body, make_user):
    """The cast of the permission tests: the central Ban, province A (Lào Cai) with two
    departments X and Y, province B (Lạng Sơn), and one user per role that matters."""
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    a = make_body("Tỉnh Lào Cai", parent=root)
    b = make_body("Tỉnh Lạng Sơn", parent=root)
    x = make_body("Sở Nội vụ", parent=a, kind="so_nganh")
    y = make_body("Sở Y tế", parent=a, kind="so_nganh")
    users = {
        "coord_a": make_user("coordinator", body=a),
        "leader_a": make_user("leader", body=a),
        "officer_x": make_user("officer", body=x),
        "officer_y": make_user("officer", body=y),
        "coord_b": make_user("coordinator", body=b),
        "admin": make_user("admin", body=a),
    }
    return SimpleNamespace(root=root, a=a, b=b, x=x, y=y, users=users)


@pytest.fixture
def make_directive(make_user):
    from tracker.directives.operations import create_directive
    counter = iter(range(1, 10_000))

    def make(*, actor=None, number=None, issued_on=date(2017, 10, 30), kind="chi_thi",
             issuer="Tỉnh ủy Lào Cai", title="Phòng, chống tảo hôn", parent=None, **extra):
        actor = actor or make_user("coordinator")
        directive = create_directive(
            {"number": number or f"{next(counter)}-CT/TU", "kind": kind, "issuer": issuer,
             "issued_on": issued_on, "title": title, "parent": parent, **extra},
            actor=actor, now=NOW)
        db.session.commit()
        return directive
    return make


@pytest.fixture
def make_task(make_directive):
    from tracker.tasks.operations import create_task

    def make(*, directive=None, actor=None, kind="ke_hoach", title="Xây dựng kế hoạch",
             due_on=date(2026, 12, 31), **extra):
        directive = directive or make_directive(actor=actor)
        actor = actor or _owner_coordinator(directive)
        task = create_task(directive, {"kind": kind, "title": title, "due_on": due_on, **extra},
                           actor=actor, now=NOW)
        db.session.commit()
        return task
    return make


def _owner_coordinator(directive):
    from sqlalchemy import select

    from tracker.auth.models import User
    return db.session.scalar(select(User).where(User.id == directive.created_by_id))


@pytest.fixture
def make_assignment(make_task, make_body):
    from tracker.tasks.operations import assign_bodies

    def make(*, task=None, body=None, role="lead", due_on=None, **task_extra):
        task = task or make_task(**task_extra)
        coordinator = _task_coordinator(task)
        body = body or make_body("Sở Nội vụ", parent=db.session.get(
            type(coordinator.body), task.owner_body_id), kind="so_nganh")
        [assignment] = assign_bodies(task, [body], lead=body if role == "lead" else None,
                                     due_on=due_on, actor=coordinator, now=NOW)
        db.session.commit()
        return assignment
    return make


def _task_coordinator(task):
    from sqlalchemy import select

    from tracker.auth.models import User
    return db.session.scalar(select(User).where(User.id == task.created_by_id))


# ---- web helpers -----------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url="/login") -> str:
    page = client.get(url).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, user, password=PASSWORD):
    token = csrf_token(client)
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def post(client, url, data=None, **kwargs):
    """POST a form with a valid CSRF token, as the browser would."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, "/profile"))
    return client.post(url, data=data, **kwargs)


@contextmanager
def counted_queries():
    """The SQL statements run inside the block, to show a page's count does not grow."""
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
