"""Issue 13 point 1: a coordinator's inbox of reports waiting to be accepted."""
import re
from datetime import timedelta

import pytest

from tests.conftest import NOW, counted_queries, login
from tracker.assignments import operations as ops
from tracker.assignments.queries import inbox, inbox_count
from tracker.extensions import db


@pytest.fixture
def w(two_provinces, make_user, make_directive, make_task, make_assignment):
    c = two_provinces
    coord = c.users["coord_a"]
    directive = make_directive(actor=coord, number="33-CT/TU")
    tasks = [make_task(directive=directive, actor=coord, title=f"Báo cáo lần {i}")
             for i in range(3)]
    officer_x, officer_y = c.users["officer_x"], c.users["officer_y"]
    first = make_assignment(task=tasks[0], body=c.x)
    second = make_assignment(task=tasks[1], body=c.y)
    still_open = make_assignment(task=tasks[2], body=c.x)
    # Submitted in this order: `second` two days before `first`.
    ops.submit_report(second, note="", version=None, actor=officer_y, now=NOW - timedelta(2))
    ops.submit_report(first, note="", version=None, actor=officer_x, now=NOW)
    # Province B's own task and submitted report: never in A's inbox.
    coord_b = c.users["coord_b"]
    other = make_assignment(task=make_task(actor=coord_b, title="Báo cáo của tỉnh B"),
                            body=make_body_b(c))
    ops.submit_report(other, note="", version=None,
                      actor=make_user("officer", body=c.b), now=NOW)
    # A coordinator of department X: X's report is not theirs to accept (A's task).
    coord_x = make_user("coordinator", body=c.x)
    db.session.commit()
    return c, coord, coord_b, coord_x, first, second, still_open, other


def make_body_b(c):
    from tracker.bodies.operations import create_body
    return create_body({"name": "Sở Nội vụ tỉnh B", "kind": "so_nganh", "level": "tinh",
                        "short_name": ""}, parent=c.b, actor=None, now=NOW)


def test_the_inbox_lists_what_the_coordinator_may_accept_oldest_first(w):
    c, coord, coord_b, coord_x, first, second, still_open, other = w
    assert [a.id for a in db.session.scalars(inbox(coord))] == [second.id, first.id]
    assert inbox_count(coord) == (2, True)
    assert [a.id for a in db.session.scalars(inbox(coord_b))] == [other.id]
    assert inbox_count(coord_b) == (1, True)
    assert list(db.session.scalars(inbox(coord_x))) == [] and inbox_count(coord_x) == (0, True)

    ops.accept_report(second, note="", actor=coord, now=NOW)
    ops.return_report(first, reason="Thiếu số liệu", actor=coord, now=NOW)
    db.session.commit()
    assert list(db.session.scalars(inbox(coord))) == [] and inbox_count(coord) == (0, True)


def test_the_page_and_the_menu_count(client, w):
    coord = w[1]
    login(client, coord)
    html = client.get("/assignments/").get_data(as_text=True)
    menu = re.search(r'href="/assignments/inbox">(.*?)</a>', html, re.S).group(1)
    assert "Chờ tiếp nhận" in menu and ">2</span>" in menu
    html = client.get("/assignments/inbox").get_data(as_text=True)
    assert html.index("Báo cáo lần 1") < html.index("Báo cáo lần 0")  # the oldest first
    assert "Báo cáo lần 2" not in html and "Báo cáo của tỉnh B" not in html
    assert re.search(r"chờ \d+ ngày", html)  # how long the oldest has waited

    # The menu's count is one query on a coordinator's page, none on an officer's.
    with counted_queries() as statements:
        client.get("/profile")
    assert sum("count(" in s.lower() for s in statements) == 1


def test_the_menu_count_stops_at_the_lists_cap(app, client, w, monkeypatch):
    """Above the cap the badge says "hơn N", as the lists do, and nothing more is counted."""
    coord = w[1]
    monkeypatch.setitem(app.config, "LIST_COUNT_CAP", 1)
    assert inbox_count(coord) == (1, False)
    login(client, coord)
    html = client.get("/profile").get_data(as_text=True)
    menu = re.search(r'href="/assignments/inbox">(.*?)</a>', html, re.S).group(1)
    assert ">hơn 1</span>" in menu


def test_officers_and_leaders_have_no_inbox(client, w):
    c = w[0]
    login(client, c.users["officer_x"])
    html = client.get("/assignments/").get_data(as_text=True)
    assert "/assignments/inbox" not in html
    assert client.get("/assignments/inbox").status_code == 403
