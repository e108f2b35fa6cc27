"""Đôn đốc: a coordinator or leader urges a body; the mail goes out at once, logged."""
from datetime import date

from sqlalchemy import select

from tests.conftest import login, post
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.reminders.models import OutboxMail


def test_leader_urges_from_the_overdue_list_and_the_mail_arrives(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 10, 15))  # overdue on 22/11/2026
    client = login(app.test_client(), world.leader)
    overdue = client.get("/status/overdue").get_data(as_text=True)
    assert "Đôn đốc" in overdue and "Sở Nội vụ" in overdue

    response = post(client, f"/assignments/{assignment.id}/urge?next=/status/overdue",
                    {"u-note": "Đề nghị nộp báo cáo trước ngày 30/11"})
    assert response.status_code == 302 and response.headers["Location"] == "/status/overdue"
    [message] = smtp.messages
    assert message["To"] == "canbo@sonoivu.vn"
    assert message["Subject"].startswith("[Đôn đốc] ")
    assert "Đề nghị nộp báo cáo trước ngày 30/11" in message.get_body(("plain",)).get_content()
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "urged"))
    assert entry.entity_id == assignment.id and entry.actor_id == world.leader.id
    assert db.session.scalar(select(OutboxMail.status)) == "sent"


def test_an_urge_while_smtp_is_down_waits_in_the_outbox(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 10, 15))
    smtp.stop()
    client = login(app.test_client(), world.coordinator)
    page = post(client, f"/assignments/{assignment.id}/urge", {"u-note": ""},
                follow_redirects=True).get_data(as_text=True)
    assert "Chưa gửi được thư ngay; hệ thống sẽ thử lại." in page
    row = db.session.scalar(select(OutboxMail))
    assert row.status == "pending" and row.attempts == 1


def test_an_officer_cannot_urge(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 10, 15))
    client = login(app.test_client(), world.officer)
    assert post(client, f"/assignments/{assignment.id}/urge", {}).status_code == 403
    assert smtp.messages == []


def test_work_that_is_done_is_not_urged_anywhere(app, smtp, world):
    """One rule (assignments/can.may_urge) for the urge itself, the assignment page and the
    overdue review: the Ban's coordinators and leaders, while the work is open."""
    assignment = world.assign(due_on=date(2026, 10, 15))
    assignment.status, assignment.progress = "done", 100
    assignment.submitted_on = assignment.completed_on = date(2026, 10, 1)
    db.session.commit()
    client = login(app.test_client(), world.leader)
    page = client.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert f'action="/assignments/{assignment.id}/urge' not in page
    assert post(client, f"/assignments/{assignment.id}/urge", {}).status_code == 403
    assert smtp.messages == [] and db.session.scalar(select(OutboxMail)) is None
