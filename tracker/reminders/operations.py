"""Writes about reminders that users make: urge a body, retry a failed mail, send a test
mail, edit the policy and the holidays. Planning and delivery live beside this file."""
from datetime import date, datetime, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.state import is_open
from tracker.auth.models import User
from tracker.auth.queries import active_members
from tracker.core.errors import ConflictError, ValidationError
from tracker.core.permissions import in_scope
from tracker.core.text import clean, clean_multiline
from tracker.core.time import format_date, vn_today
from tracker.extensions import db
from tracker.history.operations import diff, record
from tracker.reminders.models import POLICY_DEFAULTS, Holiday, OutboxMail, ReminderPolicy


def _outbox_row(key, kind, *, email, recipient_id, assignment_id, note, now) -> OutboxMail:
    row = OutboxMail(key=key, kind=kind, recipient_id=recipient_id, recipient_email=email,
                     assignment_id=assignment_id, planned_for=vn_today(now), note=note,
                     status="pending", attempts=0, next_attempt_at=now, created_at=now,
                     last_error="")
    db.session.add(row)
    return row


def urge_assignment(assignment: Assignment, *, note: str | None, actor,
                    now: datetime) -> list[OutboxMail]:
    """Đôn đốc: mail the body's officers now, and log it in the assignment's history."""
    if not is_open(assignment.status):
        raise ConflictError({"note": gettext("Đôn đốc: phân công đã hoàn thành.")})
    note = clean_multiline(note)
    if len(note) > 2000:
        raise ValidationError({"note": gettext("Ý kiến đôn đốc: không quá 2.000 ký tự.")})
    officers = list(db.session.execute(
        select(User.id, User.email).where(active_members(assignment.body_id, "officer"))))
    entry = record("assignment", assignment.id, "urged", actor=actor, now=now, note=note,
                   changes={"recipients": len(officers)})
    db.session.flush()  # the entry id makes each urge's mail key unique
    rows = [_outbox_row(f"urge:{assignment.id}:{entry.id}:{user_id}", "urge", email=email,
                        recipient_id=user_id, assignment_id=assignment.id, note=note, now=now)
            for user_id, email in officers]
    db.session.flush()
    return rows


def retry_mail(mail: OutboxMail, *, actor, now: datetime) -> OutboxMail:
    """Put a failed mail back in the queue (after the admin fixed the address or server)."""
    if mail.status != "failed":
        raise ConflictError({"status": gettext("Gửi lại: chỉ gửi lại được thư bị lỗi.")})
    mail.status, mail.next_attempt_at = "pending", now
    record("outbox_mail", mail.id, "retried", actor=actor, now=now,
           changes={"last_error": mail.last_error})
    db.session.flush()
    return mail


def queue_test_mail(email: str, *, actor, now: datetime) -> OutboxMail:
    """A test mail to check the SMTP settings."""
    email = clean(email).lower()
    # One address, never a list ("a@x.vn, b@y.vn" or "a@x.vn\nBcc: ...").
    if not email or email.count("@") != 1 or len(email) > 255 or \
            any(ch in email for ch in ",; <>\"'"):
        raise ValidationError({"email": gettext(
            "Email nhận thư thử: cần một địa chỉ email hợp lệ.")})
    recipient = _test_mail_recipient(email, actor)
    row = _outbox_row(f"test:{actor.id}:{now.isoformat()}:{email}", "test", email=email,
                      recipient_id=recipient.id if recipient else None, assignment_id=None,
                      note="", now=now)
    db.session.flush()
    record("outbox_mail", row.id, "test_mail", actor=actor, now=now, changes={"email": email})
    return row


def _test_mail_recipient(email: str, actor) -> User | None:
    """The account of `email`, which must lie in a provincial admin's scope (so the mail
    shows in their outbox and nobody else's); an admin of the whole tree may also test an
    outside address."""
    from tracker.auth.queries import user_by_email
    user = user_by_email(email)
    if user is not None and in_scope(actor, user.body):
        return user
    if actor.body.parent_id is None:
        return None
    raise ValidationError({"email": gettext(
        "Email nhận thư thử: chỉ gửi được tới email của một tài khoản trong phạm vi của bạn.")})


