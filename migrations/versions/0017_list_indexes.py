"""list indexes: every order the assignment list offers (open work then done, by deadline;
by deadline; by latest activity; by body name; by task title) and the coordinator's inbox,
each ending with the id, so that a page is one walk of an index from a cursor

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 00:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

DEADLINE = "coalesce(extended_due_on, due_on)"
# assignments/state.py done_rank_sql: written out the same way in the queries' ORDER BY.
# PostgreSQL wants an index expression other than a function call in parentheses.
DONE_RANK = "(CASE WHEN (status = 'done') THEN 1 ELSE 0 END)"


def upgrade():
    # Autogenerate does not see expression or partial indexes: written by hand, the same on
    # both databases (tests/test_migrations.py compares them with the models').
    op.create_index('ix_assignments_done_rank_deadline', 'assignments',
                    [sa.text(DONE_RANK), sa.text(DEADLINE), 'id'])
    op.create_index('ix_assignments_deadline_id', 'assignments', [sa.text(DEADLINE), 'id'])
    op.create_index('ix_assignments_waiting', 'assignments',
                    ['submitted_on', 'last_activity_at', 'id'],
                    sqlite_where=sa.text("status = 'submitted'"),
                    postgresql_where=sa.text("status = 'submitted'"))
    op.create_index('ix_assignments_last_activity_at_id', 'assignments',
                    ['last_activity_at', 'id'])
    op.create_index('ix_bodies_name_id', 'bodies', ['name', 'id'])
    op.create_index('ix_tasks_title_id', 'tasks', ['title', 'id'])


def downgrade():
    for name, table in (('ix_tasks_title_id', 'tasks'), ('ix_bodies_name_id', 'bodies'),
                        ('ix_assignments_last_activity_at_id', 'assignments'),
                        ('ix_assignments_waiting', 'assignments'),
                        ('ix_assignments_deadline_id', 'assignments'),
                        ('ix_assignments_done_rank_deadline', 'assignments')):
        op.drop_index(name, table_name=table)
