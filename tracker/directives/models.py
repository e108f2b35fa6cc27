"""A directive: number-symbol, kind, issuer, issue date; may implement another directive."""
from datetime import date, datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.bodies.models import Body
from tracker.core.search import words_index
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

DIRECTIVE_KINDS = {
    "quyet_dinh": _l("Quyết định"),
    "chi_thi": _l("Chỉ thị"),
    "nghi_quyet": _l("Nghị quyết"),
    "ket_luan": _l("Kết luận"),
    "ke_hoach": _l("Kế hoạch"),
    "de_an": _l("Đề án"),
    "huong_dan": _l("Hướng dẫn"),
    "quy_che": _l("Quy chế"),
    "quy_dinh": _l("Quy định"),
    "chuong_trinh": _l("Chương trình"),
}

ISSUERS = [
    "Bộ Chính trị", "Ban Bí thư", "Thủ tướng Chính phủ", "Ban Dân vận Trung ương",
    "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh", "Ban Dân vận Tỉnh ủy",
]


class Directive(db.Model):
    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The body that registered it; its subtree (and the bodies below) may read it.
    owner_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"), index=True)
    number: Mapped[str] = mapped_column(String(60))
    number_key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30))
    issuer: Mapped[str] = mapped_column(String(255))
    issuer_key: Mapped[str] = mapped_column(String(255))
    issued_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    owner_body: Mapped[Body] = relationship(lazy="raise")
    parent: Mapped["Directive | None"] = relationship(remote_side="Directive.id", lazy="raise")

    __table_args__ = (
        # The same issuer never gives two documents the same number; another province
        # registering the same central directive is a different row.
        UniqueConstraint("owner_body_id", "issuer_key", "number_key"),
        words_index("directives"),
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return DIRECTIVE_KINDS.get(self.kind, self.kind)

    @property
    def citation(self) -> str:
        """'Chỉ thị số 33-CT/TU, ngày 30/10/2017 của Tỉnh ủy Lào Cai' as reports cite it."""
        return gettext("%(kind)s số %(number)s, ngày %(date)s của %(issuer)s",
                       kind=self.kind_label, number=self.number,
                       date=self.issued_on.strftime("%d/%m/%Y"), issuer=self.issuer)


history_labels.register(
    fields={"number": _l("Số, ký hiệu"), "issuer": _l("Cơ quan ban hành"),
            "issued_on": _l("Ngày ban hành"), "summary": _l("Tóm tắt"),
            "directive_id": _l("Văn bản")},
    hidden={"directive_id"},
    values={"kind": DIRECTIVE_KINDS})
