"""Issue 13 in Chromium: what a new user hit in the first week (the phone status table,
typed work kept across an expired session, confirmation of an empty report, an upload too
large answered on the form)."""
import re
from datetime import timedelta

import pytest

from tests.e2e.conftest import PHONE, expect

pytestmark = pytest.mark.e2e

LEADER = "lanhdao.langson@demo.vn"
OFFICER = "donvi.sonoivu.langson@demo.vn"
SO_NOI_VU = "Sở Nội vụ tỉnh Lạng Sơn"
EXPIRED = re.compile("Phiên làm việc đã hết hạn")


def test_the_leaders_status_table_fits_a_phone(open_session):
    """390 px: 'Quá hạn' and '% hoàn thành' are on screen, nothing scrolls sideways (the
    table used to scroll inside its box, with both columns off-screen)."""
    s = open_session(viewport=PHONE, user=LEADER)
    page = s.page
    s.goto("/status/")
    table = page.locator("table.status-table")
    expect(table).to_be_visible()
    for name in ("Quá hạn", "% hoàn thành"):
        header = table.get_by_role("columnheader", name=name, exact=True)
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    assert s.horizontal_overflow() == 0
    assert table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth") == 0
    s.shot("phone-status")


def fresh_assignment(live, title: str) -> int:
    """A task of its own, given to Sở Nội vụ: the other browser tests never touch it."""
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.bodies.models import Body
    from tracker.core.time import utcnow, vn_today
    from tracker.directives.models import Directive
    from tracker.tasks.operations import assign_bodies, create_task

    def make(session):
        coordinator = session.scalar(select(User).where(
            User.email == "chuyenvien.langson@demo.vn"))
        directive = session.scalar(select(Directive).where(Directive.number == "1536-QĐ/TU"))
        body = session.scalar(select(Body).where(Body.name == SO_NOI_VU))
        task = create_task(directive, {"kind": "khac", "title": title,
                                       "due_on": vn_today() + timedelta(days=30)},
                           actor=coordinator, now=utcnow())
        [assignment] = assign_bodies(task, [body], lead=body, due_on=None, actor=coordinator,
                                     now=utcnow())
        session.commit()
        return assignment.id
    return live.query(make)


def test_a_too_large_file_is_refused_next_to_its_field(open_session, live_server, tmp_path):
    target = fresh_assignment(live_server, "Báo cáo kèm ảnh chụp hội nghị (tệp quá lớn)")
    limit = live_server.app.config["MAX_CONTENT_LENGTH"]
    big = tmp_path / "anh-hoi-nghi.pdf"
    with open(big, "wb") as out:
        out.write(b"%PDF-1.4\n")
        out.truncate(limit + 1024)
    s = open_session(user=OFFICER)
    page = s.page
    s.goto(f"/assignments/{target}")
    field = page.get_by_label("Tệp đính kèm")
    message = f"Tệp đính kèm: dung lượng vượt quá {limit // (1024 * 1024)} MB."

    # In the browser: said at once, and nothing is sent.
    field.set_input_files(str(big))
    expect(page.locator("#f-file-err")).to_have_text(message)
    expect(field).to_have_class(re.compile("is-invalid"))
    page.get_by_role("button", name="Tải lên").click()
    expect(page).to_have_url(re.compile(f"/assignments/{target}$"))
    expect(page.locator("#f-file-err")).to_have_text(message)
    s.shot("upload-too-large")

    # A browser that sends it anyway (no script): the server answers on the same page.
    s.goto(f"/assignments/{target}")
    page.evaluate("document.getElementById('f-file').removeAttribute('data-max-bytes')")
    page.get_by_label("Tệp đính kèm").set_input_files(str(big))
    with page.expect_response(re.compile(r"/files$")) as answer:
        page.get_by_role("button", name="Tải lên").click()
    assert answer.value.status == 413
    expect(page.get_by_role("heading", name=re.compile("Báo cáo kèm ảnh chụp"))).to_be_visible()
    expect(page.locator("#f-file-err")).to_have_text(message)
    expect(page.get_by_text("Chưa có tệp nào.")).to_be_visible()
    assert s.errors == ["Failed to load resource: the server responded with a status of 413 "
                        "(REQUEST ENTITY TOO LARGE)"]
    s.errors.clear()  # that 413 was the point


