"""Reminder policy, holidays, and the outbox of mails, one row per unique mail key."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

MAIL_KINDS = {
    "before": _l("Nhắc trước hạn"),
    "due_today": _l("Đến hạn hôm nay"),
    "overdue": _l("Quá hạn"),
    "overdue_copy": _l("Bản sao quá hạn (Ban Dân vận)"),
    "escalation": _l("Báo cáo lãnh đạo (quá hạn lâu)"),
    "daily_digest": _l("Tổng hợp hằng ngày"),
    "weekly_digest": _l("Tổng hợp hằng tuần"),
    "urge": _l("Đôn đốc"),
    "link": _l("Đường dẫn báo cáo (đơn vị không có tài khoản)"),
    "test": _l("Thư thử"),
    "submitted": _l("Báo cáo được nộp"),
    "accepted": _l("Báo cáo được tiếp nhận"),
    "returned": _l("Báo cáo bị trả lại"),
    "extension_granted": _l("Đồng ý gia hạn"),
    "extension_refused": _l("Từ chối gia hạn"),
}
# Mails a user may turn off in their profile (single reminders) or choose (the daily
# digest); escalations, urges, weekly digests and test mails always go out.
OPTIONAL_KINDS = {"before", "due_today", "overdue", "overdue_copy", "daily_digest"}
OUTBOX_STATUSES = {
    "pending": _l("Chờ gửi"),
    "sending": _l("Đang gửi"),
    "sent": _l("Đã gửi"),
    "failed": _l("Lỗi"),
    "cancelled": _l("Không gửi"),
}
# Why a mail was not sent: checked at delivery against the assignment as it is then.
CANCEL_REASONS = {
    "done": _l("phân công đã hoàn thành"),
    "deadline_moved": _l("hạn đã thay đổi, thư không còn đúng"),
    "reassigned": _l("người nhận không còn phụ trách phân công"),
    "nothing_due": _l("không còn việc nào cần nhắc"),
    "gone": _l("phân công không còn"),
    "reviewed": _l("báo cáo đã được xét trước khi thư đi"),
    "superseded": _l("báo cáo đã thay đổi sau đó (nộp lại, tiếp nhận hoặc trả lại)"),
    "stale": _l("sự việc đã quá 7 ngày, thư không còn là tin mới"),
    "submitted": _l("đơn vị đã nộp báo cáo"),
}
# The reminder policy before the admin changes it: the column defaults and the unsaved
# policy both come from here.
POLICY_DEFAULTS = {"before_days": "7,3,1", "overdue_every_working_days": 3,
                   "escalate_after_days": 7, "send_hour": 7, "send_minute": 30,
                   "digest_weekday": 0, "digest_hour": 7}


class ReminderPolicy(db.Model):
    """The one row of settings the admin edits."""

    __tablename__ = "reminder_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    before_days: Mapped[str] = mapped_column(String(50),
                                             default=POLICY_DEFAULTS["before_days"])
    overdue_every_working_days: Mapped[int] = mapped_column(
        default=POLICY_DEFAULTS["overdue_every_working_days"])
    escalate_after_days: Mapped[int] = mapped_column(
        default=POLICY_DEFAULTS["escalate_after_days"])
    send_hour: Mapped[int] = mapped_column(default=POLICY_DEFAULTS["send_hour"])
    send_minute: Mapped[int] = mapped_column(default=POLICY_DEFAULTS["send_minute"])
    digest_weekday: Mapped[int] = mapped_column(
        default=POLICY_DEFAULTS["digest_weekday"])  # Monday
    digest_hour: Mapped[int] = mapped_column(default=POLICY_DEFAULTS["digest_hour"])
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def offsets(self) -> list[int]:
        return sorted({int(x) for x in self.before_days.split(",") if x.strip()}, reverse=True)


class Holiday(db.Model):
    """A day the admin added to Vietnam's public holidays: a day off (no mail goes out,
    reminders move before it), or, with `working`, a make-up working day (ngày làm bù,
    a Saturday worked in exchange for a day off)."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))
    working: Mapped[bool] = mapped_column(default=False, server_default=false())


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
    reason: Mapped[str] = mapped_column(String(20), default="", server_default="")  # cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_outbox_mails_status_next_attempt_at", "status", "next_attempt_at"),
        # Only rows being sent carry a token: a partial index stays tiny.
        Index("ix_outbox_mails_claim_token", "claim_token",
              sqlite_where=text("claim_token IS NOT NULL"),
              postgresql_where=text("claim_token IS NOT NULL")),
        # A province's admin reads its mails from its accounts, not the whole outbox, and
        # counts each status as a range per account; the mails to a contact address (no
        # recipient) are the range of NULL, each checked.
        Index("ix_outbox_mails_recipient_id_status_id", "recipient_id", "status", "id"),
    )

    @property
    def reason_label(self) -> str:
        return str(CANCEL_REASONS.get(self.reason, ""))

    @property
    def message_id(self) -> str:
        """Deterministic, so a duplicate after a crash mid-SMTP is recognisable."""
        import hashlib
        return f"<{hashlib.sha256(self.key.encode()).hexdigest()[:32]}@theo-doi-dan-van>"


history_labels.register(actions={
    "urged": _l("Đôn đốc"), "retried": _l("Gửi lại thư"), "test_mail": _l("Gửi thư thử"),
    "mail_preferences": _l("Đổi lựa chọn nhận thư")})
