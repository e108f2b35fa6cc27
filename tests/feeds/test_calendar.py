"""The calendar feed: RFC 5545 text that calendar programs read (checked with the
`icalendar` parser), at a secret URL made in the profile, shown once, rotated, revoked."""
import re
from datetime import date

import icalendar
import pytest
from sqlalchemy import select

from tests.conftest import NOW, login, post
from tracker.extensions import db
from tracker.feeds.models import CalendarFeed
from tracker.feeds.operations import create_feed

_URL = re.compile(r'id="new-calendar-url">http://localhost(/calendar/[^<]+\.ics)<')


@pytest.fixture
def world(make_body, make_user, make_task, make_assignment, make_directive):
    province = make_body("Tỉnh Lào Cai")
    x = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    y = make_body("Sở Y tế", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province)
    officer_x, officer_y = make_user("officer", body=x), make_user("officer", body=y)
    directive = make_directive(actor=coordinator, number="33-CT/TU")
    # Commas and semicolons must be escaped, and the long Vietnamese title folded.
    title = ("Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU, ngày 30/10/2017; phòng, chống "
             "tảo hôn và hôn nhân cận huyết thống trong vùng đồng bào dân tộc thiểu số")
    task = make_task(directive=directive, actor=coordinator, title=title)
    mine = make_assignment(task=task, body=x, due_on=date(2026, 11, 1))
    theirs = make_assignment(task=task, body=y, due_on=date(2026, 12, 15), role="support")
    return type("World", (), dict(coordinator=coordinator, officer_x=officer_x,
                                  officer_y=officer_y, mine=mine, theirs=theirs, title=title))


def _feed_url(client, user, *, sign_in=True) -> str:
    if sign_in:
        login(client, user)
    response = post(client, "/profile/calendar")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    match = _URL.search(response.get_data(as_text=True))
    assert match, "the address is shown once"
    assert match.group(1) not in client.get("/profile").get_data(as_text=True)
    return match.group(1)


def test_every_deadline_in_scope_as_an_all_day_event(client, world):
    url = _feed_url(client, world.coordinator)
    anonymous = client.application.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    raw = response.get_data()
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"assignment-{world.mine.id}@localhost",
                           f"assignment-{world.theirs.id}@localhost"}
    mine = events[f"assignment-{world.mine.id}@localhost"]
    assert mine["DTSTART"].dt == date(2026, 11, 1) and mine["DTSTART"].params["VALUE"] == "DATE"
    assert mine["DTEND"].dt == date(2026, 11, 2)
    assert str(mine["SUMMARY"]) == f"Hạn: {world.title} – Sở Nội vụ (quá hạn)"
    assert str(mine["URL"]) == f"http://localhost/assignments/{world.mine.id}"
    assert f"http://localhost/assignments/{world.mine.id}" in str(mine["DESCRIPTION"])
    assert "DTSTAMP" in mine
    # The same UIDs on the next fetch: calendar programs update events, not duplicate them.
    again = icalendar.Calendar.from_ical(anonymous.get(url).get_data())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)


def test_the_text_follows_rfc_5545(client, world):
    raw = client.application.test_client().get(_feed_url(client, world.coordinator)).get_data()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines), "the long summary is folded"
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")  # folding never splits a character
    assert "33-CT/TU\\, ngày 30/10/2017\\; phòng\\, chống" in unfolded
    assert "DTSTART;VALUE=DATE:20261101" in unfolded


def test_long_vietnamese_lines_fold_by_octets(client, world):
    """Three-octet letters: every piece within 75 octets, unfolding gives the text back."""
    from tracker.tasks.models import Task
    db.session.get(Task, world.mine.task_id).title = "Sơ kết " + "ệ" * 60
    db.session.commit()
    raw = client.application.test_client().get(_feed_url(client, world.coordinator)).get_data()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Hạn: Sơ kết " + "ệ" * 60 + " – Sở Nội vụ (quá hạn)" in unfolded


def test_an_officer_sees_only_the_deadlines_of_their_body(client, world):
    raw = client.application.test_client().get(_feed_url(client, world.officer_y)).get_data()
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    assert uids == {f"assignment-{world.theirs.id}@localhost"}


def test_rotated_revoked_and_unknown_secrets_answer_404(client, world):
    first = _feed_url(client, world.officer_x)
    second = _feed_url(client, world.officer_x, sign_in=False)  # rotate: the first stops working
    anonymous = client.application.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    feed = db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == world.officer_x.id, CalendarFeed.revoked_at.is_(None)))
    assert post(client, f"/profile/calendar/{feed.id}/revoke").status_code == 302
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/calendar/not-a-secret.ics").status_code == 404


def test_another_users_feed_cannot_be_revoked_and_a_locked_account_has_none(client, world):
    feed, secret = create_feed(world.officer_y, now=NOW)
    db.session.commit()
    login(client, world.officer_x)
    assert post(client, f"/profile/calendar/{feed.id}/revoke").status_code == 404
    anonymous = client.application.test_client()
    assert anonymous.get(f"/calendar/{secret}.ics").status_code == 200
    world.officer_y.active = False
    db.session.commit()
    assert anonymous.get(f"/calendar/{secret}.ics").status_code == 404


def test_the_secret_is_kept_only_as_a_hash(world):
    import hashlib
    feed, secret = create_feed(world.officer_x, now=NOW)
    assert feed.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in vars(feed).values()}


def test_a_full_calendar_keeps_the_coming_deadlines(client, app, world, make_directive,
                                                    make_task, make_assignment, monkeypatch):
    """Past the event limit, what is coming wins over years of old overdue work."""
    from tracker.bodies.models import Body
    monkeypatch.setitem(app.config, "CALENDAR_MAX_EVENTS", 3)
    directive = make_directive(actor=world.coordinator, number="15-KH/TU",
                               issued_on=date(2018, 1, 2))
    x = db.session.get(Body, world.mine.body_id)
    for year in (2019, 2020, 2021):
        task = make_task(directive=directive, actor=world.coordinator,
                         title=f"Báo cáo năm {year}", due_on=date(year, 6, 30))
        make_assignment(task=task, body=x, due_on=date(year, 6, 30))
    url = _feed_url(client, world.coordinator)
    events = icalendar.Calendar.from_ical(client.get(url).get_data()).walk("VEVENT")
    assert {e["DTSTART"].dt for e in events} == {
        date(2026, 12, 15),                     # the coming deadline
        date(2026, 11, 1), date(2021, 6, 30)}   # then the latest past ones
