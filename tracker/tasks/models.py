"""A follow-up task: a kind, a title, a default deadline, owned by the assigning body."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.bodies.models import Body
from tracker.core.types import UTCDateTime
from tracker.directives.models import Directive
from tracker.extensions import db

TASK_KINDS = {
    "so_ket": _l("Sơ kết"),
    "tong_ket": _l("Tổng kết"),
    "doi_thoai": _l("Đối thoại"),
    "bao_cao_dinh_ky": _l("Báo cáo định kỳ"),
    "ke_hoach": _l("Kế hoạch"),
    "kiem_tra_giam_sat": _l("Kiểm tra, giám sát"),
    "tuyen_truyen": _l("Tuyên truyền, quán triệt"),
    "tap_huan": _l("Tập huấn"),
    "khac": _l("Khác"),
}
REVIEW_KINDS = ("so_ket", "tong_ket")
PERIODS = {"half_year": _l("6 tháng"), "year": _l("Năm")}


class Task(db.Model):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"), index=True)
    owner_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date]
    review_years: Mapped[int | None]  # N of "sơ kết N năm"
    period_start: Mapped[date | None]  # for periodic reports
    period_end: Mapped[date | None]
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    directive: Mapped[Directive] = relationship(lazy="raise")
    owner_body: Mapped[Body] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return TASK_KINDS.get(self.kind, self.kind)
