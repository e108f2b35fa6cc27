"""assignments: open ones by body and current deadline, for the overdue review grouped by
body (each body's overdue rows in deadline order, and counts per body)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Autogenerate does not see expression indexes: written by hand, same on both databases.
    op.create_index('ix_assignments_body_open_deadline', 'assignments',
                    ['body_id', sa.text('coalesce(extended_due_on, due_on)')],
                    sqlite_where=sa.text("status != 'done'"),
                    postgresql_where=sa.text("status != 'done'"))


def downgrade():
    op.drop_index('ix_assignments_body_open_deadline', table_name='assignments')
