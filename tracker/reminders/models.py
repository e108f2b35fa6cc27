"""Reminder policy, holidays, and the outbox of mails, one row per unique mail key."""
from datetime import date, datetime

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.types import UTCDateTime
from tracker.extensions import db

MAIL_KINDS = {
    "before": "Nhắc trước hạn",
    "due_today": "Đến hạn hôm nay",
    "overdue": "Quá hạn",
    "overdue_copy": "Bản sao quá hạn (Ban Dân vận)",
    "escalation": "Báo cáo lãnh đạo (quá hạn lâu)",
    "daily_digest": "Tổng hợp hằng ngày",
    "weekly_digest": "Tổng hợp hằng tuần",
    "urge": "Đôn đốc",
    "test": "Thư thử",
}
OUTBOX_STATUSES = {
    "pending": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Lỗi",
    "cancelled": "Không gửi (đã hoàn thành)",
}


class ReminderPolicy(db.Model):
    """The one row of settings the admin edits."""

    __tablename__ = "reminder_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    before_days: Mapped[str] = mapped_column(String(50), default="7,3,1")
    overdue_every_working_days: Mapped[int] = mapped_column(default=3)
    escalate_after_days: Mapped[int] = mapped_column(default=7)
    send_hour: Mapped[int] = mapped_column(default=7)
    send_minute: Mapped[int] = mapped_column(default=30)
    digest_weekday: Mapped[int] = mapped_column(default=0)  # Monday
    digest_hour: Mapped[int] = mapped_column(default=7)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def offsets(self) -> list[int]:
        return sorted({int(x) for x in self.before_days.split(",") if x.strip()}, reverse=True)


class Holiday(db.Model):
    """A day off (Tết, 30/4, 2/9 ...): no mail goes out, reminders move before it."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))


class PlanningRun(db.Model):
    """One row per day planned, so that a missed day is caught up exactly once."""

    __tablename__ = "planning_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    mails: Mapped[int] = mapped_column(default=0)


class OutboxMail(db.Model):
    """A mail to send. `key` is unique: a rerun or a second scheduler cannot add it twice."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # No foreign keys: the outbox is a log of mails, users and assignments are never
    # deleted, and per-row FK checks made the national daily pass 40% slower on PostgreSQL.
    recipient_id: Mapped[int | None]
    recipient_email: Mapped[str] = mapped_column(String(255))
    assignment_id: Mapped[int | None]
    planned_for: Mapped[date]  # the working day the reminder belongs to
    note: Mapped[str] = mapped_column(Text, default="")  # urge text, test mail text
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_outbox_mails_status_next_attempt_at", "status", "next_attempt_at"),
        # Only rows being sent carry a token: a partial index stays tiny.
        Index("ix_outbox_mails_claim_token", "claim_token",
              sqlite_where=text("claim_token IS NOT NULL"),
              postgresql_where=text("claim_token IS NOT NULL")),
    )

    @property
    def message_id(self) -> str:
        """Deterministic, so a duplicate after a crash mid-SMTP is recognisable."""
        import hashlib
        return f"<{hashlib.sha256(self.key.encode()).hexdigest()[:32]}@theo-doi-dan-van>"
