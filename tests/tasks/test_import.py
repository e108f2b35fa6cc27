"""Importing tasks and their assignments from .xlsx sheets laid out as offices keep them."""
import io
import re
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import event, func, select
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, counted_queries, login, post, require_postgresql
from tracker import imports
from tracker.assignments.models import Assignment
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.history.queries import history_of
from tracker.imports.models import PendingImport
from tracker.imports.pending import claim_pending, keep_pending, load_pending
from tracker.tasks import importer
from tracker.tasks.importer import (
    ImportRejected,
    SourceRow,
    import_tasks,
    preview_import,
    read_sheet,
    sheet_rows,
    template_workbook,
)
from tracker.tasks.models import Task

HEADINGS = ["STT", "Tên nhiệm vụ", "Loại nhiệm vụ", "Số văn bản", "Đơn vị chủ trì",
            "Đơn vị phối hợp", "Hạn hoàn thành", "Ghi chú/Nội dung"]
P = "tỉnh Lào Cai"


@pytest.fixture
def w(make_body, make_user, make_directive):
    """Lào Cai under the central Ban, with the bodies of the template, a commune spelt
    'Hòa', two communes of the same name, a merged one; Lạng Sơn beside it."""
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    lao_cai = make_body("Tỉnh Lào Cai", parent=root)
    names = {}
    for name, kind, short in [
            ("Ban Dân vận Tỉnh ủy Lào Cai", "ban_dan_van", "BDV TU"),
            (f"UBND {P}", "ubnd", "UBND tỉnh"), (f"Sở Nội vụ {P}", "so_nganh", "SNV"),
            (f"Sở Y tế {P}", "so_nganh", "SYT"), (f"Sở Tư pháp {P}", "so_nganh", "STP"),
            (f"Sở Lao động, Thương binh và Xã hội {P}", "so_nganh", "SLĐTBXH"),
            (f"Ủy ban MTTQ {P}", "mttq", "MTTQ tỉnh"),
            (f"Hội Liên hiệp Phụ nữ {P}", "doan_the", "Hội LHPN tỉnh")]:
        names[short] = make_body(name, parent=lao_cai, kind=kind, short_name=short)
    bao_thang = make_body("Huyện Bảo Thắng", parent=lao_cai, level="huyen")
    bat_xat = make_body("Huyện Bát Xát", parent=lao_cai, level="huyen")
    hoa_binh = make_body("Đảng ủy xã Hòa Bình", parent=bao_thang, kind="cap_uy", level="xa")
    make_body("Đảng ủy xã Xuân Quang", parent=bao_thang, kind="cap_uy", level="xa")
    make_body("Đảng ủy xã Xuân Quang", parent=bat_xat, kind="cap_uy", level="xa")
    merged = make_body("Đảng ủy xã Phố Lu cũ", parent=bao_thang, kind="cap_uy", level="xa")
    merged.active = False
    lang_son = make_body("Tỉnh Lạng Sơn", parent=root)
    make_body("Sở Y tế tỉnh Lạng Sơn", parent=lang_son, kind="so_nganh")
    db.session.commit()
    coordinator = make_user("coordinator", body=lao_cai)
    central = make_user("coordinator", body=root)
    ls_coordinator = make_user("coordinator", body=lang_son)
    d33 = make_directive(actor=coordinator, number="33-CT/TU", issued_on=date(2017, 10, 30))
    d18 = make_directive(actor=coordinator, number="18-CT/TU", issued_on=date(2016, 9, 15),
                         title="Dân vận trong cơ quan hành chính")
    ttg = make_directive(actor=central, number="33/CT-TTg", issued_on=date(2021, 11, 26),
                         issuer="Thủ tướng Chính phủ", title="Đổi mới công tác dân vận")
    make_directive(actor=ls_coordinator, number="320-QĐ/TU", issued_on=date(2016, 6, 13),
                   kind="quyet_dinh", issuer="BTV Tỉnh ủy Lạng Sơn", title="Đối thoại")
    return SimpleNamespace(**names, **locals())