def update_policy(data: dict, *, actor, now: datetime) -> ReminderPolicy:
    """Edit the reminder policy (offsets, repeat, escalation, hours, digest day)."""
    errors = {}
    try:
        offsets = sorted({int(x) for x in str(data.get("before_days", "")).split(",")
                          if x.strip()}, reverse=True)
    except ValueError:
        offsets = None
    if not offsets or any(not 1 <= k <= 60 for k in offsets):
        errors["before_days"] = gettext("Nhắc trước hạn (ngày): nhập các số từ 1 đến 60, "
                                        "cách nhau bằng dấu phẩy, ví dụ 7,3,1.")
    checks = {
        "overdue_every_working_days": (1, 30, _l("Nhắc quá hạn mỗi (ngày làm việc)")),
        "escalate_after_days": (1, 365, _l("Báo cáo lãnh đạo sau (ngày quá hạn)")),
        "send_hour": (0, 23, _l("Giờ gửi")), "send_minute": (0, 59, _l("Phút gửi")),
        "digest_weekday": (0, 4, _l("Ngày gửi tổng hợp tuần")),
        "digest_hour": (0, 23, _l("Giờ gửi tổng hợp tuần")),
    }
    values = {}
    for field, (low, high, label) in checks.items():
        value = data.get(field)
        if not isinstance(value, int) or not low <= value <= high:
            errors[field] = gettext("%(label)s: cần một số từ %(low)s đến %(high)s.",
                                    label=label, low=low, high=high)
        values[field] = value
    if errors:
        raise ValidationError(errors)
    policy = db.session.scalar(select(ReminderPolicy).limit(1))
    if policy is None:
        policy = ReminderPolicy(**POLICY_DEFAULTS)
        db.session.add(policy)
        db.session.flush()
    changes = diff(policy, {"before_days": ",".join(map(str, offsets)), **values})
    policy.updated_at = now
    if changes:
        record("reminder_policy", policy.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return policy


MAX_RANGE = 31  # days in one range: the longest break (Tết) is 9 or 10 days


def add_holiday(day: date | None, name: str, *, until: date | None = None,
                working: bool = False, actor, now: datetime) -> list[Holiday]:
    """Add a day off, or every day of a range in one step; reminders that fall on them
    move to the working day before. With `working`, the days are make-up working days
    (ngày làm bù): Saturdays or Sundays worked in exchange for a day off."""
    name = clean(name)
    if day is None:
        raise ValidationError({"day": gettext("Ngày nghỉ: không được để trống.")})
    until = until or day
    if until < day:
        raise ValidationError({"until": gettext(
            "Đến ngày: phải từ ngày %(day)s trở đi.", day=format_date(day))})
    if (until - day).days >= MAX_RANGE:
        raise ValidationError({"until": gettext(
            "Đến ngày: mỗi lần thêm tối đa %(n)s ngày.", n=MAX_RANGE)})
    if not name or len(name) > 200:
        raise ValidationError({"name": gettext(
            "Tên ngày nghỉ: không được để trống, tối đa 200 ký tự.")})
    days = [day + timedelta(days=i) for i in range((until - day).days + 1)]
    if working and any(d.weekday() < 5 for d in days):
        raise ValidationError({"working": gettext(
            "Ngày làm bù: chỉ chọn được thứ Bảy hoặc Chủ nhật.")})
    taken = list(db.session.scalars(select(Holiday.day).where(Holiday.day.in_(days))
                                    .order_by(Holiday.day)))
    if taken:
        raise ValidationError({"day": gettext(
            "Ngày nghỉ: %(day)s đã có trong danh sách.",
            day=", ".join(format_date(d) for d in taken))})
    added = [Holiday(day=d, name=name, working=working) for d in days]
    db.session.add_all(added)
    db.session.flush()
    for holiday in added:
        record("holiday", holiday.id, "created", actor=actor, now=now,
               changes={"day": holiday.day, "name": name, "working": working})
    db.session.flush()
    return added


def remove_holiday(holiday: Holiday, *, actor, now: datetime) -> None:
    """Remove a day off or a make-up day (kept in the history)."""
    record("holiday", holiday.id, "deleted", actor=actor, now=now,
           changes={"day": holiday.day, "name": holiday.name, "working": holiday.working})
    db.session.delete(holiday)
    db.session.flush()
