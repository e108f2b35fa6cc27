"""tasks: the chain of forwarded assignments (a sub-task's parent assignment, the top task
of its chain and its depth)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite adds a column with a foreign key by copying the table (reflected
    # alone: the tables it refers to need no reflection, and assignments' expression
    # indexes would only warn).
    with op.batch_alter_table('tasks', schema=None,
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.add_column(sa.Column('parent_assignment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('root_task_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('chain_depth', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_tasks_parent_assignment_id_assignments'),
                                    'assignments', ['parent_assignment_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_tasks_root_task_id_tasks'),
                                    'tasks', ['root_task_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_tasks_parent_assignment_id'),
                              ['parent_assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_root_task_id'), ['root_task_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('tasks', schema=None,
                              reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_root_task_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_parent_assignment_id'))
        batch_op.drop_constraint(batch_op.f('fk_tasks_root_task_id_tasks'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tasks_parent_assignment_id_assignments'),
                                 type_='foreignkey')
        batch_op.drop_column('chain_depth')
        batch_op.drop_column('root_task_id')
        batch_op.drop_column('parent_assignment_id')
