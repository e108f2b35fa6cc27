"""The four journeys of the brief, in Chromium, against the demo data served on 127.0.0.1.

Each test stands alone: it finds the demo rows it works on by body and task title, so the
tests pass in any order (they share one database, and touch different assignments)."""
import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest

from tests.e2e.conftest import expect
from tracker.core.time import vn_today

pytestmark = pytest.mark.e2e

COORDINATOR = "chuyenvien.langson@demo.vn"
OFFICER = "donvi.sonoivu.langson@demo.vn"
LEADER = "trunguong@demo.vn"
SO_NOI_VU = "Sở Nội vụ tỉnh Lạng Sơn"
MTTQ = "Ủy ban MTTQ tỉnh Lạng Sơn"
CAO_LOC = "Đảng ủy xã Cao Lộc"  # Huyện ủy Cao Lộc until 1/7/2025


def _nav(page, name):
    return page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=name, exact=True)


def _flash(page, text):
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def _latest_history(page):
    return page.locator("#history-title + ol > li").first


def tiny_docx(path):
    """A real (minimal) Word document: a zip with the three parts Word needs."""
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        docx.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'))
        docx.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<w:document xmlns:w="{ns}/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>Báo cáo rà soát Quy chế công tác dân vận — Sở Nội vụ tỉnh Lạng Sơn</w:t>'
            '</w:r></w:p></w:body></w:document>'))
    return path


def test_coordinator_registers_a_directive_derives_a_review_and_assigns_three_bodies(
        open_session):
    today = vn_today()
    issued = date(today.year - 1, today.month, min(today.day, 28))
    due = issued.replace(year=issued.year + 3)  # sơ kết 3 năm: issue date + 3 years
    s = open_session(name="coordinator").login(COORDINATOR)
    page = s.page

    _nav(page, "Văn bản").click()
    expect(page.get_by_role("heading", name="Văn bản chỉ đạo")).to_be_visible()
    s.shot("directives")
    page.get_by_role("link", name="+ Đăng ký văn bản").click()
    page.get_by_label("Số, ký hiệu").fill("45-CT/TU")
    page.get_by_label("Loại văn bản").select_option(label="Chỉ thị")
    page.get_by_label("Cơ quan ban hành").fill("Tỉnh ủy Lạng Sơn")
    page.get_by_label("Ngày ban hành").fill(issued.strftime("%d/%m/%Y"))
    page.get_by_label("Trích yếu").fill("Về tăng cường công tác dân vận trong xây dựng "
                                        "nông thôn mới giai đoạn 2025 – 2030")
    s.shot("directive-form")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("heading", name="Chỉ thị số 45-CT/TU")).to_be_visible()

    # Derive "sơ kết 3 năm": the form proposes the conventional title and the date.
    page.get_by_role("link", name="+ Sơ kết").click()
    page.wait_for_load_state()  # task_form.js listens before the number is changed
    citation = f"Chỉ thị số 45-CT/TU, ngày {issued:%d/%m/%Y} của Tỉnh ủy Lạng Sơn"
    title, due_on = page.get_by_label("Tên nhiệm vụ"), page.get_by_label("Hạn hoàn thành")
    expect(title).to_have_value(f"Sơ kết 03 năm thực hiện {citation}")
    expect(due_on).to_have_value(f"{due:%d/%m/%Y}")
    years = page.get_by_label("Số năm (sơ kết/tổng kết)")
    years.fill("5")  # the page's script proposes again as the number changes
    expect(title).to_have_value(f"Sơ kết 05 năm thực hiện {citation}")
    years.fill("3")
    expect(title).to_have_value(f"Sơ kết 03 năm thực hiện {citation}")
    expect(due_on).to_have_value(f"{due:%d/%m/%Y}")
    s.shot("task-form")
    page.get_by_role("button", name="Tạo nhiệm vụ", exact=True).click()
    _flash(page, "Đã tạo nhiệm vụ")

    # Assign it to three bodies, Sở Nội vụ leading.
    for body in (SO_NOI_VU, MTTQ, CAO_LOC):
        page.get_by_role("checkbox", name=re.compile(f"^{body} ·")).check()
    page.get_by_label("Đơn vị chủ trì").select_option(label=SO_NOI_VU)
    s.shot("assign-form", full_page=True)
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    _flash(page, "Đã giao nhiệm vụ cho 3 đơn vị.")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text=SO_NOI_VU)).to_contain_text("Chủ trì")
    for body in (MTTQ, CAO_LOC):
        expect(rows.filter(has_text=body)).to_contain_text("Phối hợp")
    s.shot("task-assigned")

    # The directive page counts them; its status page lists each body.
    page.get_by_role("link", name="45-CT/TU").click()
    task_row = page.locator("table tbody tr").filter(has_text="Sơ kết 03 năm")
    expect(task_row).to_contain_text("Chưa thực hiện 3")
    s.shot("directive")
    page.get_by_role("link", name="Tình hình theo đơn vị").click()
    matrix = page.get_by_role("table").last
    for body in (SO_NOI_VU, MTTQ, CAO_LOC):
        expect(matrix.get_by_role("rowheader", name=body)).to_be_visible()
    s.shot("directive-status")


