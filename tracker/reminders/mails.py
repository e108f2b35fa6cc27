"""Turning an outbox row into a Vietnamese mail: plain text and HTML, UTF-8.

Templates receive values (what the mail says, the situation of each item, whom to
contact, what to do); the rules that decide them live here and in schedule.py."""
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from tracker.assignments.state import days_left, is_overdue, is_past
from tracker.core.time import format_date, vn_today
from tracker.reminders import queries, schedule
from tracker.reminders.events import EVENT_KINDS, PREFERENCE
from tracker.reminders.models import OPTIONAL_KINDS, OutboxMail

SUBJECTS = {
    "before": _l("[Nhắc hạn] Còn %(days)s ngày: %(title)s"),
    "due_today": _l("[Đến hạn hôm nay] %(title)s"),
    "overdue": _l("[Quá hạn %(late)s ngày] %(title)s"),
    "overdue_copy": _l("[Bản sao – quá hạn %(late)s ngày] %(body)s: %(title)s"),
    "escalation": _l("[Báo cáo lãnh đạo] %(body)s quá hạn %(late)s ngày: %(title)s"),
    "urge": _l("[Đôn đốc] %(title)s"),
    "link": _l("[Đường dẫn báo cáo] %(title)s"),
    "daily_digest": _l("[Tổng hợp ngày %(day)s] Nhiệm vụ cần chú ý của %(body)s"),
    "weekly_digest": _l("[Tổng hợp tuần %(day)s] Phân công quá hạn trong phạm vi"),
    "test": _l("[Thư thử] Cấu hình thư của hệ thống Theo dõi nhiệm vụ dân vận"),
    "submitted": _l("[Báo cáo chờ tiếp nhận] %(body)s: %(title)s"),
    "accepted": _l("[Đã tiếp nhận báo cáo] %(title)s"),
    "returned": _l("[Báo cáo bị trả lại] %(title)s"),
    "extension_granted": _l("[Đồng ý gia hạn đến %(due)s] %(title)s"),
    "extension_refused": _l("[Không đồng ý gia hạn] %(title)s"),
}
# What the recipient is asked to do, by what the mail says.
TO_DO = {
    "before": _l("Cập nhật tiến độ và nộp báo cáo kết quả trên hệ thống trước hạn; nếu "
                 "không kịp, đề nghị gia hạn trước khi đến hạn."),
    "due_today": _l("Nộp báo cáo kết quả trên hệ thống trong hôm nay; nếu không kịp, đề "
                    "nghị gia hạn và nêu lý do."),
    "overdue": _l("Nộp báo cáo kết quả ngay, hoặc đề nghị gia hạn và nêu lý do."),
    "urge": _l("Thực hiện theo ý kiến đôn đốc: cập nhật tiến độ hoặc nộp báo cáo kết quả "
               "trên hệ thống."),
    "link": _l("Nhập số liệu, đính kèm tệp báo cáo và nộp qua đường dẫn dưới đây trước "
               "hạn; nếu không kịp, liên hệ chuyên viên theo dõi."),
    "overdue_copy": _l("Liên hệ đơn vị để đôn đốc; xem xét đề nghị gia hạn nếu có."),
    "escalation": _l("Chỉ đạo đơn vị hoàn thành nhiệm vụ; chuyên viên theo dõi nêu dưới "
                     "đây nắm tình hình cụ thể."),
    "daily_digest": _l("Cập nhật tiến độ hoặc nộp báo cáo cho từng nhiệm vụ dưới đây; nếu "
                       "không kịp, đề nghị gia hạn trước khi đến hạn."),
    "overdue_digest": _l("Đôn đốc các đơn vị có phân công quá hạn dưới đây."),
    "weekly_digest": _l("Chỉ đạo các đơn vị có phân công quá hạn dưới đây; chuyên viên "
                        "theo dõi của từng nhiệm vụ được nêu kèm."),
    "submitted": _l("Xem báo cáo và số liệu, rồi tiếp nhận hoặc trả lại (nêu lý do) trên "
                    "hệ thống."),
    "accepted": _l("Không cần làm gì thêm; báo cáo và số liệu đã được ghi nhận."),
    "returned": _l("Chỉnh sửa, bổ sung báo cáo theo lý do trên rồi nộp lại trên hệ thống "
                   "trước hạn."),
    "extension_granted": _l("Hoàn thành và nộp báo cáo trước hạn mới."),
    "extension_refused": _l("Nộp báo cáo kết quả trước hạn hiện tại."),
}
# What the note of an event mail is: the officer's words, the Ban's comment or reason.
NOTE_LABELS = {"submitted": _l("Nội dung báo cáo"), "accepted": _l("Nhận xét"),
               "returned": _l("Lý do trả lại"), "extension_granted": _l("Ghi chú"),
               "extension_refused": _l("Lý do từ chối")}
# Mails to leaders show the assignment; the others invite to update it.
FOR_LEADERS = {"escalation", "weekly_digest"}
MAX_SUBJECT = 200
DIGEST_LIMIT = 300  # items listed in one digest; the rest is counted and linked


class EmptyDigest(Exception):
    """Nothing in the digest needs attention any more when it goes out: it is not sent."""


def wording(kind: str, days_left: int | None) -> str:
    """What a reminder says, from the days really left when it goes out: a reminder moved
    before a weekend or a holiday, or caught up after an outage, must not say "due today"
    when it is not."""
    if kind not in ("before", "due_today") or days_left is None:
        return kind
    return "before" if days_left > 0 else "due_today" if days_left == 0 else "overdue"


