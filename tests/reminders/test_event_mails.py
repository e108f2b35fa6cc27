"""Mails on events of the report workflow, through the outbox to a real SMTP server:
submitted (to the coordinators), returned with the reason, accepted, extension granted or
refused (to the officers); once each, switchable except the return, the same from the API."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.api.conftest import bearer
from tests.conftest import login, post
from tracker.api.operations import create_token
from tracker.assignments import operations as work
from tracker.auth.models import User
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.reminders.delivery import deliver_outbox
from tracker.reminders.events import queue_event_mails
from tracker.reminders.models import OutboxMail
from tracker.reminders.passes import run_pass

# 30/11/2026 18:30 UTC is Tuesday 01/12/2026 01:30 in Hà Nội: the dates the mails print
# are Vietnamese days.
AT = datetime(2026, 11, 30, 18, 30, tzinfo=timezone.utc)
REASON = "Thiếu số liệu của 12 xã; đề nghị bổ sung biểu 02."


def mails(smtp):
    return [(m["To"], m["Subject"].split("]")[0] + "]") for m in smtp.messages]


def text_of(message):
    return message.get_body(("plain",)).get_content()


def deliver(smtp, at):
    smtp.clear()
    outcome = deliver_outbox(now=at)
    db.session.commit()
    return outcome


@pytest.fixture
def people(world, make_user):
    """A second coordinator of the province, a second officer of Sở Nội vụ, and a former
    officer (inactive), who hears of nothing."""
    second = make_user("coordinator", body=world.province, email="chuyenvien2@laocai.vn")
    colleague = make_user("officer", body=world.body, email="canbo2@sonoivu.vn")
    former = make_user("officer", body=world.body, email="cu@sonoivu.vn")
    former.active = False
    db.session.commit()
    return second, colleague, former


def test_each_event_mail_arrives_once_to_the_right_people(app, smtp, world, people):
    assignment = world.assign(due_on=date(2026, 12, 10))
    officers = ["canbo2@sonoivu.vn", "canbo@sonoivu.vn"]
    coordinators = ["chuyenvien2@laocai.vn", "chuyenvien@laocai.vn"]

    work.submit_report(assignment, note="Đã tổ chức 14 hội nghị sơ kết.", version=None,
                       actor=world.officer, now=AT)
    db.session.commit()
    assert deliver(smtp, AT) == {"sent": 2}
    assert sorted(mails(smtp)) == [(to, "[Báo cáo chờ tiếp nhận]") for to in coordinators]
    message = smtp.by_recipient("chuyenvien@laocai.vn")[0]
    assert "Sở Nội vụ: Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU" in message["Subject"]
    text = text_of(message)
    assert "Sở Nội vụ đã nộp báo cáo kết quả ngày 01/12/2026" in text
    assert "Nội dung báo cáo: Đã tổ chức 14 hội nghị sơ kết." in text
    assert "Hạn hoàn thành: 10/12/2026" in text and "tiếp nhận hoặc trả lại" in text
    assert f"http://localhost/assignments/{assignment.id}" in text

    at = AT + timedelta(hours=2)
    work.return_report(assignment, reason=REASON, actor=world.coordinator, now=at)
    db.session.commit()
    assert deliver(smtp, at) == {"sent": 2}
    assert sorted(mails(smtp)) == [(to, "[Báo cáo bị trả lại]") for to in officers]
    message = smtp.by_recipient("canbo@sonoivu.vn")[0]
    assert f"Lý do trả lại: {REASON}" in text_of(message)
    assert REASON in message.get_body(("html",)).get_content()
    assert "nộp lại" in text_of(message) and "Tình hình: còn 9 ngày" in text_of(message)
    assert "tắt loại thư này" not in text_of(message)  # the return cannot be turned off

    at += timedelta(hours=2)
    refused = work.request_extension(assignment, {"requested_due_on": date(2026, 12, 31),
                                                  "reason": "Chờ số liệu cấp xã"},
                                     actor=world.officer, now=at)
    work.decide_extension(refused, assignment, grant=False, note="Hạn của Tỉnh ủy không đổi.",
                          actor=world.coordinator, now=at)
    db.session.commit()
    assert deliver(smtp, at) == {"sent": 2}
    assert sorted(mails(smtp)) == [(to, "[Không đồng ý gia hạn]") for to in officers]
    text = text_of(smtp.by_recipient("canbo@sonoivu.vn")[0])
    assert "không được đồng ý: hạn vẫn là 10/12/2026" in text
    assert "Lý do từ chối: Hạn của Tỉnh ủy không đổi." in text
    assert "tắt loại thư này tại: http://localhost/profile" in text

    at += timedelta(hours=2)
    granted = work.request_extension(assignment, {"requested_due_on": date(2026, 12, 17),
                                                  "reason": "Chờ số liệu cấp xã"},
                                     actor=world.officer, now=at)
    work.decide_extension(granted, assignment, grant=True, note="", actor=world.coordinator,
                          now=at)
    db.session.commit()
    assert deliver(smtp, at) == {"sent": 2}
    assert sorted(mails(smtp)) == [(to, "[Đồng ý gia hạn đến 17/12/2026]") for to in officers]
    text = text_of(smtp.messages[0])
    assert "đã được đồng ý: hạn mới là 17/12/2026" in text
    assert "(đã gia hạn từ 10/12/2026)" in text and "Tình hình: còn 16 ngày" in text

    at += timedelta(days=1)
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=at)
    work.accept_report(assignment, note="Báo cáo đầy đủ.", actor=world.coordinator,
                       now=at + timedelta(minutes=5))
    db.session.commit()
    # The coordinators' mail on the second submission waited: the report was accepted
    # before it went out, so it is not sent (the outbox says why).
    assert deliver(smtp, at + timedelta(minutes=6)) == {"sent": 2, "cancelled": 2}
    assert sorted(mails(smtp)) == [(to, "[Đã tiếp nhận báo cáo]") for to in officers]
    assert "Nhận xét: Báo cáo đầy đủ." in text_of(smtp.messages[0])
    assert {r.reason for r in db.session.scalars(
        select(OutboxMail).where(OutboxMail.status == "cancelled"))} == {"reviewed"}

    # A rerun of the delivery, a whole pass, a second scheduler: nothing goes twice.
    assert deliver(smtp, at + timedelta(hours=1)) == {}
    run_pass(now=at + timedelta(hours=8))
    assert mails(smtp) == []  # the done report has no reminder either
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(
        OutboxMail.recipient_email == "cu@sonoivu.vn")) == 0


def test_the_same_event_twice_adds_no_mail(app, smtp, world):
    """A second signal for one event (a receiver run again) finds the key taken; a double
    click on "Tiếp nhận" is refused by the workflow and queues nothing."""
    assignment = world.assign(due_on=date(2026, 12, 10))
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=AT)
    work.accept_report(assignment, note="", actor=world.coordinator, now=AT)
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "accepted"))
    assert queue_event_mails(assignment, kind="accepted", entry=entry, note="", request=None,
                             now=AT) == 0
    db.session.commit()

    other = world.assign(due_on=date(2026, 12, 10), title="Báo cáo 6 tháng")
    work.submit_report(other, note="", version=None, actor=world.officer, now=AT)
    db.session.commit()
    client = login(app.test_client(), world.coordinator)
    first = post(client, f"/assignments/{other.id}/accept", {"r-note": ""})
    second = post(client, f"/assignments/{other.id}/accept", {"r-note": ""})
    assert first.status_code == 302 and second.status_code == 409
    # One mail on each acceptance; the coordinator's mails on the submissions are not
    # sent, the reports having been accepted before they went out.
    assert deliver(smtp, datetime.now(timezone.utc)) == {"sent": 2, "cancelled": 2}
    assert mails(smtp) == [("canbo@sonoivu.vn", "[Đã tiếp nhận báo cáo]")] * 2


def test_switches_in_the_profile_are_respected_but_the_return_always_goes(app, smtp, world):
    """The officer turns off accepted and extension mails, the coordinator the submitted
    ones, each in their profile: only the returned report's mail arrives."""
    officer = login(app.test_client(), world.officer)
    page = officer.get("/profile").get_data(as_text=True)
    assert "Thư báo khi báo cáo của đơn vị được tiếp nhận" in page
    assert "Thư báo khi đơn vị nộp báo cáo" not in page
    assert "luôn được gửi, không tắt được" in page
    # Every switch posted off (and a forged one for the return, which does not exist).
    assert post(officer, "/profile/event-mails", {"mail_on_returned": ""}).status_code == 302
    coordinator = login(app.test_client(), world.coordinator)
    assert "Thư báo khi đơn vị nộp báo cáo" in coordinator.get("/profile").get_data(
        as_text=True)
    assert post(coordinator, "/profile/event-mails", {}).status_code == 302
    db.session.expire_all()
    assert (world.officer.mail_on_accepted, world.officer.mail_on_extension,
            world.officer.mail_on_submitted) == (False, False, True)  # not an officer's
    assert world.coordinator.mail_on_submitted is False
    entry = db.session.scalar(select(HistoryEntry).where(
        HistoryEntry.action == "mail_preferences", HistoryEntry.entity_id == world.officer.id))
    assert entry.changes == {"mail_on_accepted": [True, False],
                             "mail_on_extension": [True, False]}

    assignment = world.assign(due_on=date(2026, 12, 10))
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=AT)
    work.return_report(assignment, reason=REASON, actor=world.coordinator, now=AT)
    request = work.request_extension(assignment, {"requested_due_on": date(2026, 12, 20),
                                                  "reason": "Chờ số liệu"},
                                     actor=world.officer, now=AT)
    work.decide_extension(request, assignment, grant=True, note="", actor=world.coordinator,
                          now=AT)
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=AT)
    work.accept_report(assignment, note="", actor=world.coordinator, now=AT)
    db.session.commit()
    # The return was queued while the report was "returned"; it was then submitted
    # again and accepted: the return's mail would no longer be true.
    assert db.session.scalars(select(OutboxMail.kind)).all() == ["returned"]
    assert deliver(smtp, AT) == {"cancelled": 1}

    # Returned and left so: the mail goes, whatever the switches.
    other = world.assign(due_on=date(2026, 12, 10), title="Báo cáo 6 tháng")
    work.submit_report(other, note="", version=None, actor=world.officer, now=AT)
    work.return_report(other, reason=REASON, actor=world.coordinator, now=AT)
    db.session.commit()
    assert deliver(smtp, AT) == {"sent": 1}
    assert mails(smtp) == [("canbo@sonoivu.vn", "[Báo cáo bị trả lại]")]
    assert REASON in text_of(smtp.messages[0])


