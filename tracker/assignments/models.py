"""An assignment and what a unit attaches to it: files, figures, dialogues, extension requests."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments import state
from tracker.bodies.models import Body
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels
from tracker.tasks.models import Task

ROLES = {"lead": _l("Chủ trì"), "support": _l("Phối hợp")}

# Stored workflow status. Overdue / done late are derived (see assignments.state).
STATUSES = {
    "not_started": _l("Chưa thực hiện"),
    "in_progress": _l("Đang thực hiện"),
    "submitted": _l("Đã nộp, chờ tiếp nhận"),
    "returned": _l("Bị trả lại"),
    "done": _l("Hoàn thành"),
}

DIALOGUE_LEVELS = {"tinh": _l("Cấp tỉnh"), "huyen": _l("Cấp huyện"), "xa": _l("Cấp xã")}


class Assignment(db.Model):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    # active_history: the status histogram needs the old value even when it was expired.
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), active_history=True)
    role: Mapped[str] = mapped_column(String(10), default="support")
    # The deadline first given is never overwritten; a granted extension sets extended_due_on.
    due_on: Mapped[date] = mapped_column(active_history=True)
    extended_due_on: Mapped[date | None] = mapped_column(active_history=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started", active_history=True)
    progress: Mapped[int] = mapped_column(default=0)
    submitted_on: Mapped[date | None]  # Vietnam date of the latest submission
    completed_on: Mapped[date | None] = mapped_column(active_history=True)  # submission date
    # of the accepted report
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    task: Mapped[Task] = relationship(foreign_keys=[task_id], lazy="raise")
    body: Mapped[Body] = relationship(lazy="raise")
    # Tasks created by forwarding this assignment to the body's own bodies (tracker/chain).
    sub_tasks: Mapped[list[Task]] = relationship(
        foreign_keys=[Task.parent_assignment_id], back_populates="parent_assignment",
        lazy="raise", order_by=Task.id)

    __table_args__ = (
        UniqueConstraint("task_id", "body_id"),
        Index("ix_assignments_body_id_status", "body_id", "status"),
        # The tasks with an assignment in a subtree, read from the index alone (tasks'
        # visibility, migration 0018).
        Index("ix_assignments_body_id_task_id", "body_id", "task_id"),
        # The list sorted by latest activity (migration 0017; the other sorts below).
        Index("ix_assignments_last_activity_at_id", "last_activity_at", "id"),
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def effective_due_on(self) -> date:
        return state.deadline(self.due_on, self.extended_due_on)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def _open_by_deadline(name: str, *leading):
    """A partial index of open assignments by their deadline in force, from the rules in
    state.py (migrations 0002 and 0007 create them; tests/test_migrations.py compares)."""
    columns = Assignment.__table__.c
    where = state.open_sql(columns)
    return Index(name, *leading, state.deadline_sql(columns), sqlite_where=where,
                 postgresql_where=where)


def _list_order(name: str, *expressions, where=None):
    """An index that serves one order of the assignment list (queries.list_order), made
    from the rules in state.py (migration 0017 creates them; tests/test_migrations.py
    compares)."""
    return Index(name, *expressions, Assignment.__table__.c.id,
                 sqlite_where=where, postgresql_where=where)


_columns = Assignment.__table__.c
# The default order (open work, then done, each by deadline) and the order by deadline.
_list_order("ix_assignments_done_rank_deadline", state.done_rank_sql(_columns),
            state.deadline_sql(_columns))
_list_order("ix_assignments_deadline_id", state.deadline_sql(_columns))
# The coordinator's inbox: the reports waiting, the longest waiting first.
_list_order("ix_assignments_waiting", _columns.submitted_on, _columns.last_activity_at,
            where=_columns.status == state.SUBMITTED)
# The menu's count of them, task by task of the coordinator's scope (migration 0018).
Index("ix_assignments_submitted_task", _columns.task_id,
      sqlite_where=_columns.status == state.SUBMITTED,
      postgresql_where=_columns.status == state.SUBMITTED)

# Reminders look open assignments up by their current deadline.
_open_by_deadline("ix_assignments_open_deadline")
# The overdue review walks each body's open assignments by deadline.
_open_by_deadline("ix_assignments_body_open_deadline", Assignment.__table__.c.body_id)


class Attachment(db.Model):
    """An uploaded file, kept outside the static folder under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # None: uploaded through a body's secret link (tracker/links), by no account.
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Removed by mistake before the report was submitted: off the report, kept on disk and
    # in the history (a file is never destroyed).
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Figure(db.Model):
    """A named count a unit reports ("số cuộc đối thoại" = 16 cuộc); history keeps old values."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    value: Mapped[int] = mapped_column(BigInteger)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("assignment_id", "name_key"),)


class Dialogue(db.Model):
    """One dialogue held between a leader and the people (Quyết định 320-QĐ/TU)."""

    __tablename__ = "dialogues"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    held_on: Mapped[date]
    level: Mapped[str] = mapped_column(String(10))
    host: Mapped[str] = mapped_column(String(255))
    place: Mapped[str] = mapped_column(String(255))
    participants: Mapped[int]
    opinions_raised: Mapped[int]
    opinions_settled: Mapped[int]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def level_label(self) -> str:
        return DIALOGUE_LEVELS.get(self.level, self.level)


EXTENSION_STATUSES = {"pending": _l("Chờ xử lý"), "granted": _l("Đã gia hạn"),
                      "refused": _l("Từ chối")}


class ExtensionRequest(db.Model):
    """A unit asks for a later deadline; the coordinator grants or refuses with a reason."""

    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    requested_due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")

    @property
    def status_label(self) -> str:
        return EXTENSION_STATUSES.get(self.status, self.status)


history_labels.register(
    actions={"progress": _l("Cập nhật tiến độ"), "figure": _l("Cập nhật số liệu"),
             "dialogue": _l("Ghi nhận cuộc đối thoại"), "attachment": _l("Đính kèm tệp"),
             "submitted": _l("Nộp báo cáo"), "accepted": _l("Tiếp nhận, hoàn thành"),
             "returned": _l("Trả lại báo cáo"), "extension_requested": _l("Đề nghị gia hạn"),
             "extension_granted": _l("Đồng ý gia hạn"),
             "extension_refused": _l("Từ chối gia hạn"), "deadline_extended": _l("Gia hạn"),
             "reassigned": _l("Chuyển đơn vị thực hiện"),
             "attachment_removed": _l("Gỡ tệp đính kèm (tệp vẫn được lưu)"),
             "attachment_replaced": _l("Thay tệp đính kèm (tệp cũ vẫn được lưu)")},
    fields={"progress": _l("Tiến độ (%)"), "submitted_on": _l("Ngày nộp"),
            "completed_on": _l("Ngày hoàn thành"), "requested_due_on": _l("Hạn đề nghị"),
            "file": _l("Tệp"), "replaced_by": _l("Thay bằng"),
            "size": _l("Dung lượng (byte)"), "held_on": _l("Ngày"),
            "host": _l("Chủ trì"), "place": _l("Địa điểm"), "participants": _l("Số người"),
            "opinions_raised": _l("Ý kiến, kiến nghị"),
            "opinions_settled": _l("Đã giải quyết"), "on_behalf_of": _l("Nhập thay cho")},
    hidden={"request_id", "attachment_id", "sha256", "on_behalf_of_id"},
    values={"status": STATUSES, "role": ROLES, "level": DIALOGUE_LEVELS})
