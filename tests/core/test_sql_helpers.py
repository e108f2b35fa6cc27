"""database.starts_with: a subtree's prefix as one LIKE pattern, literal whatever the
prefix holds, case-sensitive on both databases, and a range of the index on SQLite;
database.in_first: IN (subquery), read first as an array on PostgreSQL."""
import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.bodies.models import Body
from tracker.core.database import in_first, starts_with
from tracker.core.permissions import scope_condition, scope_params
from tracker.extensions import db


@pytest.fixture
def paths(app):
    """Bodies whose paths hold LIKE's own characters, and a twin that differs in case."""
    names = ["/1/", "/1/2/", "/1/2/3/", "/1/20/", "/1/%/", "/1/%/4/", "/1/_/", "/1/a/", "/1/A/",
             "/1/A/5/"]
    for number, path in enumerate(names, start=1000):
        db.session.add(Body(id=number, name=f"Đơn vị {number}", kind="khac", level="tinh",
                            path=path, tree_key=path, created_at=NOW))
    db.session.flush()
    yield
    db.session.rollback()


@pytest.mark.parametrize(("prefix", "expected"), [
    ("/1/2/", {"/1/2/", "/1/2/3/"}),           # not /1/20/
    ("/1/%/", {"/1/%/", "/1/%/4/"}),           # % is a character, not any text
    ("/1/_/", {"/1/_/"}),                      # _ is a character, not any one character
    ("/1/A/", {"/1/A/", "/1/A/5/"}),           # not /1/a/: case counts, as on PostgreSQL
])
def test_the_prefix_is_matched_literally(paths, prefix, expected):
    found = set(db.session.scalars(select(Body.path).where(starts_with(Body.path, prefix),
                                                           Body.id >= 1000)))
    assert found == expected

    class Actor:  # scope_condition's bound form gives the same rows
        body = Body(path=prefix)
    bound = set(db.session.scalars(select(Body.path).where(
        scope_condition(Body.path), Body.id >= 1000), scope_params(Actor)))
    assert bound == expected


def test_the_pattern_is_one_parameter_and_sqlite_reads_it_as_a_range(app):
    """SQLAlchemy's startswith() sent `? || '%'`, which SQLite cannot read as a range of
    the index: it tested every body's path. PostgreSQL folds either form when it plans."""
    compiled = select(Body.id).where(starts_with(Body.path, "/1/2/")).compile(db.engine)
    assert "||" not in str(compiled) and list(compiled.params.values()) == ["//1//2//%"]
    if db.engine.dialect.name != "sqlite":
        return
    params = tuple(compiled.params[k] for k in compiled.positiontup)
    plan = " | ".join(row[3] for row in db.session.connection().exec_driver_sql(
        f"EXPLAIN QUERY PLAN {compiled}", params))
    assert "SEARCH" in plan and "path>? AND path<?" in plan, plan


@pytest.mark.parametrize("prefix", ["/1/2/", "/1/%/", "/9/"])
def test_in_first_finds_what_in_finds(paths, prefix):
    """The same rows as IN, on either database, an empty subquery too; on PostgreSQL the
    subquery is an array read first (an InitPlan) rather than a join."""
    subtree = select(Body.id).where(starts_with(Body.path, prefix), Body.id >= 1000)
    found = set(db.session.scalars(select(Body.path).where(in_first(Body.id, subtree))))
    assert found == set(db.session.scalars(select(Body.path).where(Body.id.in_(subtree))))
    assert bool(found) == (prefix != "/9/")
    sql = str(select(Body.id).where(in_first(Body.id, subtree)).compile(db.engine))
    postgresql = db.engine.dialect.name == "postgresql"
    assert ("= ANY (array((SELECT" in sql) == postgresql and (" IN (SELECT" in sql) != postgresql
