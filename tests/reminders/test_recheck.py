"""A mail waiting in the outbox is checked again when it goes out, against the
assignment as it is then: deadline extended, done, given to another body."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import login, post
from tracker.assignments import operations as work
from tracker.extensions import db
from tracker.reminders.delivery import deliver_outbox
from tracker.reminders.models import OutboxMail
from tracker.reminders.operations import retry_mail, urge_assignment
from tracker.reminders.passes import run_pass, simulated_now

# Reminders only: the mails on submissions, acceptances and extensions are not counted.
pytestmark = pytest.mark.usefixtures("no_event_mails")

ESCALATION_DAY = date(2026, 12, 11)  # Friday, 7 days after the deadline 04/12


def rows():
    return {(r.kind, r.recipient_email): (r.status, r.reason, r.reason_label)
            for r in db.session.scalars(select(OutboxMail))}


def test_overdue_copy_and_escalation_waiting_when_the_deadline_is_extended(app, smtp,
                                                                             world):
    """The server was down when the overdue mail, its copy and the escalation were
    planned; the deadline is extended to the 18th before it comes back: nothing says
    "Quá hạn -7 ngày", each row is cancelled because the deadline moved."""
    assignment = world.assign(due_on=date(2026, 12, 4))
    smtp.stop()
    for day in (date(2026, 12, 10), ESCALATION_DAY):
        now = simulated_now(day)
        run_pass(now=now, today=day)
        db.session.commit()
    assert {kind for kind, _to in rows()} == {"overdue", "overdue_copy", "escalation"}
    world.extend(assignment, date(2026, 12, 18), at=now + timedelta(minutes=1))
    smtp.start()
    assert deliver_outbox(now=now + timedelta(hours=7)) == {"cancelled": len(rows())}
    assert smtp.messages == []
    assert set(rows().values()) == {("cancelled", "deadline_moved",
                                     "hạn đã thay đổi, thư không còn đúng")}


def test_an_admins_retry_is_checked_too(app, smtp, world):
    """A failed overdue mail queued again by the admin after the work was done is not
    sent, and the outbox says why (not "đã hoàn thành" for everything)."""
    assignment = world.assign(due_on=date(2026, 12, 4))
    smtp.refuse_recipients.add("canbo@sonoivu.vn")
    day = date(2026, 12, 7)
    run_pass(now=simulated_now(day), today=day)
    db.session.commit()
    failed = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "overdue"))
    assert failed.status == "failed"
    smtp.refuse_recipients.clear()
    at = simulated_now(day) + timedelta(hours=1)
    world.finish(assignment, at=at)
    retry_mail(failed, actor=world.coordinator, now=at)
    db.session.commit()
    assert deliver_outbox(now=at, only_ids=[failed.id]) == {"cancelled": 1}
    assert rows()[("overdue", "canbo@sonoivu.vn")] == ("cancelled", "done",
                                                       "phân công đã hoàn thành")


def reassign(world, assignment, at):
    work.reassign(assignment, world.other_body, reason="Sở Tư pháp phụ trách",
                  actor=world.coordinator, now=at)
    db.session.commit()


def extend_a_month(world, assignment, at):
    world.extend(assignment, date(2027, 1, 15), at=at)


@pytest.mark.parametrize("change, reason", [(reassign, "reassigned"),
                                            (extend_a_month, "deadline_moved")])
def test_a_before_reminder_no_longer_true_is_not_sent(app, smtp, world, change, reason):
    """Planned as "7 days left" for Sở Nội vụ; before it went out, the work was given to
    another body, or the deadline moved a month later."""
    assignment = world.assign(due_on=date(2026, 12, 10))
    smtp.stop()
    day = date(2026, 12, 3)
    run_pass(now=simulated_now(day), today=day)
    change(world, assignment, simulated_now(day))
    smtp.start()
    assert deliver_outbox(now=simulated_now(day) + timedelta(hours=1)) == {"cancelled": 1}
    assert rows()[("before", "canbo@sonoivu.vn")][:2] == ("cancelled", reason)


def test_an_urge_waiting_when_the_work_is_done_is_not_sent(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 12, 4))
    smtp.stop()
    at = simulated_now(date(2026, 12, 8))
    urge_assignment(assignment, note="Đề nghị khẩn trương", actor=world.coordinator, now=at)
    db.session.commit()
    assert deliver_outbox(now=at) == {"retry": 1}
    world.finish(assignment, at=at)
    smtp.start()
    assert deliver_outbox(now=at + timedelta(hours=1)) == {"cancelled": 1}
    assert smtp.messages == []
    assert rows()[("urge", "canbo@sonoivu.vn")][:2] == ("cancelled", "done")


def test_the_admin_sees_why_a_retried_mail_was_not_sent(app, smtp, world, make_body,
                                                        make_user):
    assignment = world.assign(due_on=date(2026, 12, 4))
    smtp.refuse_recipients.add("canbo@sonoivu.vn")
    day = date(2026, 12, 7)
    run_pass(now=simulated_now(day), today=day)
    db.session.commit()
    failed = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "overdue"))
    smtp.refuse_recipients.clear()
    smtp.clear()  # the copy and the weekly digest of that day went out
    world.extend(assignment, date(2026, 12, 31), at=simulated_now(day))
    admin = make_user("admin", body=world.province, email="qt@laocai.vn")
    client = login(app.test_client(), admin)
    page = post(client, f"/admin/reminders/outbox/{failed.id}/retry", {},
                follow_redirects=True).get_data(as_text=True)
    assert "Không gửi thư: hạn đã thay đổi, thư không còn đúng." in page
    assert smtp.messages == []