def test_leaders_have_no_event_mail_switch(app, world):
    client = login(app.test_client(), world.leader)
    assert "Thư báo sự kiện" not in client.get("/profile").get_data(as_text=True)
    assert post(client, "/profile/event-mails", {}).status_code == 403


def test_the_api_sends_the_same_mails(app, smtp, world, client):
    """Submit, return, submit, accept through /api/v1: the operations are the same, and
    so are the mails."""
    assignment = world.assign(due_on=date(2026, 12, 10))
    officer = bearer(create_token(world.officer, {"name": "iOffice"}, now=AT)[1])
    coordinator = bearer(create_token(world.coordinator, {"name": "iOffice"}, now=AT)[1])
    db.session.commit()
    url = f"/api/v1/assignments/{assignment.id}"
    steps = [(officer, "submit", {"note": "Nộp qua iOffice"}),
             (coordinator, "return", {"reason": REASON}),
             (officer, "submit", {"note": "Đã bổ sung"}),
             (coordinator, "accept", {})]
    seen = []
    for headers, action, body in steps:
        if action == "submit":
            body["version"] = client.get(url, headers=headers).get_json()["version"]
        response = client.post(f"{url}/{action}", headers=headers, json=body)
        assert response.status_code == 200, response.get_json()
        deliver(smtp, datetime.now(timezone.utc))
        seen += mails(smtp)
        if action == "return":
            assert f"Lý do trả lại: {REASON}" in text_of(smtp.messages[0])
    assert seen == [("chuyenvien@laocai.vn", "[Báo cáo chờ tiếp nhận]"),
                    ("canbo@sonoivu.vn", "[Báo cáo bị trả lại]"),
                    ("chuyenvien@laocai.vn", "[Báo cáo chờ tiếp nhận]"),
                    ("canbo@sonoivu.vn", "[Đã tiếp nhận báo cáo]")]


