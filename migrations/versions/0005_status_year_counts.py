"""status year counts: the status histogram summed per year of the deadline, filled from
the existing counts; on PostgreSQL both keys include n (index-only sums)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('status_year_counts',
    sa.Column('node_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('bucket', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', 'bucket', 'year', name=op.f('pk_status_year_counts'),
                            postgresql_include=['n']),
    sqlite_with_rowid=False
    )
    if op.get_bind().dialect.name == "postgresql":
        # The sums read n from the key's index alone (an index-only scan).
        op.execute("ALTER TABLE status_counts DROP CONSTRAINT pk_status_counts, "
                   "ADD CONSTRAINT pk_status_counts PRIMARY KEY (node_id, bucket, deadline) "
                   "INCLUDE (n)")
        year = "CAST(EXTRACT(YEAR FROM deadline) AS INTEGER)"
    else:
        year = "CAST(strftime('%Y', deadline) AS INTEGER)"
    op.execute(f"INSERT INTO status_year_counts (node_id, bucket, year, n) "
               f"SELECT node_id, bucket, {year}, sum(n) FROM status_counts "
               f"GROUP BY node_id, bucket, {year}")


def downgrade():
    op.drop_table('status_year_counts')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE status_counts DROP CONSTRAINT pk_status_counts, "
                   "ADD CONSTRAINT pk_status_counts PRIMARY KEY (node_id, bucket, deadline)")
