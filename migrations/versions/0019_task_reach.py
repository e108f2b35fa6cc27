"""task reach: how many assignments of each task were given below each body (the tasks list
finds a subtree's tasks by one index lookup), filled from the existing assignments; the
tasks by deadline and by kind (the tasks list walks them in its order)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 06:30:00.000000

"""
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_reach',
    sa.Column('node_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('task_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', 'task_id', name=op.f('pk_task_reach'),
                            postgresql_include=['n']),
    sqlite_with_rowid=False
    )
    _fill()
    op.create_index('ix_tasks_due_on_id', 'tasks', ['due_on', 'id'])
    op.create_index('ix_tasks_kind_id', 'tasks', ['kind', 'id'])


def _fill():
    """The rule of tracker.tasks.reach written out here, so that this revision does not
    depend on application code that may change later: an assignment counts for the parent
    of its body and every body above that parent."""
    bind = op.get_bind()
    paths = dict(bind.execute(sa.text("SELECT id, path FROM bodies")).all())
    counts: Counter = Counter()
    for parent_id, task_id, n in bind.execute(sa.text(
            "SELECT b.parent_id, a.task_id, count(*) FROM assignments a "
            "JOIN bodies b ON b.id = a.body_id WHERE b.parent_id IS NOT NULL "
            "GROUP BY b.parent_id, a.task_id")):
        for node in paths[parent_id].strip("/").split("/"):
            counts[(int(node), task_id)] += n
    table = sa.table("task_reach", sa.column("node_id"), sa.column("task_id"), sa.column("n"))
    values = [{"node_id": k[0], "task_id": k[1], "n": v} for k, v in counts.items()]
    for start in range(0, len(values), 5000):
        op.bulk_insert(table, values[start:start + 5000])


def downgrade():
    op.drop_index('ix_tasks_kind_id', table_name='tasks')
    op.drop_index('ix_tasks_due_on_id', table_name='tasks')
    op.drop_table('task_reach')
