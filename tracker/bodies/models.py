"""The body tree. Levels and kinds are data, so merged provinces need no schema change."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.search import words_index
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

# Lazy labels: translated when shown. Where a plain string is needed (a spreadsheet cell,
# a search key), convert with str() at that point.
BODY_KINDS = {
    "dia_phuong": _l("Địa phương (tỉnh, huyện, xã)"),
    "ban_dan_van": _l("Ban Dân vận"),
    "cap_uy": _l("Cấp ủy đảng"),
    "hdnd": _l("Hội đồng nhân dân"),
    "ubnd": _l("Ủy ban nhân dân"),
    "so_nganh": _l("Sở, ban, ngành"),
    "mttq": _l("Ủy ban MTTQ"),
    "doan_the": _l("Đoàn thể chính trị - xã hội"),
    "cong_an": _l("Công an"),
    "quan_su": _l("Quân sự"),
    "bien_phong": _l("Bộ đội Biên phòng"),
    "toa_an": _l("Tòa án"),
    "vien_kiem_sat": _l("Viện kiểm sát"),
    "khac": _l("Khác"),
}

BODY_LEVELS = {
    "trung_uong": _l("Trung ương"),
    "tinh": _l("Tỉnh"),
    "huyen": _l("Huyện"),
    "xa": _l("Xã"),
}


NAME_IN_KEY = 100  # characters of a search key kept in a tree key (longer twins: by id)


def key_segment(search_key: str, body_id: int) -> str:
    """A body's own part of its tree key: its search key with "!" for each space, cut at
    NAME_IN_KEY characters, then a space and the id in ten digits (ids are 32-bit). The
    space ends the name and sorts before "!" and before every letter or digit of a search
    key, so two keys compared byte by byte compare the names as their search keys compare
    (a name before the longer names it begins), then the ids; a parent's key begins its
    children's, so it comes first and its subtree follows it."""
    return f"{search_key.replace(' ', '!')[:NAME_IN_KEY]} {body_id:010d}"


class Body(db.Model):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    # Materialized path "/1/7/42/": a subtree is one indexed prefix test, at any depth.
    path: Mapped[str] = mapped_column(String(500), default="")
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(30))
    search_key: Mapped[str] = mapped_column(String(400), default="")
    # The body's place in the tree order (parents first, siblings by name then id, subtrees
    # together) as one text compared byte by byte: its ancestors' and its own
    # `key_segment`s. Kept by every write of the tree (bodies/operations.py), so that a page
    # of the tree is one walk of its index.
    tree_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Where mail for a body without accounts goes: its reminders then carry a secret link
    # to the assignment (tracker/links). "" when it has none.
    contact_email: Mapped[str] = mapped_column(String(255), default="", server_default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    parent: Mapped["Body | None"] = relationship(
        remote_side="Body.id", foreign_keys=[parent_id], lazy="raise"
    )
    merged_into: Mapped["Body | None"] = relationship(
        remote_side="Body.id", foreign_keys=[merged_into_id], lazy="raise"
    )

    __table_args__ = (
        Index("ix_bodies_kind_level", "kind", "level"),
        words_index("bodies"),
        # Pattern ops so that PostgreSQL uses the index for "path LIKE '/1/7/%'".
        Index("ix_bodies_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
        # Lists sorted by the body's name (assignments by body): walked in order.
        Index("ix_bodies_name_id", "name", "id"),
        # Pattern ops: PostgreSQL walks it in byte order (ORDER BY ... USING ~<~) and seeks a
        # subtree's keys with "tree_key LIKE 'prefix%'", whatever the database's collation.
        Index("ix_bodies_tree_key", "tree_key",
              postgresql_ops={"tree_key": "text_pattern_ops"}),
    )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def kind_label(self) -> str:
        return BODY_KINDS.get(self.kind, self.kind)

    @property
    def level_label(self) -> str:
        return BODY_LEVELS.get(self.level, self.level)

    def contains(self, other: "Body") -> bool:
        """True when `other` is this body or lies below it."""
        return other.path.startswith(self.path)

    def __repr__(self) -> str:
        return f"<Body {self.id} {self.name}>"


history_labels.register(
    actions={"renamed": _l("Đổi tên"), "moved": _l("Chuyển đơn vị cấp trên"),
             "merged": _l("Sáp nhập"), "received_merge": _l("Tiếp nhận đơn vị sáp nhập")},
    fields={"short_name": _l("Tên viết tắt"),
            "contact_email": _l("Email liên hệ"), "parent": _l("Đơn vị cấp trên"),
            "parent_id": _l("Văn bản/đơn vị cấp trên"), "merged_into": _l("Sáp nhập vào"),
            "users_moved": _l("Số tài khoản chuyển"), "read_only": _l("Chỉ đọc"),
            "merged_body_name": _l("Đơn vị sáp nhập"),
            "merged_body_id": _l("Mã đơn vị sáp nhập")},
    hidden={"merged_into_id", "merged_body_id"},
    values={"kind": BODY_KINDS, "level": BODY_LEVELS})
