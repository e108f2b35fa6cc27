"""attachments: removed before submission (who and when); the file stays

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 22:15:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # Reflected alone (resolve_fks off): assignments' expression indexes would only warn.
    with op.batch_alter_table('attachments',
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attachments_removed_by_id_users'), 'users',
                                    ['removed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('attachments',
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachments_removed_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')
