"""figure templates: indicator templates and their versions, the template a task carries,
and the values of each body's figure form (thousandths in an integer: exact sums)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 21:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'indicator_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_body_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('library_key', sa.String(length=50), nullable=False),
        sa.Column('current_number', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_indicator_templates_created_by_id_users')),
        sa.ForeignKeyConstraint(['owner_body_id'], ['bodies.id'],
                                name=op.f('fk_indicator_templates_owner_body_id_bodies')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_templates')),
    )
    op.create_index(op.f('ix_indicator_templates_owner_body_id'), 'indicator_templates',
                    ['owner_body_id'], unique=False)
    op.create_table(
        'indicator_template_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('indicators', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_indicator_template_versions_created_by_id_users')),
        sa.ForeignKeyConstraint(
            ['template_id'], ['indicator_templates.id'],
            name=op.f('fk_indicator_template_versions_template_id_indicator_templates')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_template_versions')),
        sa.UniqueConstraint('template_id', 'number',
                            name=op.f('uq_indicator_template_versions_template_id_number')),
    )
    op.create_table(
        'task_indicator_templates',
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'],
                                name=op.f('fk_task_indicator_templates_task_id_tasks')),
        sa.ForeignKeyConstraint(
            ['template_id'], ['indicator_templates.id'],
            name=op.f('fk_task_indicator_templates_template_id_indicator_templates')),
        sa.PrimaryKeyConstraint('task_id', name=op.f('pk_task_indicator_templates')),
    )
    op.create_index(op.f('ix_task_indicator_templates_template_id'),
                    'task_indicator_templates', ['template_id'], unique=False)
    op.create_table(
        'figure_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('template_version_id', sa.Integer(), nullable=False),
        sa.Column('indicator', sa.String(length=50), nullable=False),
        sa.Column('cell', sa.String(length=200), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=True),
        sa.Column('text_value', sa.Text(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                                name=op.f('fk_figure_values_assignment_id_assignments')),
        sa.ForeignKeyConstraint(
            ['template_version_id'], ['indicator_template_versions.id'],
            name=op.f('fk_figure_values_template_version_id_indicator_template_versions')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_figure_values_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_values')),
        sa.UniqueConstraint('assignment_id', 'indicator', 'cell',
                            name=op.f('uq_figure_values_assignment_id_indicator_cell')),
    )
    op.create_index('ix_figure_values_indicator', 'figure_values', ['indicator', 'cell'],
                    unique=False)
    op.create_index(op.f('ix_figure_values_template_version_id'), 'figure_values',
                    ['template_version_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_figure_values_template_version_id'), table_name='figure_values')
    op.drop_index('ix_figure_values_indicator', table_name='figure_values')
    op.drop_table('figure_values')
    op.drop_index(op.f('ix_task_indicator_templates_template_id'),
                  table_name='task_indicator_templates')
    op.drop_table('task_indicator_templates')
    op.drop_table('indicator_template_versions')
    op.drop_index(op.f('ix_indicator_templates_owner_body_id'),
                  table_name='indicator_templates')
    op.drop_table('indicator_templates')
