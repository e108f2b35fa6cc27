"""The schema comes from migrations: they must agree with the models, and run both ways."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Index, text
from sqlalchemy.schema import CreateIndex

from tests.conftest import require_postgresql
from tracker import create_app
from tracker.assignments.models import Assignment
from tracker.config import TestConfig
from tracker.extensions import db

# Compared by test_expression_index_is_the_models (autogenerate reads PostgreSQL's own
# rewriting of an expression, `(status)::text = 'done'::text`, as a different index).
EXPRESSION_INDEXES = ["ix_assignments_open_deadline", "ix_assignments_body_open_deadline",
                      "ix_assignments_done_rank_deadline", "ix_assignments_deadline_id",
                      "ix_assignments_waiting", "ix_assignments_submitted_task"]


def _compared(dialect: str):
    """Which objects autogenerate compares: not the expression indexes, nor an index the
    models make on another database only (`ddl_if`: the search keys' trigram indexes of
    PostgreSQL, which the migration creates there alone)."""
    def compared(obj, name, type_, reflected, compare_to) -> bool:
        if type_ != "index":
            return True
        only_on = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return name not in EXPRESSION_INDEXES and only_on in (None, dialect)
    return compared


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping")
def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": _compared(connection.dialect.name)})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_search_keys_have_trigram_indexes_on_postgresql(app):
    """On PostgreSQL a word anywhere in a search key is looked up through a trigram index:
    the migration made them as the models declare them, and a search's LIKE uses one."""
    require_postgresql("the trigram indexes are PostgreSQL's")
    with db.engine.connect() as connection:
        for table in ("bodies", "tasks", "directives"):
            definition = _index_definition(connection, f"ix_{table}_search_key_words")
            assert "USING gin (search_key gin_trgm_ops)" in definition, definition
        connection.execute(text("SET LOCAL enable_seqscan = off"))  # a small test table
        plan = "\n".join(connection.execute(text(
            "EXPLAIN SELECT id FROM bodies WHERE search_key LIKE '% so %' ESCAPE '\\'"
        )).scalars())
        assert "ix_bodies_search_key_words" in plan, plan


def _index_definition(connection, name: str) -> str:
    if connection.dialect.name == "postgresql":
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
    definition = connection.execute(text(sql), {"name": name}).scalar()
    assert definition is not None, name
    return " ".join(definition.split())


@pytest.mark.parametrize("name", EXPRESSION_INDEXES)
def test_expression_index_is_the_models(app, name):
    """Autogenerate cannot compare expression or partial indexes: the index the migrations
    made must be the one the model builds from the rules in assignments/state.py. The
    model's index is created under another name, read back, dropped, and the two
    definitions, as the database writes them, compared."""
    index = next(i for i in Assignment.__table__.indexes if i.name == name)
    copy = Index("ix_model_copy", *index.expressions, **index.dialect_kwargs)
    with db.engine.connect() as connection:
        migrated = _index_definition(connection, name)
        try:
            connection.execute(CreateIndex(copy))
            from_model = _index_definition(connection, "ix_model_copy")
        finally:
            connection.rollback()  # pysqlite commits DDL at once: drop the copy too
            connection.execute(text("DROP INDEX IF EXISTS ix_model_copy"))
            connection.commit()
            Assignment.__table__.indexes.discard(copy)
    assert from_model.replace("ix_model_copy", name) == migrated
    assert "coalesce" in migrated.lower() or "submitted" in migrated


def _app_on_a_new_file(tmp_path):
    """An app on an empty SQLite file of its own, for migrations run by hand."""
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        INSTANCE_DIR = tmp_path
        UPLOAD_DIR = tmp_path / "uploads"
    return create_app(Config)


def test_migrations_downgrade_and_upgrade_again(tmp_path):
    other = _app_on_a_new_file(tmp_path)
    with other.app_context():
        upgrade()
        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        db.engine.dispose()


def test_search_keys_are_rebuilt_by_word(tmp_path):
    """0010 rewrites the keys of existing rows ("18-CT/TU" -> words, kind abbreviated)."""
    other = _app_on_a_new_file(tmp_path)
    with other.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO bodies (id, name, short_name, kind, level, path, active, "
                "search_key, created_at) VALUES (1, 'Tỉnh Lào Cai', '', "
                "'dia_phuong', 'tinh', '/1/', 1, 'tinh lao cai', '2026-01-01')"))
            connection.execute(text(
                "INSERT INTO directives (id, owner_body_id, number, number_key, kind, issuer, "
                "issuer_key, issued_on, title, summary, search_key, created_at, updated_at, "
                "version) VALUES (1, 1, '18-CT/TU', '18-ct/tu', 'chi_thi', 'Tỉnh ủy', "
                "'tinh uy', '2017-01-01', 'Dân vận', '', '18-ct/tu tinh uy dan van', "
                "'2026-01-01', '2026-01-01', 1)"))
        upgrade()
        with db.engine.connect() as connection:
            keys = connection.execute(text(
                "SELECT (SELECT search_key FROM bodies), (SELECT search_key FROM directives)"
            )).one()
        assert keys == (" tinh lao cai ", " chi thi 18 ct tu tinh uy dan van ct ")
        db.engine.dispose()


def test_tree_keys_are_filled_from_the_existing_bodies(tmp_path):
    """0020 gives every existing body its tree key, as the body operations would."""
    from tracker.bodies.operations import tree_keys
    other = _app_on_a_new_file(tmp_path)
    with other.app_context():
        upgrade(revision="0019")
        bodies = [(1, None, "/1/", " ban dan van "), (5, 1, "/1/5/", " so 1 "),
                  (3, 1, "/1/3/", " so 1 "), (4, 5, "/1/5/4/", " xa a b "),
                  (2, 4, "/1/5/4/2/", " so 10 ")]  # parents after and before children
        with db.engine.begin() as connection:
            for body_id, parent_id, path, key in bodies:
                connection.execute(text(
                    "INSERT INTO bodies (id, parent_id, name, short_name, kind, level, path, "
                    "active, search_key, created_at) VALUES (:id, :parent, 'x', '', "
                    "'dia_phuong', 'tinh', :path, 1, :key, '2026-01-01')"),
                    {"id": body_id, "parent": parent_id, "path": path, "key": key})
        upgrade()
        with db.engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT id, tree_key FROM bodies")).all())
            order = connection.execute(text("SELECT id FROM bodies ORDER BY tree_key")).all()
        assert stored == tree_keys((i, p, k) for i, p, _, k in bodies)
        assert stored[2] == ("!ban!dan!van! 0000000001!so!1! 0000000005!xa!a!b! 0000000004"
                             "!so!10! 0000000002")
        assert [row[0] for row in order] == [1, 3, 5, 4, 2]
        downgrade(revision="0019")
        with db.engine.connect() as connection:
            columns = {c["name"] for c in db.inspect(connection).get_columns("bodies")}
        assert "tree_key" not in columns
        db.engine.dispose()
