"""The body picker of the assign form in Chromium. A province of 320 bodies: searched
(without accents, by kind and level), never listed whole, picked with the keyboard, shown
as removable chips that feed the "Đơn vị chủ trì" select. A province of a few bodies: the
whole list, which works with JavaScript off. Both provinces sit in a tree of their own, so
that no demo user sees them."""
import re
from datetime import date, datetime, timezone

import pytest

from tests.e2e.conftest import DESKTOP, Session, expect

pytestmark = pytest.mark.e2e

LARGE, SMALL = "chuyenvien.picker.lon@test.vn", "chuyenvien.picker.nho@test.vn"
COMMUNES, DEPARTMENTS = 300, 20
NOW = datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def tasks(live_server):
    """Two provinces under a root of their own, each with a coordinator and a task."""
    from tracker.auth.operations import create_user
    from tracker.bodies.operations import create_body
    from tracker.demo.loader import DEMO_PASSWORD
    from tracker.directives.operations import create_directive
    from tracker.tasks.operations import create_task

    def body(name, parent, kind="dia_phuong", level="tinh"):
        return create_body({"name": name, "kind": kind, "level": level}, parent=parent,
                           actor=None, now=NOW)

    def make(session):
        root = body("Ban Thử nghiệm bộ chọn", None, "ban_dan_van", "trung_uong")
        ids = {}
        for email, province, communes, departments in (
                (LARGE, "Tỉnh Thử nghiệm Lớn", COMMUNES, DEPARTMENTS),
                (SMALL, "Tỉnh Thử nghiệm Nhỏ", 3, 2)):
            top = body(province, root)
            for n in range(1, communes + 1):
                body(f"Đảng ủy xã Số {n:03d} {province}", top, "cap_uy", "xa")
            for n in range(1, departments + 1):
                body(f"Sở Số {n:02d} {province}", top, "so_nganh", "tinh")
            user = create_user({"email": email, "full_name": f"Chuyên viên {province}",
                                "role": "coordinator", "body": top,
                                "password": DEMO_PASSWORD}, actor=None, now=NOW)
            directive = create_directive({
                "number": f"{len(ids) + 1}-KH/TN", "kind": "ke_hoach", "issuer": province,
                "issued_on": date(2026, 1, 2), "title": "Kế hoạch thử bộ chọn",
                "parent": None}, actor=user, now=NOW)
            ids[email] = create_task(directive, {
                "kind": "ke_hoach", "title": f"Nhiệm vụ thử bộ chọn ({province})",
                "due_on": date(2027, 6, 30)}, actor=user, now=NOW).id
        session.commit()
        return ids
    return live_server.query(make)


