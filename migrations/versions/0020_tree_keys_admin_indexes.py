"""body tree keys and the admin lists' indexes: each body's place in the tree order (its
ancestors' and its own names and ids as one text compared byte by byte), filled from the
existing bodies, with its index, so that a page of the admin's body tree is one walk of that
index; the outbox by recipient (a province's admin reads its mails from its accounts);
the accounts by name (the admin's list walks them in its order)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 12:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bodies', reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.add_column(sa.Column('tree_key', sa.Text(), server_default='',
                                      nullable=False))
    _fill()
    op.create_index('ix_bodies_tree_key', 'bodies', ['tree_key'],
                    postgresql_ops={'tree_key': 'text_pattern_ops'})
    op.create_index('ix_outbox_mails_recipient_id_id', 'outbox_mails', ['recipient_id', 'id'])
    op.create_index('ix_users_full_name_id', 'users', ['full_name', 'id'])


def _segment(search_key: str, body_id: int) -> str:
    """tracker.bodies.models.key_segment written out here, so that this revision does not
    depend on application code that may change later."""
    return f"{search_key.replace(' ', '!')[:100]} {body_id:010d}"


def _fill():
    bind = op.get_bind()
    rows = {row[0]: row for row in bind.execute(
        sa.text("SELECT id, parent_id, search_key FROM bodies")).all()}
    keys: dict[int, str] = {}
    for body_id in rows:
        line = []  # the body and its ancestors whose keys are not known yet, lowest first
        at = body_id
        while at is not None and at not in keys:
            line.append(at)
            at = rows[at][1]
        for node in reversed(line):
            parent_id = rows[node][1]
            keys[node] = (keys[parent_id] if parent_id is not None else "") + _segment(
                rows[node][2] or "", node)
    bodies = sa.table('bodies', sa.column('id', sa.Integer()),
                      sa.column('tree_key', sa.Text()))
    statement = (sa.update(bodies).where(bodies.c.id == sa.bindparam('body_id'))
                 .values(tree_key=sa.bindparam('key')))
    values = [{'body_id': i, 'key': k} for i, k in keys.items()]
    for start in range(0, len(values), 5000):
        bind.execute(statement, values[start:start + 5000])


def downgrade():
    op.drop_index('ix_users_full_name_id', table_name='users')
    op.drop_index('ix_outbox_mails_recipient_id_id', table_name='outbox_mails')
    op.drop_index('ix_bodies_tree_key', table_name='bodies')
    with op.batch_alter_table('bodies', reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_column('tree_key')
