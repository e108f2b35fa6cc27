"""holidays: make-up working days (ngày làm bù); outbox: why a mail was not sent

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holidays') as batch:
        batch.add_column(sa.Column('working', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table('outbox_mails') as batch:
        batch.add_column(sa.Column('reason', sa.String(length=20), nullable=False,
                                   server_default=''))
    # Rows cancelled before this revision were all cancelled because the work was done.
    op.execute("UPDATE outbox_mails SET reason = 'done' WHERE status = 'cancelled'")


def downgrade():
    with op.batch_alter_table('outbox_mails') as batch:
        batch.drop_column('reason')
    with op.batch_alter_table('holidays') as batch:
        batch.drop_column('working')
