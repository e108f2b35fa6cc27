"""scope indexes: the tasks that have an assignment in a body's subtree (assignments by body
with their task, read without the table), and the reports waiting per task (the menu's
"Chờ tiếp nhận" count, a partial index of the submitted ones)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 04:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_assignments_body_id_task_id', 'assignments', ['body_id', 'task_id'])
    op.create_index('ix_assignments_submitted_task', 'assignments', ['task_id'],
                    sqlite_where=sa.text("status = 'submitted'"),
                    postgresql_where=sa.text("status = 'submitted'"))


def downgrade():
    op.drop_index('ix_assignments_submitted_task', table_name='assignments')
    op.drop_index('ix_assignments_body_id_task_id', table_name='assignments')
