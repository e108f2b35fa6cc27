"""search keys' trigram indexes (PostgreSQL): a word looked for anywhere in the search key of
a body, a task or a directive (LIKE '% word %') is found through the index instead of by
reading every key, in each statement of a search; SQLite is left as it was

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 01:00:00.000000

"""
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

TABLES = ("bodies", "tasks", "directives")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm comes with PostgreSQL (contrib) and is a trusted extension since 13: the
    # database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        op.create_index(f"ix_{table}_search_key_words", table, ["search_key"],
                        postgresql_using="gin",
                        postgresql_ops={"search_key": "gin_trgm_ops"})


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.drop_index(f"ix_{table}_search_key_words", table_name=table)
    # The extension stays: another database object may have come to use it.