def xlsx(rows, *, merges=(), above=()) -> bytes:
    """A workbook whose first sheet holds `above` (title rows), then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [*above, *rows]:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, filename: str = "nhiem-vu.xlsx") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=filename)


def task_row(n=1, title="Xây dựng kế hoạch tuyên truyền phòng, chống tảo hôn", kind="Kế hoạch",
             number="33-CT/TU", lead=f"Sở Y tế {P}", support=f"Sở Tư pháp {P}",
             due="31/12/2026", note=""):
    return [n, title, kind, number, lead, support, due, note]


def rows_of(*rows) -> list[SourceRow]:
    return sheet_rows(xlsx([HEADINGS, *rows]))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def errors_of(preview) -> dict[int, dict[str, str]]:
    return {row.number: row.errors for row in preview.rows if row.errors}


# ---- reading real-world sheets ---------------------------------------------------------

def test_title_rows_merged_two_row_headings_numbering_sections_and_merged_cells():
    above = [["BAN DÂN VẬN TỈNH ỦY LÀO CAI", None, None, None, None, None, None, None],
             ["DANH MỤC NHIỆM VỤ NĂM 2026"], []]
    heads = [["STT", "Tên nhiệm vụ", "Loại nhiệm vụ", "Số văn bản", "Đơn vị thực hiện", None,
              "Hạn hoàn thành", "Ghi chú/Nội dung"],
             [None, None, None, None, "Chủ trì", "Phối hợp", None, None],
             ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
             ["I", "NHIỆM VỤ CHUNG"]]
    body = [task_row(1, due=datetime(2026, 12, 31)), task_row(2, title="Tập huấn cán bộ",
                                                               kind="Tập huấn", number=None),
            [3], []]
    merges = ["A1:H1", "A2:H2", "E4:F4", *(f"{c}4:{c}5" for c in "ABCDGH"), "D8:D9"]
    rows = read_sheet(upload(xlsx([*heads, *body], merges=merges, above=above)))
    assert [row.number for row in rows] == [8, 9]  # numbering, section, lone STT skipped
    first, second = (row.values for row in rows)
    assert first["lead"] == f"Sở Y tế {P}" and first["support"] == f"Sở Tư pháp {P}"
    assert first["due_on"] == date(2026, 12, 31)
    assert second["directive"] == "33-CT/TU"  # merged down over the directive's tasks
    assert second["title"] == "Tập huấn cán bộ"


def test_headings_without_diacritics_with_extra_spaces_and_notes_in_brackets():
    heads = ["so tt", "TEN  NHIEM VU ", "loai", "So, ky hieu", " Don vi chu tri",
             "Phoi hop", "Han hoan thanh (dd/mm/yyyy)", "Nội dung", "Ghi chú"]
    [row] = rows_of(heads, task_row(note="Nội dung chính") + ["Ghi chú thêm"])
    assert row.values["title"] == "Xây dựng kế hoạch tuyên truyền phòng, chống tảo hôn"
    assert row.values["directive"] == "33-CT/TU"
    assert row.values["description"] == "Nội dung chính\nGhi chú thêm"  # both kept


@pytest.mark.parametrize("headings, message", [
    (["Tên nhiệm vụ", "Số văn bản", "Hạn hoàn thành"], "thiếu cột “Đơn vị chủ trì”"),
    (["Số văn bản", "Đơn vị chủ trì"], "không tìm thấy dòng tiêu đề"),
    (["Tên nhiệm vụ", "Số văn bản", "Đơn vị chủ trì", "Hạn", "Thời hạn"], "xuất hiện hai lần"),
])
def test_unusable_headings_are_named(headings, message):
    with pytest.raises(ValidationError) as caught:
        sheet_rows(xlsx([headings, ["x"] * len(headings)]))
    assert message in caught.value.errors["file"]


@pytest.mark.parametrize("content, filename, message", [
    (b"STT;Ten nhiem vu", "nhiem-vu.csv", "chỉ nhận tệp Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "nhiem-vu.xls", "lưu lại dưới dạng .xlsx"),
    (b"PK\x03\x04 not really", "nhiem-vu.xlsx", "không đọc được tệp"),
    (b"", "nhiem-vu.xlsx", "không đọc được tệp"),
])
def test_unusable_files_are_refused(content, filename, message):
    with pytest.raises(ValidationError) as caught:
        read_sheet(upload(content, filename))
    assert message in caught.value.errors["file"]


def test_limits_on_rows_and_size(monkeypatch):
    monkeypatch.setattr(importer.reading, "SHEET", replace(importer.reading.SHEET, max_rows=3))
    content = xlsx([HEADINGS, *(task_row(n) for n in range(1, 5))])
    with pytest.raises(ValidationError, match="tối đa 3 dòng"):
        sheet_rows(content)
    monkeypatch.setattr(imports.reading, "MAX_FILE_BYTES", len(content) - 1)
    with pytest.raises(ValidationError, match="dung lượng vượt quá"):
        read_sheet(upload(content))
    with pytest.raises(ValidationError, match="không có dòng nhiệm vụ"):
        sheet_rows(xlsx([HEADINGS, [], ["", "  "]]))


# ---- checking every row ----------------------------------------------------------------

def test_dates_as_excel_dates_and_as_text_and_an_impossible_date(w):
    preview = preview_import(rows_of(
        task_row(1, due=datetime(2026, 12, 31, 0, 0)), task_row(2, due="5/1/2027 "),
        task_row(3, due="15/15/2022"), task_row(4, due="2016-01-01"), task_row(5, due="")),
        actor=w.coordinator)
    assert [row.due_on for row in preview.rows[:2]] == [date(2026, 12, 31), date(2027, 1, 5)]
    errors = errors_of(preview)
    assert set(errors) == {4, 5, 6}
    assert errors[4] == {"due_on": "Hạn hoàn thành: ngày “15/15/2022” không hợp lệ (tháng 15 "
                                   "không tồn tại)."}
    assert errors[5]["due_on"] == ("Hạn hoàn thành: không được trước ngày ban hành văn bản "
                                   "(30/10/2017).")
    assert errors[6]["due_on"] == "Hạn hoàn thành: không được để trống."


def test_body_names_with_or_without_diacritics_tone_placement_and_spaces(w):
    preview = preview_import(rows_of(
        task_row(1, lead="Đảng ủy xã Hoà Bình  ",  # old tone placement, trailing spaces
                 support="dang uy xa hoa binh; SYT\n- hoi lien hiep phu nu tinh lao cai"),
        task_row(2, lead="ĐẢNG ỦY XÃ HÒA BÌNH", support=f"Sở Lao động, Thương binh và Xã hội "
                                                     f"{P}, Sở Tư pháp {P}, MTTQ tỉnh")),
        actor=w.coordinator)
    assert preview.ok, errors_of(preview)
    first, second = preview.rows
    assert first.lead is w.hoa_binh and second.lead is w.hoa_binh
    assert [b.name for b in first.support] == [f"Sở Y tế {P}", f"Hội Liên hiệp Phụ nữ {P}"]
    assert first.notes == ["“Đảng ủy xã Hòa Bình” vừa ghi chủ trì vừa ghi phối hợp: chỉ giao "
                           "chủ trì."]
    assert [b.short_name for b in second.support] == ["SLĐTBXH", "STP", "MTTQ tỉnh"]


def test_unknown_ambiguous_and_merged_bodies_are_errors(w):
    preview = preview_import(rows_of(
        task_row(1, lead="Đảng ủy xã Xuân Quang"),
        task_row(2, lead="Sở Y tế tỉnh Lạng Sơn", support="Đảng ủy xã Phố Lu cũ; Sở Xây dựng"),
        task_row(3, lead=f"Sở Y tế {P}; Sở Tư pháp {P}", support=""),
        task_row(4, lead="", support="")), actor=w.coordinator)
    errors = errors_of(preview)
    assert errors[2] == {"lead": "Đơn vị chủ trì: “Đảng ủy xã Xuân Quang” trùng tên với 2 đơn "
                                 "vị (Đảng ủy xã Xuân Quang; Đảng ủy xã Xuân Quang), hãy ghi "
                                 "tên đầy đủ hoặc tên viết tắt để phân biệt."}
    assert errors[3] == {
        "lead": "Đơn vị chủ trì: không tìm thấy “Sở Y tế tỉnh Lạng Sơn” trong phạm vi của bạn.",
        "support": "Đơn vị phối hợp: “Đảng ủy xã Phố Lu cũ” đã ngừng hoạt động hoặc đã sáp "
                   "nhập; không tìm thấy “Sở Xây dựng” trong phạm vi của bạn."}
    assert errors[4]["lead"].startswith("Đơn vị chủ trì: chỉ ghi một đơn vị")
    assert errors[5] == {"lead": "Đơn vị chủ trì: không được để trống."}


def test_directives_matched_by_number_among_those_the_coordinator_may_read(w):
    preview = preview_import(rows_of(
        task_row(1, number="33-ct/tu "), task_row(2, number="Chỉ thị số 18-CT/TU ngày 15/9/2016"),
        task_row(3, number="33/CT-TTg"),  # issued above the province: readable
        task_row(4, number="320-QĐ/TU"),  # Lạng Sơn's: not visible
        task_row(5, number="")), actor=w.coordinator)
    assert [row.directive for row in preview.rows[:3]] == [w.d33, w.d18, w.ttg]
    errors = errors_of(preview)
    assert errors[5] == {"directive": "Số văn bản: không tìm thấy văn bản số “320-QĐ/TU” trong "
                                      "các văn bản bạn được xem."}
    assert errors[6] == {"directive": "Số văn bản: không được để trống."}


def test_task_kinds_in_vietnamese_with_or_without_diacritics(w):
    kinds = ["Sơ kết", "TONG KET 5 NAM", "Đối thoại", "bao cao dinh ky", "Kế hoạch",
             "Kiem tra, giam sat", "Tuyên truyền, quán triệt", "tap huan", "Khác", "",
             "Hội thảo"]
    titles = {0: "Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU"}
    preview = preview_import(rows_of(*(
        task_row(n, kind=kind, title=titles.get(n, f"Nhiệm vụ {n}"), due="30/10/2027")
        for n, kind in enumerate(kinds))), actor=w.coordinator)
    assert [row.kind for row in preview.rows[:-1]] == [
        "so_ket", "tong_ket", "doi_thoai", "bao_cao_dinh_ky", "ke_hoach", "kiem_tra_giam_sat",
        "tuyen_truyen", "tap_huan", "khac", "khac"]
    assert [row.review_years for row in preview.rows[:2]] == [3, 5]
    assert errors_of(preview) == {12: {"kind": (
        "Loại nhiệm vụ: “Hội thảo” không có trong danh mục (ghi một trong: Sơ kết; Tổng kết; "
        "Đối thoại; Báo cáo định kỳ; Kế hoạch; Kiểm tra, giám sát; Tuyên truyền, quán triệt; "
        "Tập huấn; Khác).")}}


def test_a_review_needs_its_years_and_gets_the_conventional_title_and_deadline(w):
    preview = preview_import(rows_of(
        task_row(1, kind="Tổng kết", title="Tổng kết thực hiện Chỉ thị"),
        task_row(2, kind="Sơ kết 5 năm", title="", due="")), actor=w.coordinator)
    assert errors_of(preview) == {2: {"review_years": (
        "Số năm: ghi số năm sơ kết, tổng kết ở cột “Số năm” hoặc trong tên nhiệm vụ (ví dụ "
        "“Sơ kết 03 năm thực hiện ...”).")}}
    proposed = preview.rows[1]
    assert proposed.title.startswith("Sơ kết 05 năm thực hiện Chỉ thị số 33-CT/TU")
    assert proposed.due_on == date(2022, 10, 30)


def test_lead_listed_also_as_coordinating_is_assigned_once_as_lead(w):
    rows = rows_of(task_row(1, lead="SYT", support=f"Sở Y tế {P}; Sở Y tế {P}; STP"))
    result = import_tasks(rows, actor=w.coordinator, now=NOW)
    db.session.commit()
    roles = sorted((a.body_id, a.role) for a in result.assignments)
    assert roles == sorted([(w.SYT.id, "lead"), (w.STP.id, "support")])


# ---- writing all or nothing ------------------------------------------------------------

def test_one_bad_row_writes_nothing(w):
    rows = rows_of(task_row(1), task_row(2, title="Tập huấn", kind="Tập huấn"),
                   task_row(3, due="15/15/2022"))
    before = count(HistoryEntry)
    with pytest.raises(ImportRejected) as caught:
        import_tasks(rows, actor=w.coordinator, now=NOW)
    db.session.rollback()
    assert [row.number for row in caught.value.preview.error_rows] == [4]
    assert "1 dòng có lỗi" in caught.value.errors["file"]
    assert (count(Task), count(Assignment), count(HistoryEntry)) == (0, 0, before)


def test_every_row_written_with_the_history_of_the_pages(w):
    rows = rows_of(task_row(1, support="STP; Hội LHPN tỉnh", note="Gửi báo cáo trước 15/12"),
                   task_row(2, title="Kiểm tra công tác dân vận chính quyền",
                            kind="Kiểm tra, giám sát", number="18-CT/TU", lead="UBND tỉnh",
                            support="", due=datetime(2027, 6, 30)))
    result = import_tasks(rows, actor=w.coordinator, now=NOW)
    db.session.commit()
    assert (len(result.tasks), len(result.assignments)) == (2, 4)
    first, second = result.tasks
    assert (first.directive_id, first.kind, first.due_on, first.description) == (
        w.d33.id, "ke_hoach", date(2026, 12, 31), "Gửi báo cáo trước 15/12")
    assert (second.directive_id, second.owner_body_id) == (w.d18.id, w.lao_cai.id)
    assert [e.action for e in history_of("task", first.id)] == ["created"]
    lead = next(a for a in result.assignments if a.task_id == second.id)
    assert (lead.role, lead.due_on, lead.status) == ("lead", date(2027, 6, 30), "not_started")
    [entry] = history_of("assignment", lead.id)
    assert (entry.action, entry.actor_id) == ("assigned", w.coordinator.id)


def test_the_same_task_twice_is_noted_not_refused(w, make_task):
    make_task(directive=w.d33, actor=w.coordinator, title="Tập huấn cán bộ")
    preview = preview_import(rows_of(task_row(1, title="Tap huan can bo"),
                                     task_row(2, title="Tập huấn cán bộ")), actor=w.coordinator)
    assert preview.ok
    assert "đã có nhiệm vụ cùng tên" in preview.rows[0].notes[0]
    assert preview.rows[1].notes[-1] == "Trùng tên nhiệm vụ và văn bản với dòng 2."


def test_another_province_sees_neither_the_directive_nor_the_bodies(w):
    preview = preview_import(rows_of(task_row(1)), actor=w.ls_coordinator)
    assert set(errors_of(preview)[2]) == {"directive", "lead", "support"}


def test_preview_queries_do_not_grow_with_the_rows(w):
    def queries(n):
        rows = rows_of(*(task_row(i, title=f"Nhiệm vụ {i}") for i in range(n)))
        with counted_queries() as statements:
            preview_import(rows, actor=w.coordinator)
        return len(statements)
    queries(1)  # the first loads the coordinator's body, expired by the fixture's commit
    assert queries(5) == queries(40) == 4  # directives, existing titles, two body names


def test_template_has_the_headings_and_two_rows_that_import(w):
    workbook = load_workbook(io.BytesIO(template_workbook()))
    assert [c.value for c in workbook.active[3]] == HEADINGS
    rows = sheet_rows(template_workbook())
    assert len(rows) == 2
    preview = preview_import(rows, actor=w.coordinator)
    assert preview.ok, errors_of(preview)
    assert (preview.task_count, preview.assignment_count) == (2, 7)
    assert [row.directive for row in preview.rows] == [w.d33, w.d18]


def test_pending_sheets_open_only_for_their_user_and_for_a_day(w):
    token = keep_pending(b"sheet", kind="tasks", user_id=w.coordinator.id, now=NOW)
    other = w.coordinator.id + 1000
    assert load_pending(token, kind="tasks", user_id=w.coordinator.id,
                        now=NOW + timedelta(hours=23)) == b"sheet"
    assert load_pending(token, kind="tasks", user_id=other, now=NOW) is None
    assert load_pending(token, kind="bodies", user_id=w.coordinator.id, now=NOW) is None
    assert load_pending(token, kind="tasks", user_id=w.coordinator.id,
                        now=NOW + timedelta(hours=25)) is None
    assert load_pending("../" + token[3:], kind="tasks", user_id=w.coordinator.id,
                        now=NOW) is None
    assert load_pending(None, kind="tasks", user_id=w.coordinator.id, now=NOW) is None
    keep_pending(b"later", kind="tasks", user_id=w.coordinator.id,
                 now=NOW + timedelta(days=2))  # sweeps the stale one
    assert db.session.scalars(select(PendingImport.content)).all() == [b"later"]
    # Claimed once: the second claim finds nothing.
    token = keep_pending(b"once", kind="tasks", user_id=w.coordinator.id, now=NOW)
    assert claim_pending(token, kind="tasks", user_id=w.coordinator.id, now=NOW) == b"once"
    assert claim_pending(token, kind="tasks", user_id=w.coordinator.id, now=NOW) is None


# ---- the pages -------------------------------------------------------------------------

def _upload(client, content, url="/tasks/import"):
    return post(client, url, {"file": (io.BytesIO(content), "nhiem-vu.xlsx")},
                content_type="multipart/form-data")


def _token(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def test_upload_preview_fix_confirm(client, w):
    login(client, w.coordinator)
    page = client.get("/tasks/").get_data(as_text=True)
    assert "/tasks/import" in page
    assert client.get("/tasks/import").status_code == 200

    above = [["DANH MỤC NHIỆM VỤ"], []]
    bad = xlsx([HEADINGS, task_row(1), task_row(2, due="15/15/2022", lead="Sở Xây dựng")],
               above=above, merges=["A1:H1"])
    response = _upload(client, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="row-5"' in page and "table-danger" in page
    assert "Hạn hoàn thành: ngày “15/15/2022” không hợp lệ" in page
    assert "Đơn vị chủ trì: không tìm thấy “Sở Xây dựng”" in page
    assert "Xác nhận nhập" not in page and 'name="token"' not in page
    assert count(Task) == 0

    good = xlsx([HEADINGS, task_row(1), task_row(2, title="Tập huấn", due="15/12/2026",
                                                  support="STP, MTTQ tỉnh")], above=above)
    response = _upload(client, good)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Xác nhận nhập" in page and count(Task) == 0
    token = _token(page)

    response = post(client, "/tasks/import/confirm", {"token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/tasks/")
    assert "Đã nhập 2 nhiệm vụ, 5 phân công." in client.get("/tasks/").get_data(as_text=True)
    tasks = db.session.scalars(select(Task).order_by(Task.id)).all()
    assert [t.title for t in tasks] == ["Xây dựng kế hoạch tuyên truyền phòng, chống tảo hôn",
                                        "Tập huấn"]
    assert count(Assignment) == 5
    assert history_of("task", tasks[1].id)[0].actor_id == w.coordinator.id
    # The sheet is gone: confirming again writes nothing twice.
    assert post(client, "/tasks/import/confirm", {"token": token}).status_code == 404
    assert count(Task) == 2


def test_confirm_rechecks_what_changed_since_the_preview(client, w):
    login(client, w.coordinator)
    token = _token(_upload(client, xlsx([HEADINGS, task_row(1)])).get_data(as_text=True))
    w.STP.active = False  # merged away between the preview and the confirmation
    db.session.commit()
    response = post(client, "/tasks/import/confirm", {"token": token})
    assert response.status_code == 422
    assert "đã ngừng hoạt động hoặc đã sáp nhập" in response.get_data(as_text=True)
    assert count(Task) == 0


def test_preview_page_queries_do_not_grow_with_the_rows(client, w):
    login(client, w.coordinator)

    def statements(n):
        content = xlsx([HEADINGS, *(task_row(i, title=f"Nhiệm vụ {i}", due="15/15/2022")
                                    for i in range(n))])
        with counted_queries() as seen:
            assert _upload(client, content).status_code == 422
        return len(seen)
    assert statements(3) == statements(30)


def test_upload_without_a_usable_file_names_the_field(client, w):
    login(client, w.coordinator)
    response = post(client, "/tasks/import", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Tệp nhiệm vụ: chưa chọn tệp Excel (.xlsx)." in response.get_data(as_text=True)
    response = _upload(client, xlsx([["Số văn bản"], ["33-CT/TU"]]))
    assert response.status_code == 422
    assert "không tìm thấy dòng tiêu đề" in response.get_data(as_text=True)


def test_only_coordinators_import_and_a_token_is_its_users(client, w, make_user, app):
    leader = make_user("leader", body=w.lao_cai)
    login(client, leader)
    assert client.get("/tasks/import").status_code == 403
    assert client.get("/tasks/import/template.xlsx").status_code == 403
    assert "/tasks/import" not in client.get("/tasks/").get_data(as_text=True)

    theirs = keep_pending(xlsx([HEADINGS, task_row(1)]), kind="tasks",
                          user_id=w.coordinator.id, now=utcnow())
    db.session.commit()
    client = app.test_client()
    login(client, make_user("coordinator", body=w.lao_cai))
    assert post(client, "/tasks/import/confirm", {"token": theirs}).status_code == 404
    assert count(Task) == 0


def test_template_download(client, w):
    login(client, w.coordinator)
    response = client.get("/tasks/import/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "mau-nhap-nhiem-vu.xlsx" in response.headers["Content-Disposition"]
    assert len(sheet_rows(response.get_data())) == 2


@pytest.mark.postgres
def test_two_confirmations_at_once_import_once_on_postgresql(app, w):
    """Two requests confirm the same preview at the same moment, each on its own
    connection: both have read the kept sheet before either goes on; one imports, the
    other finds the sheet taken."""
    require_postgresql("SQLite has a single writer")
    clients = [login(app.test_client(), w.coordinator) for _ in range(2)]
    page = _upload(clients[0], xlsx([HEADINGS, task_row(1), task_row(2, title="Tập huấn")]))
    token = _token(page.get_data(as_text=True))
    barrier, statuses, errors = threading.Barrier(2, timeout=60), [], []

    def both_have_read(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT") and "FROM pending_imports" in statement:
            barrier.wait()

    def confirm(client):
        try:
            statuses.append(post(client, "/tasks/import/confirm", {"token": token}).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    event.listen(db.engine, "before_cursor_execute", both_have_read)
    try:
        threads = [threading.Thread(target=confirm, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        event.remove(db.engine, "before_cursor_execute", both_have_read)
    assert errors == []
    assert sorted(statuses) == [302, 404]
    db.session.expire_all()
    assert count(Task) == 2 and count(Assignment) == 4
