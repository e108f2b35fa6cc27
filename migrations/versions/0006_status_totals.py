"""status totals: the status histogram summed over every deadline, filled from the yearly
sums

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 07:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('status_totals',
    sa.Column('node_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('bucket', sa.String(length=20), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', 'bucket', name=op.f('pk_status_totals'),
                            postgresql_include=['n']),
    sqlite_with_rowid=False
    )
    op.execute("INSERT INTO status_totals (node_id, bucket, n) "
               "SELECT node_id, bucket, sum(n) FROM status_year_counts GROUP BY node_id, bucket")


def downgrade():
    op.drop_table('status_totals')
