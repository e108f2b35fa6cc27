"""status counts: the exact histogram of assignments per body subtree, bucket and deadline,
filled from the existing assignments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:01:11.180114

"""
from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('status_counts',
    sa.Column('node_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('bucket', sa.String(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', 'bucket', 'deadline', name=op.f('pk_status_counts'))
    )
    _fill()


def _fill():
    """The same rule as tracker.status.histogram, written out here so that this revision
    does not depend on application code that may change later."""
    bind = op.get_bind()
    paths = dict(bind.execute(sa.text("SELECT id, path FROM bodies")).all())
    rows = bind.execute(sa.text(
        "SELECT body_id, status, completed_on, coalesce(extended_due_on, due_on), count(*) "
        "FROM assignments GROUP BY body_id, status, completed_on, "
        "coalesce(extended_due_on, due_on)"))
    counts = defaultdict(int)
    for body_id, status, completed_on, deadline, n in rows:
        if isinstance(deadline, str):  # SQLite returns the coalesce() as text
            deadline = date.fromisoformat(deadline)
        if status == "done":
            bucket = "done_on_time" if str(completed_on) <= str(deadline) else "done_late"
        else:
            bucket = "open_not_started" if status == "not_started" else "open_started"
        for node in paths[body_id].strip("/").split("/"):
            counts[(int(node), bucket, deadline)] += n
    table = sa.table("status_counts", sa.column("node_id"), sa.column("bucket"),
                     sa.column("deadline", sa.Date()), sa.column("n"))
    values = [{"node_id": k[0], "bucket": k[1], "deadline": k[2], "n": v}
              for k, v in counts.items()]
    if values:
        op.bulk_insert(table, values)


def downgrade():
    op.drop_table('status_counts')
