"""Mails arrive at a real SMTP server with the right recipients, subject, body and link."""
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.reminders.models import OutboxMail
from tracker.reminders.passes import run_pass, simulated_now


def test_before_deadline_mail_arrives_in_vietnamese_with_link(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 12, 10))
    # 7 days before Thursday 10/12/2026 is Thursday 03/12/2026.
    planned, delivered = run_pass(now=simulated_now(date(2026, 12, 3)), today=date(2026, 12, 3))
    db.session.commit()
    assert planned == {"before": 1}
    assert delivered["sent"] == 1
    [message] = smtp.messages
    assert message["To"] == "canbo@sonoivu.vn"
    assert message["Subject"].startswith("[Nhắc hạn] Còn 7 ngày: ")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Sở Nội vụ" in text and "10/12/2026" in text and "Tình hình: còn 7 ngày" in text
    assert f"http://localhost/assignments/{assignment.id}" in text
    assert f'href="http://localhost/assignments/{assignment.id}"' in html
    row = db.session.scalar(select(OutboxMail))
    assert row.status == "sent" and message["Message-ID"] == row.message_id


def subject_as_rfc2047_readers_see_it(message) -> str:
    """Decode the raw Subject the way mail clients do (RFC 2047: whitespace between two
    encoded words is not part of the text)."""
    from email.header import decode_header, make_header
    raw = next(value for name, value in message.raw_items() if name == "Subject")
    return str(make_header(decode_header(raw)))


def test_a_long_vietnamese_subject_keeps_every_space(app, smtp, world):
    # With Python's default folding this subject reached readers as "...ở cơ sởđầu năm".
    title = "Sơ kết 03 năm thực hiện công tác dân vận ở cơ sở đầu năm 2027"
    world.assign(due_on=date(2026, 12, 10), title=title)
    run_pass(now=simulated_now(date(2026, 12, 3)), today=date(2026, 12, 3))
    [message] = smtp.messages
    assert subject_as_rfc2047_readers_see_it(message) == f"[Nhắc hạn] Còn 7 ngày: {title}"
    raw_lines = message.as_string().split("\n")
    assert all(len(line) <= 78 for line in raw_lines[:12])  # folded, not one long line


def test_a_deadline_on_a_day_off_is_announced_with_the_days_really_left(app, smtp, world):
    """Saturday 12/12: the on-the-day reminder goes out on Friday 11/12 and says one day is
    left, not "due today"."""
    world.assign(due_on=date(2026, 12, 12))
    planned, _ = run_pass(now=simulated_now(date(2026, 12, 11)), today=date(2026, 12, 11))
    assert planned == {"due_today": 1}
    [message] = smtp.messages
    assert message["Subject"].startswith("[Nhắc hạn] Còn 1 ngày: ")
    text = message.get_body(("plain",)).get_content()
    assert "còn 1 ngày đến hạn" in text and "hôm nay" not in text


def test_turning_single_mails_off_keeps_the_escalation(app, smtp, world):
    """The officer, the coordinator and the leader turned single mails off: no reminder, no
    copy; the leader's escalation is sent whatever the preference (and the weekly digest,
    which is not a single mail)."""
    for user in (world.officer, world.coordinator, world.leader):
        user.reminder_mails = False
    world.assign(due_on=date(2026, 12, 2))  # Wednesday; 7 days later: Wednesday 09/12
    db.session.commit()
    sent = []
    for day in (date(2026, 12, 3), date(2026, 12, 8), date(2026, 12, 9)):
        smtp.clear()
        run_pass(now=simulated_now(day), today=day)
        sent += [(day, m["To"], m["Subject"].split("]")[0] + "]") for m in smtp.messages]
    assert sent == [(date(2026, 12, 8), "lanhdao@laocai.vn", "[Tổng hợp tuần 08/12/2026]"),
                    (date(2026, 12, 9), "lanhdao@laocai.vn", "[Báo cáo lãnh đạo]")]

    world.officer.reminder_mails = True
    db.session.commit()
    smtp.clear()
    run_pass(now=simulated_now(date(2026, 12, 11)), today=date(2026, 12, 11))
    # Overdue mails come on 03/12, 08/12, 11/12 (every 3 working days): the officer's again.
    assert [m["To"] for m in smtp.messages] == ["canbo@sonoivu.vn"]


def test_a_long_weekly_digest_says_how_many_it_left_out(app, smtp, world, monkeypatch):
    from tracker.reminders import mails
    monkeypatch.setattr(mails, "DIGEST_LIMIT", 2)
    for n in range(5):
        world.assign(due_on=date(2026, 11, 2 + n), title=f"Báo cáo tháng {n + 1}")
    run_pass(now=simulated_now(date(2026, 12, 7)), today=date(2026, 12, 7))  # a Monday
    [digest] = [m for m in smtp.messages if m["Subject"].startswith("[Tổng hợp tuần")]
    text = digest.get_body(("plain",)).get_content()
    assert text.count("- Báo cáo tháng") == 2
    assert "… và 3 phân công quá hạn khác: http://localhost/status/overdue" in text
    assert "3 phân công quá hạn khác" in digest.get_body(("html",)).get_content()
