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
    assert "Sở Nội vụ" in text and "10/12/2026" in text and "Còn lại: 7 ngày" in text
    assert f"http://localhost/assignments/{assignment.id}" in text
    assert f'href="http://localhost/assignments/{assignment.id}"' in html
    row = db.session.scalar(select(OutboxMail))
    assert row.status == "sent" and message["Message-ID"] == row.message_id
