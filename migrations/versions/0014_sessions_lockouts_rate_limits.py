"""sessions, lock-outs and rate limits: the users' session generation, the failure that
locked a login pair out (and the pair's index), the API's shared rate counters

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 21:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_out', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index('ix_login_attempts_pair_at', ['email', 'remote_addr', 'at'],
                              unique=False)
        batch_op.create_index('ix_login_attempts_locked_out_at', ['locked_out', 'at'],
                              unique=False)
    op.create_table(
        'rate_counters',
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key', 'window_start', name=op.f('pk_rate_counters')),
    )


def downgrade():
    op.drop_table('rate_counters')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_locked_out_at')
        batch_op.drop_index('ix_login_attempts_pair_at')
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of `users` would drop the
    # table that other tables' foreign keys point at.
    op.execute('ALTER TABLE login_attempts DROP COLUMN locked_out')
    op.execute('ALTER TABLE users DROP COLUMN session_generation')
