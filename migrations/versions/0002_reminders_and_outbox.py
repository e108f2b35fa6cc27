"""reminders and outbox: policy, holidays, planning runs, outbox; mail preferences;
an index of open assignments by their current deadline (expression index, partial)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:41:35.570125

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_holidays_day'))
    )
    op.create_table('planning_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('planned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mails', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_runs')),
    sa.UniqueConstraint('day', name=op.f('uq_planning_runs_day'))
    )
    op.create_table('reminder_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('before_days', sa.String(length=50), nullable=False),
    sa.Column('overdue_every_working_days', sa.Integer(), nullable=False),
    sa.Column('escalate_after_days', sa.Integer(), nullable=False),
    sa.Column('send_hour', sa.Integer(), nullable=False),
    sa.Column('send_minute', sa.Integer(), nullable=False),
    sa.Column('digest_weekday', sa.Integer(), nullable=False),
    sa.Column('digest_hour', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_policy'))
    )
    op.create_table('outbox_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('recipient_email', sa.String(length=255), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('planned_for', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mails')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_mails_key'))
    )
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_mails_claim_token', ['claim_token'], unique=False,
                              sqlite_where=sa.text('claim_token IS NOT NULL'),
                              postgresql_where=sa.text('claim_token IS NOT NULL'))
        batch_op.create_index('ix_outbox_mails_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_mails', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('daily_digest', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Autogenerate does not see expression indexes: written by hand, same on both databases.
    op.create_index('ix_assignments_open_deadline', 'assignments',
                    [sa.text('coalesce(extended_due_on, due_on)')],
                    sqlite_where=sa.text("status != 'done'"),
                    postgresql_where=sa.text("status != 'done'"))



def downgrade():
    op.drop_index('ix_assignments_open_deadline', table_name='assignments')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('daily_digest')
        batch_op.drop_column('reminder_mails')

    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_mails_status_next_attempt_at')
        batch_op.drop_index('ix_outbox_mails_claim_token')

    op.drop_table('outbox_mails')
    op.drop_table('reminder_policy')
    op.drop_table('planning_runs')
    op.drop_table('holidays')
