"""The reminder admin pages: who reaches them, bad input, retry and test mail."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, post
from tracker.extensions import db
from tracker.reminders.models import Holiday, OutboxMail, ReminderPolicy
from tracker.reminders.operations import add_holiday, queue_test_mail

POLICY = {"before_days": "10, 5,1", "overdue_every_working_days": "2",
          "escalate_after_days": "5", "send_hour": "8", "send_minute": "0",
          "digest_weekday": "0", "digest_hour": "7"}


@pytest.fixture
def people(world, make_body, make_user):
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    world.province.parent_id = root.id  # put the province under the root for this test
    world.province.path = f"{root.path}{world.province.id}/"
    for body in (world.body, world.other_body):
        body.path = f"{world.province.path}{body.id}/"
    db.session.commit()
    other = make_body("Tỉnh Lạng Sơn", parent=root)
    return {"root_admin": make_user("admin", body=root, email="quantri@tw.vn"),
            "province_admin": make_user("admin", body=world.province, email="qt@laocai.vn"),
            "other_admin": make_user("admin", body=other, email="qt@langson.vn"),
            "test_mail_reader": make_user("officer", body=world.body, email="thu@laocai.vn"),
            "coordinator": world.coordinator, "leader": world.leader,
            "officer": world.officer}


def _failed_mail(world):
    row = queue_test_mail(world.officer.email, actor=world.coordinator, now=NOW)
    row.recipient_id, row.status, row.last_error = world.officer.id, "failed", "550"
    db.session.commit()
    return row


ROUTES = [("GET", "/admin/reminders/", None), ("POST", "/admin/reminders/", POLICY),
          ("POST", "/admin/reminders/holidays", {"day": "30/04/2027", "name": "Giải phóng"}),
          ("POST", "/admin/reminders/holidays/{holiday}/delete", {}),
          ("GET", "/admin/reminders/outbox", None),
          ("POST", "/admin/reminders/outbox/{mail}/retry", {}),
          ("POST", "/admin/reminders/test-mail", {"email": "thu@laocai.vn"})]
EXPECTED = {
    # root admin: everything; a province admin: reads, may not edit the national policy,
    # and sees the outbox of their province; another province's admin: not that mail.
    "root_admin": [200, 302, 302, 302, 200, 302, 302],
    "province_admin": [200, 403, 403, 403, 200, 302, 302],
    # (and may not send a test mail to a Lào Cai address: 422)
    "other_admin": [200, 403, 403, 403, 200, 404, 422],
    "coordinator": [404] * 7, "leader": [404] * 7, "officer": [404] * 7,
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_reaches_the_reminder_pages(app, smtp, world, people, who):
    [holiday] = add_holiday(date(2027, 1, 1), "Tết Dương lịch", actor=None, now=NOW)
    mail = _failed_mail(world)
    db.session.commit()
    client = login(app.test_client(), people[who])
    answers = []
    for method, url, data in ROUTES:
        url = url.format(holiday=holiday.id, mail=mail.id)
        response = client.get(url) if method == "GET" else post(client, url, data)
        answers.append(response.status_code)
    assert answers == EXPECTED[who]


def test_anonymous_is_sent_to_login_and_posts_need_csrf(app, people):
    client = app.test_client()
    assert client.get("/admin/reminders/").status_code == 302
    login(client, people["root_admin"])
    assert client.post("/admin/reminders/", data=POLICY).status_code == 400


def test_policy_is_saved_and_bad_values_are_named(app, people):
    client = login(app.test_client(), people["root_admin"])
    assert post(client, "/admin/reminders/", POLICY).status_code == 302
    policy = db.session.scalar(select(ReminderPolicy))
    assert policy.before_days == "10,5,1" and policy.send_hour == 8
    bad = post(client, "/admin/reminders/", {**POLICY, "before_days": "7, ba",
                                             "send_hour": "25"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Nhắc trước hạn (ngày): nhập các số từ 1 đến 60" in page
    assert "Giờ gửi: cần một số từ 0 đến 23" in page
    db.session.expire_all()
    assert db.session.scalar(select(ReminderPolicy)).before_days == "10,5,1"


def test_holiday_with_an_impossible_date_is_refused(app, people):
    client = login(app.test_client(), people["root_admin"])
    response = post(client, "/admin/reminders/holidays", {"day": "15/15/2022", "name": "Lỗi"})
    assert response.status_code == 422
    assert "Ngày nghỉ: ngày “15/15/2022” không hợp lệ" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Holiday)) == 0


def test_test_mail_reaches_the_smtp_server(app, smtp, people):
    client = login(app.test_client(), people["root_admin"])
    response = post(client, "/admin/reminders/test-mail", {"email": "thu@laocai.vn"},
                    follow_redirects=True)
    assert "Đã gửi thư." in response.get_data(as_text=True)
    [message] = smtp.messages
    assert message["To"] == "thu@laocai.vn" and message["Subject"].startswith("[Thư thử]")


def test_outbox_shows_the_error_and_retry_sends(app, smtp, world, people):
    mail = _failed_mail(world)
    client = login(app.test_client(), people["province_admin"])
    page = client.get("/admin/reminders/outbox?status=failed").get_data(as_text=True)
    assert "550" in page and "Gửi lại" in page
    post(client, f"/admin/reminders/outbox/{mail.id}/retry", {})
    db.session.expire_all()
    assert db.session.get(OutboxMail, mail.id).status == "sent"
    assert len(smtp.messages) == 1


def test_a_provincial_admin_sees_and_tests_only_their_province(app, smtp, world, people):
    """Test mails go to accounts in the admin's scope only, one address at a time, and
    show in that province's outbox alone."""
    client = login(app.test_client(), people["province_admin"])
    for email in ("ai-do@gmail.com", "qt@langson.vn", "thu@laocai.vn, ai-do@gmail.com",
                  "thu@laocai.vn;ai-do@gmail.com"):
        response = post(client, "/admin/reminders/test-mail", {"email": email})
        assert response.status_code == 422, email
        assert "Email nhận thư thử" in response.get_data(as_text=True)
    assert post(client, "/admin/reminders/test-mail",
                {"email": "thu@laocai.vn"}).status_code == 302
    [mail] = db.session.scalars(select(OutboxMail)).all()
    other = login(app.test_client(), people["other_admin"])
    assert "thu@laocai.vn" not in other.get("/admin/reminders/outbox").get_data(as_text=True)
    assert post(other, f"/admin/reminders/outbox/{mail.id}/retry", {}).status_code == 404
    # A root admin's test mail to an outside address is theirs alone.
    root = login(app.test_client(), people["root_admin"])
    assert post(root, "/admin/reminders/test-mail",
                {"email": "ai-do@gmail.com"}).status_code == 302
    assert "ai-do@gmail.com" not in client.get("/admin/reminders/outbox").get_data(as_text=True)
    assert "ai-do@gmail.com" in root.get("/admin/reminders/outbox").get_data(as_text=True)
