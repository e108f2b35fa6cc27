"""Vietnam's public holidays come with the application (the `holidays` package and the
government's extra days); the admin adds a range in one step and make-up working days."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.calendar import GOVERNMENT_WORKING_DAYS, public_holidays
from tracker.reminders.models import Holiday
from tracker.reminders.operations import add_holiday
from tracker.reminders.passes import run_pass, simulated_now


def weekdays_off(first, last):
    cal = queries.work_calendar()
    day, off = first, []
    while day <= last:
        if day.weekday() < 5 and not cal.is_working(day):
            off.append(day)
        day += timedelta(days=1)
    return off


def span(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_public_holidays_2025_to_2027_as_decided(app):
    """Weekdays off as the government decided them (2025, 2026) or as the labour code
    sets them (2027, not yet decided): Tết and Giỗ Tổ by the lunar calendar, days in
    lieu, 2/9 with the day beside it, 24/11 from 2026."""
    assert weekdays_off(date(2025, 1, 1), date(2025, 12, 31)) == [
        date(2025, 1, 1), *span(date(2025, 1, 27), date(2025, 1, 31)),  # Tết Ất Tỵ
        date(2025, 4, 7),                                               # Giỗ Tổ 10/3 âm
        date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2),          # 2/5 for Sat 26/4
        date(2025, 9, 1), date(2025, 9, 2)]
    assert weekdays_off(date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 1, 1), date(2026, 1, 2),                    # 12729/VPCP-KGVX: our data
        *span(date(2026, 2, 16), date(2026, 2, 20)),           # Tết Bính Ngọ
        date(2026, 4, 27),                                     # Giỗ Tổ on Sunday 26/4
        date(2026, 4, 30), date(2026, 5, 1),
        date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2),  # 31/8 for Sat 22/8
        date(2026, 11, 24)]                                    # Ngày Văn hóa Việt Nam
    assert weekdays_off(date(2027, 1, 1), date(2027, 12, 31)) == [
        date(2027, 1, 1), date(2027, 2, 4), date(2027, 2, 5),
        *span(date(2027, 2, 8), date(2027, 2, 10)),            # Tết Đinh Mùi (Sat 6/2)
        date(2027, 4, 16), date(2027, 4, 30), date(2027, 5, 3),  # 1/5 Saturday -> Monday
        date(2027, 9, 2), date(2027, 9, 3), date(2027, 11, 24)]
    assert public_holidays(2027)[date(2027, 2, 6)] == "Tết Nguyên Đán"
    # The government's make-up Saturdays are working days.
    cal = queries.work_calendar()
    assert all(cal.is_working(day) for day in GOVERNMENT_WORKING_DAYS)


def test_the_admin_adds_a_range_and_a_make_up_saturday_on_the_page(app, make_body,
                                                                   make_user):
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    client = login(app.test_client(), make_user("admin", body=root, email="qt@tw.vn"))
    page = client.get("/admin/reminders/")
    assert "Tết Nguyên Đán" in page.text  # the shipped holidays are shown
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    answer = client.post("/admin/reminders/holidays", data={
        "csrf_token": token, "day": "21/12/2026", "until": "25/12/2026",
        "name": "Nghỉ theo quyết định của Tỉnh ủy"}, follow_redirects=True)
    assert answer.status_code == 200 and "Đã thêm 5 ngày: 21/12/2026 – 25/12/2026" in answer.text
    answer = client.post("/admin/reminders/holidays", data={
        "csrf_token": token, "day": "02/01/2027", "name": "Làm bù cho thứ Hai 28/12/2026",
        "working": "y"}, follow_redirects=True)
    assert "Ngày làm bù" in answer.text
    cal = queries.work_calendar()
    assert [cal.is_working(d) for d in span(date(2026, 12, 21), date(2026, 12, 25))] == \
        [False] * 5
    assert cal.is_working(date(2027, 1, 2))  # a Saturday worked

    answer = client.post("/admin/reminders/holidays", data={
        "csrf_token": token, "day": "04/01/2027", "name": "Làm bù", "working": "y"})
    assert answer.status_code == 422
    assert "Ngày làm bù: chỉ chọn được thứ Bảy hoặc Chủ nhật." in answer.text
    answer = client.post("/admin/reminders/holidays", data={
        "csrf_token": token, "day": "24/12/2026", "until": "28/12/2026", "name": "Trùng"})
    assert answer.status_code == 422 and "24/12/2026, 25/12/2026 đã có" in answer.text
    assert db.session.scalar(select(func.count()).select_from(Holiday)) == 6  # no half


def test_a_range_backwards_is_refused_naming_the_field(app):
    with pytest.raises(ValidationError) as caught:
        add_holiday(date(2027, 1, 5), "Nghỉ", until=date(2027, 1, 4), actor=None, now=NOW)
    assert caught.value.errors == {"until": "Đến ngày: phải từ ngày 05/01/2027 trở đi."}


def test_a_reminder_goes_out_on_a_make_up_saturday(app, smtp, world):
    """Deadline Monday 11/01/2027: its 1-day reminder falls on Sunday 10/01 and moves to
    Saturday 09/01, a make-up working day, not to Friday 08/01."""
    add_holiday(date(2027, 1, 9), "Làm bù", working=True, actor=None, now=NOW)
    world.assign(due_on=date(2027, 1, 11))
    db.session.commit()
    sent = {}
    for day in span(date(2027, 1, 8), date(2027, 1, 11)):
        smtp.clear()
        run_pass(now=simulated_now(day), today=day)
        db.session.commit()
        sent[day] = [m["Subject"].split(":")[0] for m in smtp.messages]
    assert sent == {date(2027, 1, 8): ["[Nhắc hạn] Còn 3 ngày"],
                    date(2027, 1, 9): ["[Nhắc hạn] Còn 2 ngày"],
                    date(2027, 1, 10): [],
                    date(2027, 1, 11): ["[Đến hạn hôm nay] Sơ kết 03 năm thực hiện Chỉ thị "
                                        "số 33-CT/TU"]}


def test_the_last_reminder_before_tet_says_that_tet_follows(app, smtp, world):
    world.assign(due_on=date(2027, 2, 11))  # first working day after Tết 2027
    run_pass(now=simulated_now(date(2027, 2, 3)), today=date(2027, 2, 3))
    [message] = smtp.messages
    for part in ("plain", "html"):
        assert ("Lưu ý: từ 04/02/2027 đến 10/02/2027 là kỳ nghỉ Tết Nguyên Đán (7 ngày)"
                in message.get_body((part,)).get_content())
    smtp.clear()
    run_pass(now=simulated_now(date(2027, 2, 11)), today=date(2027, 2, 11))
    [message] = smtp.messages  # due today, Thursday: no break follows
    assert "Lưu ý" not in message.get_body(("plain",)).get_content()