def _sign_in_here(page, live_server):
    from tracker.demo.loader import DEMO_PASSWORD
    page.get_by_label("Email").fill(OFFICER)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_typed_work_survives_an_expired_session(open_session, live_server):
    """The session ends while the officer types; saving says so in plain words, and after
    signing in again the form's page has the text back."""
    target = fresh_assignment(live_server, "Báo cáo kết quả đối thoại (phiên hết hạn)")
    note = "Đã tổ chức 12 cuộc đối thoại ở 12 xã, 3.250 lượt người tham gia."
    s = open_session(user=OFFICER)
    page = s.page
    s.goto(f"/assignments/{target}")
    page.get_by_label("Tiến độ (%)", exact=True).fill("40")
    page.get_by_label("Ghi chú", exact=True).fill(note)
    s.context.clear_cookies()  # the session expired while typing
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_role("heading", name=EXPIRED)).to_be_visible()
    expect(page.get_by_text("CSRF")).to_have_count(0)
    s.shot("session-expired")
    s.errors.clear()  # the 400 of the refused form is logged by the browser
    page.get_by_role("link", name="Mở lại trang").click()
    expect(page).to_have_url(re.compile("/login"))
    _sign_in_here(page, live_server)
    expect(page).to_have_url(re.compile(f"/assignments/{target}$"))
    expect(page.locator("#restored-notice")).to_be_visible()
    expect(page.get_by_label("Ghi chú", exact=True)).to_have_value(note)
    expect(page.get_by_label("Tiến độ (%)", exact=True)).to_have_value("40")
    s.shot("restored")
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_role("alert").filter(has_text="Đã cập nhật tiến độ.")).to_be_visible()
    expect(page.locator("#history-title + ol > li").first).to_contain_text(note)
    page.reload()
    expect(page.locator("#restored-notice")).to_have_count(0)


def test_signing_in_from_another_tab_keeps_the_text_and_no_405(open_session, live_server):
    target = fresh_assignment(live_server, "Báo cáo kết quả tuyên truyền (tab khác)")
    note = "Đã phát 1.200 tờ rơi về giải phóng mặt bằng."
    s = open_session(user=OFFICER)
    page = s.page
    s.goto(f"/assignments/{target}")
    page.get_by_label("Ghi chú", exact=True).fill(note)
    # Signed out meanwhile, then signed in again in another tab of the same browser.
    s.context.clear_cookies()
    other = s.context.new_page()
    other.goto(live_server.url + "/login")
    _sign_in_here(other, live_server)
    expect(other).not_to_have_url(re.compile("/login"))
    other.close()
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_role("heading", name=EXPIRED)).to_be_visible()
    s.errors.clear()
    page.get_by_role("link", name="Mở lại trang").click()
    expect(page).to_have_url(re.compile(f"/assignments/{target}$"))
    expect(page.get_by_label("Ghi chú", exact=True)).to_have_value(note)

    # Sent to the login page by a form's POST-only URL: signing in opens the form's page.
    s.context.clear_cookies()
    s.goto(f"/login?next=/assignments/{target}/progress")
    _sign_in_here(page, live_server)
    expect(page).to_have_url(re.compile(f"/assignments/{target}$"))
    expect(page.get_by_role("heading", name=re.compile("Phương thức"))).to_have_count(0)


def test_an_empty_report_asks_before_it_is_submitted(open_session, live_server):
    target = fresh_assignment(live_server, "Báo cáo tổng kết phong trào (báo cáo trống)")
    s = open_session(user=OFFICER)
    page = s.page
    s.goto(f"/assignments/{target}")
    page.get_by_label("Nội dung báo cáo").fill("Gửi Ban báo cáo tóm tắt.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Nộp báo cáo cho Ban Dân vận?"
    page.get_by_role("button", name="Nộp báo cáo", exact=True).click()
    warning = page.locator("#empty-report")
    expect(warning).to_contain_text("chưa có tệp báo cáo")
    expect(warning).to_contain_text("chưa có số liệu")
    expect(warning).to_contain_text("tiến độ đang là 0%")
    expect(page.get_by_label("Nội dung báo cáo")).to_have_value("Gửi Ban báo cáo tóm tắt.")
    s.shot("empty-report")
    s.errors.clear()  # the 422 of the question is logged by the browser
    page.get_by_role("button", name="Vẫn nộp báo cáo").click()
    expect(page.get_by_role("alert").filter(has_text="Đã nộp báo cáo.")).to_be_visible()
    expect(page.locator("p .badge").filter(has_text="Đã nộp, chờ tiếp nhận")).to_be_visible()


def test_the_body_picker_has_a_search_box_and_groups_by_kind(open_session, live_server):
    from sqlalchemy import select

    from tracker.tasks.models import Task
    task_id = live_server.query(lambda s: s.scalars(select(Task.id).where(Task.title.startswith(
        "Rà soát, đề xuất sửa đổi Quy chế", autoescape=True))).first())
    s = open_session(user="chuyenvien.langson@demo.vn")
    page = s.page
    s.goto(f"/tasks/{task_id}")
    picker = page.locator("#body-picker")
    groups = picker.get_by_role("group")
    assert groups.count() > 1  # grouped by kind
    total = picker.locator("[data-search]").count()
    first = picker.get_by_role("checkbox").first
    first.check()
    page.get_by_label("Tìm đơn vị").fill("uy ban")
    visible = picker.locator("[data-search]:visible")
    expect(visible.first).to_be_visible()
    names = visible.all_inner_texts()
    assert 0 < len(names) < total
    assert all("Ủy ban" in n or "ủy ban" in n.lower() for n in names), names
    page.get_by_label("Tìm đơn vị").fill("khong co don vi nao nhu the")
    expect(page.locator("#body-picker-empty")).to_be_visible()
    page.get_by_label("Tìm đơn vị").fill("")
    expect(picker.locator("[data-search]:visible")).to_have_count(total)
    expect(first).to_be_checked()  # what was ticked stays ticked through the filter
