"""What each mail says: whom to contact and what to do; "đến hạn hôm nay"; the
turn-off line only where it can be turned off; no "update" to leaders; phones."""
from datetime import date, timedelta

from tracker.extensions import db
from tracker.reminders.operations import urge_assignment
from tracker.reminders.passes import run_pass, simulated_now

CONTACT = "Liên hệ: Nguyễn Văn An (Tỉnh Lào Cai), chuyenvien@laocai.vn"
TURN_OFF = "Bạn có thể tắt thư nhắc"


def parts(message):
    return (message.get_body(("plain",)).get_content(),
            message.get_body(("html",)).get_content())


def kind(message):
    return message["Subject"].split("]")[0].split(" ")[0].lstrip("[")


def test_every_mail_names_a_contact_and_what_to_do(app, smtp, world):
    """Over a week of an overdue assignment: reminder, overdue mail, copy, escalation,
    weekly digest, an urge and an officer's daily digest."""
    world.other_officer.daily_digest = True
    late = world.assign(due_on=date(2026, 12, 4))
    world.assign(due_on=date(2026, 12, 10), body=world.other_body, title="Kế hoạch năm 2027")
    db.session.commit()
    messages = []
    for day in (date(2026, 12, 3), date(2026, 12, 7), date(2026, 12, 11)):
        smtp.clear()
        run_pass(now=simulated_now(day), today=day)
        messages += smtp.messages
    smtp.clear()
    urge_assignment(late, note="Đề nghị nộp ngay", actor=world.coordinator,
                    now=simulated_now(date(2026, 12, 11)) + timedelta(hours=1))
    db.session.commit()
    run_pass(now=simulated_now(date(2026, 12, 11)) + timedelta(hours=1))
    messages += smtp.messages
    subjects = {m["Subject"].split("]")[0] + "]" for m in messages}
    assert {"[Nhắc hạn]", "[Quá hạn 3 ngày]", "[Bản sao – quá hạn 3 ngày]",
            "[Báo cáo lãnh đạo]", "[Tổng hợp tuần 07/12/2026]", "[Đôn đốc]",
            "[Tổng hợp ngày 03/12/2026]"} <= subjects
    for message in messages:
        for text in parts(message):
            assert CONTACT in text, message["Subject"]
            assert "Việc cần làm:" in text, message["Subject"]


def test_turn_off_line_only_under_mails_that_can_be_turned_off(app, smtp, world):
    late = world.assign(due_on=date(2026, 12, 2))
    for day in (date(2026, 12, 3), date(2026, 12, 7), date(2026, 12, 9)):
        run_pass(now=simulated_now(day), today=day)
    urge_assignment(late, note="", actor=world.coordinator,
                    now=simulated_now(date(2026, 12, 9)) + timedelta(hours=1))
    db.session.commit()
    run_pass(now=simulated_now(date(2026, 12, 9)) + timedelta(hours=1))
    found = {}
    for message in smtp.messages:
        text, html = parts(message)
        found[message["Subject"].split("]")[0] + "]"] = (TURN_OFF in text, TURN_OFF in html)
    assert found == {
        "[Quá hạn 1 ngày]": (True, True), "[Bản sao – quá hạn 1 ngày]": (True, True),
        "[Tổng hợp tuần 07/12/2026]": (False, False), "[Quá hạn 7 ngày]": (True, True),
        "[Bản sao – quá hạn 7 ngày]": (True, True),
        "[Báo cáo lãnh đạo]": (False, False), "[Đôn đốc]": (False, False)}


def test_leaders_are_not_asked_to_update_the_assignment(app, smtp, world):
    world.assign(due_on=date(2026, 12, 2))
    for day in (date(2026, 12, 7), date(2026, 12, 9)):
        run_pass(now=simulated_now(day), today=day)
    to_leader = [m for m in smtp.messages if m["To"] == "lanhdao@laocai.vn"]
    assert len(to_leader) == 2  # the weekly digest and the escalation
    for message in to_leader:
        for text in parts(message):
            assert "cập nhật" not in text.lower(), message["Subject"]
    [officer] = [m for m in smtp.messages if m["To"] == "canbo@sonoivu.vn"]
    assert "Xem và cập nhật" in parts(officer)[0]


def test_due_today_in_a_digest_and_a_phone_layout(app, smtp, world):
    world.officer.daily_digest = True
    world.assign(due_on=date(2026, 12, 10), title="Báo cáo hôm nay")
    world.assign(due_on=date(2026, 12, 17), title="Báo cáo tuần sau")
    db.session.commit()
    run_pass(now=simulated_now(date(2026, 12, 10)), today=date(2026, 12, 10))
    [digest] = smtp.messages
    text, html = parts(digest)
    assert "- Báo cáo hôm nay (33-CT/TU) — hạn 10/12/2026, đến hạn hôm nay:" in text
    assert "- Báo cáo tuần sau (33-CT/TU) — hạn 17/12/2026, còn 7 ngày:" in text
    assert "còn 0 ngày" not in text and "còn 0 ngày" not in html
    assert "đến hết ngày 17/12/2026" in text  # the horizon is said, not "7 ngày tới"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<table" not in html  # one column: no table wider than a phone
