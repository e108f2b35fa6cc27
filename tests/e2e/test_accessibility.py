"""The key pages in Chromium: no serious or critical axe-core violation, no horizontal
scrolling on a 390-pixel-wide phone, and the officer's progress update by keyboard alone."""
import re

import pytest
from sqlalchemy import select

from tests.e2e.conftest import PHONE, expect

pytestmark = pytest.mark.e2e

ADMIN = "admin@demo.vn"
COORDINATOR = "chuyenvien.langson@demo.vn"
OFFICER = "donvi.sonoivu.langson@demo.vn"
LEADER = "lanhdao.langson@demo.vn"
SO_NOI_VU = "Sở Nội vụ tỉnh Lạng Sơn"


def _directive_id(live, number="1536-QĐ/TU"):
    from tracker.directives.models import Directive
    return live.query(lambda s: s.scalar(select(Directive.id).where(Directive.number == number)))


def _task_id(live, title_start="Kiểm tra việc thực hiện Quy chế công tác dân vận"):
    from tracker.tasks.models import Task
    return live.query(lambda s: s.scalars(select(Task.id).where(
        Task.title.startswith(title_start, autoescape=True))).first())


def _body_id(live, name):
    from tracker.bodies.models import Body
    return live.query(lambda s: s.scalar(select(Body.id).where(Body.name == name)))


# (name, account or None, path). Each open assignment page shows its forms: the officer's
# (progress, submit, files, figures, extension) and the coordinator's (review, urge, move).
PAGES = [
    ("login", None, lambda live: "/login"),
    ("assignments", OFFICER, lambda live: "/assignments/"),
    ("assignment-officer", OFFICER, lambda live: "/assignments/%d" % live.assignment_id(
        SO_NOI_VU, "Báo cáo 6 tháng cuối năm 2026")),
    ("assignment-coordinator", COORDINATOR, lambda live: "/assignments/%d" % live.assignment_id(
        "Đảng ủy xã Cao Lộc", "Kiểm tra việc thực hiện Quy chế")),
    ("directives", COORDINATOR, lambda live: "/directives/"),
    ("directive", COORDINATOR, lambda live: "/directives/%d" % _directive_id(live)),
    ("directive-form", COORDINATOR, lambda live: "/directives/new"),
    ("task-form", COORDINATOR,
     lambda live: "/directives/%d/tasks/new?kind=so_ket&years=3" % _directive_id(live)),
    ("task-assign", COORDINATOR, lambda live: "/tasks/%d" % _task_id(live)),
    ("status", LEADER, lambda live: "/status/"),
    ("status-body", LEADER, lambda live: "/status/bodies/%d/assignments" % _body_id(
        live, SO_NOI_VU)),
    ("status-directive", LEADER, lambda live: "/status/directives/%d" % _directive_id(live)),
    ("overdue", LEADER, lambda live: "/status/overdue"),
    ("dialogues", LEADER, lambda live: "/status/dialogues"),
    ("profile", OFFICER, lambda live: "/profile"),
    ("api-tokens", OFFICER, lambda live: "/profile/tokens"),
    ("admin-bodies", ADMIN, lambda live: "/admin/bodies"),
    ("admin-users", ADMIN, lambda live: "/admin/users"),
]


@pytest.mark.parametrize("name, user, path", PAGES, ids=[p[0] for p in PAGES])
def test_page_passes_axe_and_fits_a_phone(open_session, live_server, name, user, path):
    s = open_session(name=f"page-{name}", user=user)
    response = s.goto(path(live_server))
    assert response.status == 200, response.url
    violations = s.axe_violations()
    assert not violations, f"axe-core on {response.url}:\n" + "\n".join(violations)
    s.shot("desktop")
    for width in (1200, 992):  # the narrowest desktop menu, and a collapsed one
        s.page.set_viewport_size({"width": width, "height": 800})
        assert s.horizontal_overflow() <= 0, f"{response.url} scrolls sideways at {width}px"

    s.page.set_viewport_size(PHONE)
    overflow = s.horizontal_overflow()
    assert overflow <= 0, f"{response.url} is {overflow}px wider than a 390px phone"
    s.shot("phone")


def _tab_to(page, css: str, max_presses: int = 80):
    """Press Tab until the focused element matches `css`; that element must show focus."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("css => document.activeElement.matches(css)", css):
            visible = page.evaluate("""() => {
                const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                       || s.boxShadow !== 'none'; }""")
            assert visible, f"no visible focus on {css}"
            return
    raise AssertionError(f"{css} not reached with {max_presses} presses of Tab")


def test_officer_updates_progress_with_the_keyboard_only(open_session, live_server):
    title = "Báo cáo 6 tháng đầu năm 2026"
    target = live_server.assignment_id(SO_NOI_VU, title)
    s = open_session(name="keyboard")
    page = s.page
    s.goto("/login")

    page.keyboard.press("Tab")  # the first stop skips the navigation
    expect(page.locator(":focus")).to_have_text("Bỏ qua đến nội dung chính")
    _tab_to(page, "#email")
    page.keyboard.type(OFFICER)
    _tab_to(page, "#password")
    page.keyboard.type("demo123456")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nhiệm vụ của đơn vị")).to_be_visible()

    _tab_to(page, f'a[href="/assignments/{target}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/assignments/{target}$"))
    _tab_to(page, "#p-progress")
    page.keyboard.press("Control+A")
    page.keyboard.type("85")
    _tab_to(page, "#p-note")
    page.keyboard.type("Đã tổng hợp số liệu của 11 huyện, thành phố.")
    _tab_to(page, "#progress-title ~ form button[type=submit]")
    s.shot("focus-on-save")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert").filter(has_text="Đã cập nhật tiến độ.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("85%")
    latest = page.locator("#history-title + ol > li").first
    expect(latest).to_contain_text("Cập nhật tiến độ")
    expect(latest).to_contain_text("Đã tổng hợp số liệu của 11 huyện, thành phố.")
