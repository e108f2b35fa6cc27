"""event mail preferences: per user, whether mails on submitted reports, accepted reports
and extension decisions are wanted (all on by default; the returned report's mail has no
switch)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 00:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = ('mail_on_submitted', 'mail_on_accepted', 'mail_on_extension')


def upgrade():
    # ADD COLUMN only: batch mode adds them in place on SQLite (no copy of `users`).
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), server_default=sa.true(),
                                          nullable=False))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of `users` would drop the
    # table that other tables' foreign keys point at.
    for name in reversed(COLUMNS):
        op.execute(f'ALTER TABLE users DROP COLUMN {name}')