def reassign(world, assignment):
    work.reassign(assignment, world.other_body, reason="Sở Tư pháp phụ trách",
                  actor=world.coordinator, now=AT)


def officer_leaves(world, assignment):
    world.officer.active = False


@pytest.mark.parametrize("change, delay, reason", [
    (None, timedelta(days=8), "stale"),               # a mail outage of more than 7 days
    (reassign, timedelta(hours=1), "reassigned"),     # no longer Sở Nội vụ's work
    (officer_leaves, timedelta(hours=1), "reassigned"),
])
def test_a_returned_mail_no_longer_true_is_not_sent(app, smtp, world, change, delay, reason):
    assignment = world.assign(due_on=date(2026, 12, 10))
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=AT)
    db.session.commit()
    deliver(smtp, AT)  # the coordinator's mail
    smtp.stop()
    work.return_report(assignment, reason=REASON, actor=world.coordinator, now=AT)
    db.session.commit()
    assert deliver_outbox(now=AT) == {"retry": 1}
    if change is not None:
        change(world, assignment)
        db.session.commit()
    smtp.start()
    assert deliver(smtp, AT + delay) == {"cancelled": 1}
    row = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "returned"))
    assert row.reason == reason and row.reason_label


def test_the_outbox_names_the_event_kinds(app, smtp, world, make_user):
    admin = make_user("admin", body=world.province, email="quantri@laocai.vn")
    assignment = world.assign(due_on=date(2026, 12, 10))
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=AT)
    db.session.commit()
    page = login(app.test_client(), admin).get("/admin/reminders/outbox").get_data(
        as_text=True)
    assert "Báo cáo được nộp" in page and "chuyenvien@laocai.vn" in page
    assert db.session.get(User, world.coordinator.id).mail_on_submitted is True


@pytest.mark.parametrize("role", ["officer", "coordinator", "leader"])
def test_the_profile_and_the_mails_read_one_table(app, world, role):
    """auth.models.EVENT_MAILS says who hears of each event and with which switch: the
    profile offers exactly the switches of the role's events and says the returned report's
    mail always goes to the role that receives it; the mails use the same table."""
    from tracker.auth.models import EVENT_MAIL_CHOICES, EVENT_MAILS
    from tracker.reminders.events import PREFERENCE, RECIPIENT
    assert {kind: (RECIPIENT[kind], PREFERENCE[kind]) for kind in EVENT_MAILS} == EVENT_MAILS
    page = login(app.test_client(), getattr(world, role)).get("/profile").get_data(
        as_text=True)
    for switch, (receiver, label) in EVENT_MAIL_CHOICES.items():
        assert (str(label) in page) == (receiver == role), switch
        assert {r for r, s in EVENT_MAILS.values() if s == switch} == {receiver}
    assert ("Thư báo báo cáo bị trả lại (kèm lý do) luôn được gửi" in page) == (
        EVENT_MAILS["returned"] == (role, None))