def test_search_first_picker_of_a_large_scope(open_session, tasks):
    s = open_session(user=LARGE)
    page = s.page
    s.goto(f"/tasks/{tasks[LARGE]}")
    picker = page.locator("#body-picker")
    expect(picker).to_contain_text("321 đơn vị trong phạm vi")  # and the province
    assert picker.get_by_role("checkbox").count() == 0  # nothing listed before a search

    # Without accents, and with the keyboard: ArrowDown to the match, Space ticks it.
    search = page.get_by_label("Tìm đơn vị")
    search.fill("dang uy xa so 012")
    commune = page.get_by_role("checkbox", name="Đảng ủy xã Số 012 Tỉnh Thử nghiệm Lớn · "
                                                "Cấp ủy đảng · Xã · Tỉnh Thử nghiệm Lớn")
    expect(commune).to_be_visible()
    expect(picker.get_by_role("checkbox")).to_have_count(1)
    search.press("ArrowDown")
    expect(commune).to_be_focused()
    page.keyboard.press("Space")
    chips = page.get_by_role("list", name="Đơn vị đã chọn")
    expect(chips.get_by_role("listitem")).to_have_count(1)
    expect(chips).to_contain_text("Đảng ủy xã Số 012")

    # By kind: a page of 30 at a time, "Xem thêm" for the rest; Enter never submits.
    search.fill("")
    page.get_by_label("Loại đơn vị").select_option(label="Cấp ủy đảng")
    expect(picker.get_by_role("checkbox")).to_have_count(30)
    page.get_by_role("button", name="Xem thêm").click()
    expect(picker.get_by_role("checkbox")).to_have_count(60)
    expect(commune).to_be_checked()  # ticked before stays ticked in a new search
    page.get_by_label("Loại đơn vị").select_option(label="Sở, ban, ngành")
    search.fill("so 07")
    search.press("Enter")
    department = page.get_by_role("checkbox", name="Sở Số 07 Tỉnh Thử nghiệm Lớn")
    expect(picker.get_by_role("checkbox")).to_have_count(1)
    department.check()
    expect(chips.get_by_role("listitem")).to_have_count(2)
    assert page.url.endswith(f"/tasks/{tasks[LARGE]}")  # Enter searched, did not submit

    # The lead is one of the bodies picked; removing a chip removes it from the select.
    lead = page.get_by_label("Đơn vị chủ trì")
    expect(lead.locator("option")).to_have_count(3)
    lead.select_option(label="Sở Số 07 Tỉnh Thử nghiệm Lớn")
    page.get_by_role("button", name="Bỏ chọn Đảng ủy xã Số 012 Tỉnh Thử nghiệm Lớn").click()
    expect(chips.get_by_role("listitem")).to_have_count(1)
    expect(lead.locator("option")).to_have_count(2)
    expect(lead).to_have_value(str(_id(s, "Sở Số 07 Tỉnh Thử nghiệm Lớn")))
    search.fill("so 150")
    page.get_by_label("Loại đơn vị").select_option(label="Cấp ủy đảng")
    page.get_by_role("checkbox", name="Đảng ủy xã Số 150").check()
    violations = s.axe_violations()
    assert not violations, "\n".join(violations)
    s.shot("picker", full_page=True)

    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Đã giao nhiệm vụ cho 2 đơn vị.")
           ).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="Sở Số 07 Tỉnh Thử nghiệm Lớn")).to_contain_text("Chủ trì")
    expect(rows.filter(has_text="Đảng ủy xã Số 150")).to_contain_text("Phối hợp")
    # Bodies given the task are no longer offered.
    search = page.get_by_label("Tìm đơn vị")
    search.fill("so 150")
    expect(page.locator("#picker-status")).to_contain_text("Không có đơn vị nào khớp")


def test_words_typed_before_the_script_ran_are_searched(open_session, tasks):
    """A slow page: the search box is typed into before body_picker.js has run (held back
    here); the words are searched as soon as it runs."""
    s = open_session(user=LARGE)
    page, held = s.page, []
    page.route("**/body_picker.js", lambda route: held.append(route))
    with page.expect_request("**/body_picker.js"):
        page.goto(s.live.url + f"/tasks/{tasks[LARGE]}", wait_until="commit")
    page.get_by_label("Tìm đơn vị").fill("dang uy xa so 012")
    for _ in range(100):  # the route's handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(page.get_by_role("checkbox", name=re.compile("^Đảng ủy xã Số 012 "))).to_be_visible()


def _id(session, name: str) -> int:
    from sqlalchemy import select

    from tracker.bodies.models import Body
    return session.live.query(lambda s: s.scalar(select(Body.id).where(Body.name == name)))


def test_small_scope_works_without_javascript(browser, live_server, _signed_in_states,
                                              tasks):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=False,
                                  storage_state=_signed_in_states(SMALL))
    try:
        s = Session(context, live_server, "picker-no-js")
        page = s.page
        s.goto(f"/tasks/{tasks[SMALL]}")
        picker = page.locator("#body-picker")
        expect(picker.get_by_role("checkbox")).to_have_count(6)  # every body, listed
        picker.get_by_role("checkbox", name="Sở Số 01 Tỉnh Thử nghiệm Nhỏ").check()
        picker.get_by_role("checkbox", name="Đảng ủy xã Số 002 Tỉnh Thử nghiệm Nhỏ").check()
        page.get_by_label("Đơn vị chủ trì").select_option(label="Sở Số 01 Tỉnh Thử nghiệm Nhỏ")
        page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
        expect(page.get_by_role("alert").filter(has_text="Đã giao nhiệm vụ cho 2 đơn vị.")
               ).to_be_visible()
        expect(picker.get_by_role("checkbox")).to_have_count(4)  # not those given the task
    finally:
        context.close()