def test_unit_officer_updates_progress_records_a_figure_attaches_and_submits(
        open_session, live_server, tmp_path):
    title = "Rà soát, đề xuất sửa đổi Quy chế công tác dân vận"
    mine = live_server.assignment_id(SO_NOI_VU, title)
    other = live_server.assignment_id(MTTQ, title)
    s = open_session(name="officer").login(OFFICER)
    page = s.page

    # Lands on the assignments of Sở Nội vụ (and of the sở merged into it) only.
    expect(page.get_by_role("heading", name="Nhiệm vụ của đơn vị")).to_be_visible()
    bodies = set(page.locator("table tbody tr td:nth-child(2)").all_inner_texts())
    assert SO_NOI_VU in bodies and bodies <= live_server.subtree(SO_NOI_VU)
    assert MTTQ not in live_server.subtree(SO_NOI_VU)
    s.shot("assignments")

    page.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(f"/assignments/{mine}$"))
    s.shot("assignment")
    page.get_by_label("Tiến độ (%)", exact=True).fill("60")
    page.get_by_label("Ghi chú", exact=True).fill(
        "Đã rà soát 12/20 điều của Quy chế; dự thảo sửa đổi đã gửi xin ý kiến các sở.")
    page.get_by_role("button", name="Lưu tiến độ").click()
    _flash(page, "Đã cập nhật tiến độ.")

    page.get_by_label("Tên số liệu").fill("Số hội nghị quán triệt")
    page.get_by_label("Giá trị").fill("3")
    page.get_by_label("Đơn vị tính").fill("hội nghị")
    page.get_by_role("button", name="Lưu số liệu").click()
    _flash(page, "Đã lưu số liệu.")
    expect(page.get_by_role("row", name=re.compile("Số hội nghị quán triệt"))).to_contain_text(
        "3")

    page.get_by_label("Tệp đính kèm").set_input_files(tiny_docx(tmp_path / "bao-cao-ra-soat.docx"))
    page.get_by_role("button", name="Tải lên").click()
    _flash(page, "Đã đính kèm tệp.")
    expect(page.get_by_role("link", name="bao-cao-ra-soat.docx")).to_be_visible()

    page.get_by_label("Nội dung báo cáo").fill("Sở Nội vụ gửi báo cáo kết quả rà soát.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Nộp báo cáo cho Ban Dân vận?"
    page.get_by_role("button", name="Nộp báo cáo").click()
    _flash(page, "Đã nộp báo cáo.")
    expect(page.locator("p .badge").filter(has_text="Đã nộp, chờ tiếp nhận")).to_be_visible()
    history = page.locator("#history-title + ol")
    for step in ("Nộp báo cáo", "Đính kèm tệp", "Cập nhật số liệu", "Cập nhật tiến độ"):
        expect(history).to_contain_text(step)
    s.shot("submitted", full_page=True)

    # Another body's assignment does not exist for this officer.
    response = s.goto(f"/assignments/{other}")
    assert response.status == 404
    expect(page.get_by_role("heading", name=re.compile("Không tìm thấy"))).to_be_visible()
    s.shot("other-body-404")


def test_coordinator_returns_one_report_accepts_another_and_grants_an_extension(
        open_session, live_server):
    task = "Tuyên truyền, vận động Nhân dân trong giải phóng mặt bằng"
    returned = live_server.assignment_id(SO_NOI_VU, task)
    accepted = live_server.assignment_id(MTTQ, task)
    extended = live_server.assignment_id(SO_NOI_VU, "Xây dựng kế hoạch thực hiện phong trào")
    s = open_session(name="coordinator-review").login(COORDINATOR)
    page = s.page

    s.goto(f"/assignments/{returned}")
    s.shot("submitted-report")
    reason = "Báo cáo chưa có số liệu số hộ dân đã được vận động; đề nghị bổ sung."
    page.get_by_label("Nhận xét / Lý do trả lại").fill(reason)
    page.get_by_role("button", name="Trả lại").click()
    _flash(page, "Đã trả lại báo cáo cho đơn vị.")
    latest = _latest_history(page)
    expect(latest).to_contain_text("Trả lại báo cáo")
    expect(latest).to_contain_text(reason)
    expect(page.locator("#history-title + ol")).to_contain_text("Nộp báo cáo")
    s.shot("returned", full_page=True)

    s.goto(f"/assignments/{accepted}")
    page.get_by_label("Nhận xét / Lý do trả lại").fill("Báo cáo đầy đủ.")
    page.get_by_role("button", name="Tiếp nhận (hoàn thành)").click()
    _flash(page, "Đã tiếp nhận báo cáo; phân công hoàn thành.")
    expect(_latest_history(page)).to_contain_text("Tiếp nhận, hoàn thành")
    # One badge, one label: "Hoàn thành" is not said a second time beside it.
    expect(page.locator("p .badge")).to_have_count(1)
    expect(page.locator("p .badge")).to_have_text(re.compile("^Hoàn thành (đúng|quá) hạn$"))
    s.shot("accepted")

    s.goto(f"/assignments/{extended}")
    request_box = page.locator("#ext-title ~ div.border").filter(has_text="Chờ xử lý")
    requested = re.search(r"Đề nghị hạn mới (\d\d/\d\d/\d{4})",
                          request_box.inner_text()).group(1)
    request_box.get_by_role("button", name="Đồng ý gia hạn").click()
    _flash(page, "Đã gia hạn.")
    latest = _latest_history(page)
    expect(latest).to_contain_text("Đồng ý gia hạn")
    expect(page.locator("dl")).to_contain_text(requested)  # the new deadline applies
    expect(page.locator("#history-title + ol")).to_contain_text("Đề nghị gia hạn")
    s.shot("extension-granted", full_page=True)


def test_leader_drills_down_reviews_overdue_urges_and_exports(open_session, live_server):
    smtp = live_server.smtp
    s = open_session(name="leader").login(LEADER)
    page = s.page

    # Province → body → assignment.
    expect(page.get_by_role("heading", name=re.compile("^Tình hình thực hiện"))).to_be_visible()
    s.shot("status-provinces")
    page.get_by_role("rowheader").get_by_role("link", name="Tỉnh Lạng Sơn", exact=True).click()
    expect(page.get_by_role("heading", name="Tình hình thực hiện: Tỉnh Lạng Sơn")).to_be_visible()
    s.shot("status-province")
    body_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=SO_NOI_VU, exact=True))
    body_row.get_by_role("link", name="phân công").click()
    # The row counts the body's subtree (the sở merged into it too): so does its list.
    expect(page.get_by_role("heading", name=f"Phân công của {SO_NOI_VU} và các đơn vị trực "
                                            "thuộc")).to_be_visible()
    s.shot("status-body")
    page.locator("table tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/assignments/\d+$"))
    expect(page.get_by_text(f"{SO_NOI_VU} (", exact=False)).to_be_visible()
    s.shot("status-assignment")

    # The overdue list, and an urge to Sở Nội vụ.
    _nav(page, "Quá hạn").click()
    expect(page.get_by_role("heading", name="Việc quá hạn")).to_be_visible()
    s.shot("overdue")
    # Grouped by body: the body's heading row, then its overdue assignments.
    group = page.locator("table tbody").filter(
        has=page.get_by_role("link", name=SO_NOI_VU, exact=True))
    row = group.locator("tr").filter(has_text="Kiểm tra việc thực hiện Quy chế").first
    smtp.clear()
    page.once("dialog", lambda dialog: dialog.accept())  # "Gửi thư đôn đốc ...?"
    row.get_by_role("button", name="Đôn đốc").click()
    _flash(page, "Đã gửi thư.")
    expect(page).to_have_url(re.compile(r"/status/overdue"))
    [message] = smtp.messages
    assert message["To"] == OFFICER
    assert message["Subject"].startswith("[Đôn đốc] Kiểm tra việc thực hiện Quy chế")

    # The spreadsheet of the status page.
    _nav(page, "Tình hình").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as data:
        workbook = openpyxl.load_workbook(io.BytesIO(data.read()), read_only=True)
    cells = {str(c) for row in workbook.active.iter_rows(values_only=True) for c in row}
    workbook.close()
    assert "Tỉnh Lạng Sơn" in cells
