"""the outbox by recipient and status: a province's admin counts each status of its mails
on the index of its accounts (a range per account), instead of reading every mail of its
accounts again for each status; the index (recipient, id) it replaces served nothing else

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 15:40:00.000000

"""
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_outbox_mails_recipient_id_status_id', 'outbox_mails',
                    ['recipient_id', 'status', 'id'])
    op.drop_index('ix_outbox_mails_recipient_id_id', table_name='outbox_mails')


def downgrade():
    op.create_index('ix_outbox_mails_recipient_id_id', 'outbox_mails', ['recipient_id', 'id'])
    op.drop_index('ix_outbox_mails_recipient_id_status_id', table_name='outbox_mails')