def situation(assignment, today) -> str:
    """"quá hạn 3 ngày", "đến hạn hôm nay", "còn 5 ngày"."""
    days = days_left(assignment, today)
    if is_past(assignment.effective_due_on, today):
        return gettext("quá hạn %(days)s ngày", days=-days)
    if days == 0:
        return gettext("đến hạn hôm nay")
    return gettext("còn %(days)s ngày", days=days)


def break_notice(cal, today) -> str:
    """A line saying that a long holiday follows the day of the mail."""
    found = cal.break_after(today)
    if found is None:
        return ""
    first, last, name = found
    return gettext("Lưu ý: từ %(first)s đến %(last)s là kỳ nghỉ %(name)s (%(days)s ngày); "
                   "hệ thống không gửi thư trong những ngày này.", first=format_date(first),
                   last=format_date(last), name=name, days=(last - first).days + 1)


def compose(row: OutboxMail, detail: tuple | None, *, now, cal=None,
            policy=None) -> EmailMessage:
    cal = cal or queries.work_calendar()
    policy = policy or queries.policy()
    today = vn_today(now)
    base_url = current_app.config["BASE_URL"]
    context = {"row": row, "today": today, "base_url": base_url,
               "for_leader": row.kind in FOR_LEADERS,
               "can_turn_off": row.kind in OPTIONAL_KINDS and row.recipient_id is not None,
               "event_switch": bool(PREFERENCE.get(row.kind)),
               "note_label": str(NOTE_LABELS.get(row.kind, "")),
               "notice": break_notice(cal, today) if row.kind != "test" else ""}
    if detail is not None:
        assignment, task, directive, body = detail
        context.update(assignment=assignment, task=task, directive=directive, body=body,
                       due=assignment.effective_due_on, days_left=days_left(assignment, today),
                       days_late=-days_left(assignment, today),
                       situation=situation(assignment, today),
                       contact=queries.contacts([task]).get(task.id),
                       link=f"{base_url}/assignments/{assignment.id}")
        if row.recipient_id is None:  # a body's contact address: no account, a secret link
            context.update(_secret_link(row, assignment, base_url, now))
    context["says"] = wording(row.kind, context.get("days_left"))
    if row.kind == "daily_digest":
        context.update(_daily_digest(row, today, cal, policy))
    elif row.kind == "weekly_digest":
        context.update(_weekly_digest(row, today))
    if row.kind.endswith("digest") and not context["items"]:
        raise EmptyDigest(row.key)
    context["to_do"] = str(TO_DO.get(context.get("to_do_key", context["says"]), ""))
    subject = str(SUBJECTS[context["says"]]) % {
        "days": context.get("days_left", ""), "late": context.get("days_late", ""),
        "title": context["task"].title if "task" in context else "",
        "body": context["body"].name if "body" in context else context.get("body_name", ""),
        "day": format_date(today), "due": format_date(context["due"]) if "due" in context
        else ""}
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
        "test" if row.kind == "test" else "event" if row.kind in EVENT_KINDS else "reminder")
    message.set_content(render_template(f"emails/{template}.txt", **context))
    message.add_alternative(render_template(f"emails/{template}.html", **context),
                            subtype="html")
    return message


def _secret_link(row: OutboxMail, assignment, base_url: str, now) -> dict:
    """A new link to this assignment (the body's older one stops working); its secret
    lives only in this mail."""
    from tracker.links.models import entry_url
    from tracker.links.operations import issue_link
    link, secret = issue_link(assignment, sent_to=row.recipient_email, actor=None, now=now)
    return {"link": base_url + entry_url(link, secret), "secret_link": True, "to_do_key": "link",
            "link_id": link.public_id,
            "link_until": link.expires_on(assignment,
                                          current_app.config["LINK_DAYS_AFTER_DEADLINE"])}


def _items(rows, today) -> list[dict]:
    """Digest lines: what each assignment's situation is and whom to contact."""
    contacts = queries.contacts(t for _a, t, _d, _b in rows)
    return [{"assignment": a, "task": t, "directive": d, "body": b,
             "due": a.effective_due_on, "situation": situation(a, today),
             "overdue": is_overdue(a, today),
             "contact": contacts.get(t.id)} for a, t, d, b in rows]


def _daily_digest(row: OutboxMail, today, cal, policy) -> dict:
    user = queries.recipient(row.recipient_id)
    if user.role != "officer":  # a coordinator's copies: what is overdue in scope
        return {**_weekly_digest(row, today), "to_do_key": "overdue_digest"}
    until = schedule.due_soon_until(cal, today, policy.offsets)
    rows = queries.open_assignments_of_body(user.body_id, until)
    return {"items": _items([(a, t, d, user.body) for a, t, d in rows], today),
            "body_name": user.body.name, "overdue_only": False, "until": until, "more": 0}


def _weekly_digest(row: OutboxMail, today) -> dict:
    user = queries.recipient(row.recipient_id)
    rows = queries.overdue_in_scope(user.body.path, today, limit=DIGEST_LIMIT + 1)
    more = 0
    if len(rows) > DIGEST_LIMIT:
        rows, more = rows[:DIGEST_LIMIT], queries.overdue_count(user.body.path, today) \
            - DIGEST_LIMIT
    return {"items": _items(rows, today), "body_name": user.body.name, "overdue_only": True,
            "more": more}
