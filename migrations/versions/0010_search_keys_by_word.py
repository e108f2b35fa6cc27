"""search keys of bodies, directives and tasks rebuilt as whole words with the kinds of
documents abbreviated ("Chỉ thị 18" finds "18-CT/TU"; "chi thi" no longer matches inside
"chính quyền ... thiểu số")

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 21:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

from tracker.core.text import fold, search_key

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# The kinds' Vietnamese names as they were when this revision was written.
KINDS = {"quyet_dinh": "Quyết định", "chi_thi": "Chỉ thị", "nghi_quyet": "Nghị quyết",
         "ket_luan": "Kết luận", "ke_hoach": "Kế hoạch", "de_an": "Đề án",
         "huong_dan": "Hướng dẫn", "quy_che": "Quy chế", "quy_dinh": "Quy định",
         "chuong_trinh": "Chương trình"}


def _rewrite(table: str, rows, key) -> None:
    values = [{"row_id": row.id, "key": key(row)} for row in rows]
    if values:
        op.get_bind().execute(
            sa.text(f"UPDATE {table} SET search_key = :key WHERE id = :row_id"), values)


def upgrade():
    bind = op.get_bind()
    _rewrite("bodies", bind.execute(sa.text("SELECT id, name, short_name FROM bodies")),
             lambda r: search_key(r.name, r.short_name))
    _rewrite("directives", bind.execute(sa.text(
        "SELECT id, kind, number, issuer, title, summary FROM directives")),
        lambda r: search_key(KINDS.get(r.kind, ""), r.number, r.issuer, r.title, r.summary))
    _rewrite("tasks", bind.execute(sa.text(
        "SELECT t.id, t.title, t.description, d.kind, d.number FROM tasks t "
        "JOIN directives d ON d.id = t.directive_id")),
        lambda r: search_key(r.title, KINDS.get(r.kind, ""), r.number, r.description))


def downgrade():
    # The former keys: the folded text, punctuation kept.
    bind = op.get_bind()
    _rewrite("bodies", bind.execute(sa.text("SELECT id, name, short_name FROM bodies")),
             lambda r: fold(f"{r.name} {r.short_name}"))
    _rewrite("directives", bind.execute(sa.text(
        "SELECT id, number, issuer, title, summary FROM directives")),
        lambda r: fold(" ".join([r.number, r.issuer, r.title, r.summary])))
    _rewrite("tasks", bind.execute(sa.text(
        "SELECT t.id, t.title, t.description, d.number FROM tasks t "
        "JOIN directives d ON d.id = t.directive_id")),
        lambda r: fold(f"{r.title} {r.number} {r.description}"))
