"""Turning an outbox row into a Vietnamese mail: plain text and HTML, UTF-8."""
from datetime import timedelta
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app, render_template

from tracker.core.time import format_date, vn_today
from tracker.reminders import queries
from tracker.reminders.models import OutboxMail

SUBJECTS = {
    "before": "[Nhắc hạn] Còn {days} ngày: {title}",
    "due_today": "[Đến hạn hôm nay] {title}",
    "overdue": "[Quá hạn {late} ngày] {title}",
    "overdue_copy": "[Bản sao – quá hạn {late} ngày] {body}: {title}",
    "escalation": "[Báo cáo lãnh đạo] {body} quá hạn {late} ngày: {title}",
    "urge": "[Đôn đốc] {title}",
    "daily_digest": "[Tổng hợp ngày {day}] Nhiệm vụ cần chú ý của {body}",
    "weekly_digest": "[Tổng hợp tuần {day}] Phân công quá hạn trong phạm vi",
    "test": "[Thư thử] Cấu hình thư của hệ thống Theo dõi nhiệm vụ dân vận",
}
MAX_SUBJECT = 200
DIGEST_LIMIT = 300  # items listed in one digest; the rest is counted and linked


class EmptyDigest(Exception):
    """Everything in the digest was done before it went out: it is not sent."""


def wording(kind: str, days_left: int | None) -> str:
    """What a reminder says, from the days really left when it goes out: a reminder moved
    before a weekend or a holiday, or caught up after an outage, must not say "due today"
    when it is not."""
    if kind not in ("before", "due_today") or days_left is None:
        return kind
    return "before" if days_left > 0 else "due_today" if days_left == 0 else "overdue"


def compose(row: OutboxMail, detail: tuple | None, *, now) -> EmailMessage:
    today = vn_today(now)
    context = {"row": row, "today": today, "base_url": current_app.config["BASE_URL"]}
    if detail is not None:
        assignment, task, directive, body = detail
        due = assignment.effective_due_on
        context.update(assignment=assignment, task=task, directive=directive, body=body,
                       due=due, days_left=(due - today).days, days_late=(today - due).days,
                       link=f"{context['base_url']}/assignments/{assignment.id}")
    context["says"] = wording(row.kind, context.get("days_left"))
    if row.kind == "daily_digest":
        context.update(_daily_digest(row, today))
    elif row.kind == "weekly_digest":
        context.update(_weekly_digest(row, today))
    if row.kind.endswith("digest") and not context["items"]:
        raise EmptyDigest(row.key)
    subject = SUBJECTS[context["says"]].format(
        days=context.get("days_left", ""), late=context.get("days_late", ""),
        title=context["task"].title if "task" in context else "",
        body=context["body"].name if "body" in context else context.get("body_name", ""),
        day=format_date(today))
    message = EmailMessage()
    if len(subject) > MAX_SUBJECT:
        subject = subject[:MAX_SUBJECT - 1] + "…"
    # Encoded by the classic RFC 2047 encoder, which keeps each space inside an encoded
    # word: the default policy folds long subjects so that readers drop spaces
    # ("Huyện ủy" arrived as "Huyệnủy", cpython #92081).
    message.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode())
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = row.recipient_email
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(now)
    message["Auto-Submitted"] = "auto-generated"
    template = "digest" if row.kind.endswith("digest") else (
        "test" if row.kind == "test" else "reminder")
    message.set_content(render_template(f"emails/{template}.txt", **context))
    message.add_alternative(render_template(f"emails/{template}.html", **context),
                            subtype="html")
    return message


def _daily_digest(row: OutboxMail, today) -> dict:
    user = queries.recipient(row.recipient_id)
    if user.role != "officer":  # a coordinator's copies: what is overdue in scope
        return _weekly_digest(row, today)
    items = queries.open_assignments_of_body(user.body_id, today + timedelta(days=7))
    return {"items": [(a, t, d, user.body) for a, t, d in items], "body_name": user.body.name,
            "overdue_only": False, "more": 0}


def _weekly_digest(row: OutboxMail, today) -> dict:
    user = queries.recipient(row.recipient_id)
    items = queries.overdue_in_scope(user.body.path, today, limit=DIGEST_LIMIT + 1)
    more = 0
    if len(items) > DIGEST_LIMIT:
        items, more = items[:DIGEST_LIMIT], queries.overdue_count(user.body.path, today) \
            - DIGEST_LIMIT
    return {"items": items, "body_name": user.body.name, "overdue_only": True, "more": more}
