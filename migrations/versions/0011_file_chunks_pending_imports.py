"""file chunks and pending imports: attachment contents in the database (one row per
megabyte) and previewed sheets waiting for confirmation, so that every web server on the
database sees them

Existing attachments stay in the instance folder until `flask files move` copies them in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'file_chunks',
        sa.Column('file_key', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('file_key', 'seq', name=op.f('pk_file_chunks')),
    )
    op.create_table(
        'pending_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_pending_imports_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_imports')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_pending_imports_token_hash')),
    )
    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_imports_user_id'), ['user_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_pending_imports_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_imports_created_at'))
        batch_op.drop_index(batch_op.f('ix_pending_imports_user_id'))
    op.drop_table('pending_imports')
    op.drop_table('file_chunks')
