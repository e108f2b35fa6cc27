"""bodies' contact address; secret links to one assignment (only the hash of the secret);
attachments uploaded through a link have no user

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 00:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bodies', reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(length=255), server_default='',
                                      nullable=False))
    # Reflected alone (resolve_fks off): assignments' expression indexes would only warn.
    with op.batch_alter_table('attachments',
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.alter_column('uploaded_by_id', existing_type=sa.Integer(), nullable=True)
    op.create_table(
        'assignment_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=16), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('sent_to', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_by_id', sa.Integer(), nullable=True),
        sa.Column('end_reason', sa.String(length=10), server_default='', nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                                name=op.f('fk_assignment_links_assignment_id_assignments')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_assignment_links_created_by_id_users')),
        sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'],
                                name=op.f('fk_assignment_links_ended_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_links')),
        sa.UniqueConstraint('public_id', name=op.f('uq_assignment_links_public_id')),
    )
    op.create_index('ix_assignment_links_assignment_id', 'assignment_links',
                    ['assignment_id'], unique=False)


def downgrade():
    op.drop_index('ix_assignment_links_assignment_id', table_name='assignment_links')
    op.drop_table('assignment_links')
    with op.batch_alter_table('attachments',
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.alter_column('uploaded_by_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('bodies', reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_column('contact_email')
