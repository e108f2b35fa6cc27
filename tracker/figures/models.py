"""Figure templates (biểu mẫu số liệu): indicators a task asks every assignee to report,
their versions, the task a template is attached to, and the values bodies enter."""
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.bodies.models import Body
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

# Numbers are stored as thousandths in an integer column: sums are exact on SQLite and
# PostgreSQL alike (no float, no Decimal warnings), three decimals are enough for a percent.
SCALE = 1000


class IndicatorTemplate(db.Model):
    """A Ban's template, usually copied from the shipped library and adapted."""

    __tablename__ = "indicator_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    library_key: Mapped[str] = mapped_column(String(50), default="")  # copied from
    current_number: Mapped[int] = mapped_column(default=1)  # the version new forms use
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    owner_body: Mapped[Body] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}


class IndicatorTemplateVersion(db.Model):
    """The indicators of a template as they were when bodies reported against them. A
    version that has values is never changed: editing makes the next version."""

    __tablename__ = "indicator_template_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("indicator_templates.id"))
    number: Mapped[int]
    # [{"code", "name", "unit", "type", "required", "source", "breakdowns": [
    #    {"code", "name", "options": [{"code", "name"}]}]}]
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("template_id", "number"),)


class TaskIndicatorTemplate(db.Model):
    """The template a task carries (one per task); forwarding copies the link down."""

    __tablename__ = "task_indicator_templates"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("indicator_templates.id"), index=True)


class FigureValue(db.Model):
    """One cell of a body's figure form: an indicator's total (cell "") or one breakdown
    cell ("kinh_te/tap_the"). Its old values live in the assignment's history."""

    __tablename__ = "figure_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    template_version_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_template_versions.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(50))
    cell: Mapped[str] = mapped_column(String(200), default="")
    value: Mapped[int | None] = mapped_column(BigInteger)  # thousandths (see SCALE)
    text_value: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="typed")  # typed, dialogues, adopted
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("assignment_id", "indicator", "cell"),
        Index("ix_figure_values_indicator", "indicator", "cell"),
    )


history_labels.register(
    actions={"figures": _l("Cập nhật biểu mẫu số liệu"),
             "figures_adopted": _l("Lấy số liệu tổng hợp của cấp dưới"),
             "figures_from_dialogues": _l("Số liệu đối thoại theo các cuộc đã ghi nhận"),
             "figure_template": _l("Gắn biểu mẫu số liệu")},
    fields={"template_version": _l("Phiên bản biểu mẫu"), "template": _l("Biểu mẫu số liệu")},
    hidden={"source_assignments"})
