"""The body import: readers for .xlsx/.csv, and all-or-nothing checking of every row."""
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW
from tracker.bodies.importer import (
    ImportRejected,
    SourceRow,
    import_bodies,
    read_rows,
    template_workbook,
)
from tracker.bodies.models import Body
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.history.models import HistoryEntry

HEADINGS = ["Tên đơn vị", "Tên viết tắt", "Loại", "Cấp", "Đơn vị cấp trên"]


def upload(content: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=filename)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines, *, bom=True, delimiter=";") -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def rows_of(*rows) -> list[SourceRow]:
    """Rows as read_rows gives them, numbered from 2 (row 1 holds the headings)."""
    keys = ["name", "short_name", "kind", "level", "parent"]
    return [SourceRow(number, dict(zip(keys, cells, strict=False)))
            for number, cells in enumerate(rows, start=2)]


def body_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Body))


def named(name: str) -> Body:
    return db.session.scalar(select(Body).where(Body.name == name))


# ---- reading ---------------------------------------------------------------------------

def test_csv_with_bom_semicolons_and_heading_variants():
    content = csv_bytes([["TEN DON VI", "ten  viet tat", "LOẠI", "cấp", "Don_vi_cap_tren"],
                         ["Huyện Bát Xát", "", "Địa phương (tỉnh, huyện, xã)", "Huyện", ""],
                         ["", "", "", "", ""],
                         ["UBND huyện Bát Xát", "UBND BX", "Ủy ban nhân dân", "huyen",
                          "Huyện Bát Xát"]])
    rows = read_rows(upload(content, "danh-sach.CSV"))
    assert [r.number for r in rows] == [2, 4]  # the blank line is skipped, numbers kept
    assert rows[0].values == {"name": "Huyện Bát Xát", "short_name": "",
                              "kind": "Địa phương (tỉnh, huyện, xã)", "level": "Huyện",
                              "parent": ""}
    assert rows[1].values["parent"] == "Huyện Bát Xát"


def test_csv_with_commas_and_quoted_labels_without_bom():
    content = csv_bytes([HEADINGS, ["Sở Nội vụ", "SNV", '"Sở, ban, ngành"', "Tỉnh", ""]],
                        bom=False, delimiter=",")
    [row] = read_rows(upload(content, "bodies.csv"))
    assert row.values["kind"] == "Sở, ban, ngành"


def test_semicolon_csv_whose_labels_hold_commas():
    content = csv_bytes([HEADINGS, ["Sở Nội vụ", "", "Sở, ban, ngành", "Tỉnh", ""],
                         ["Sở Y tế", "", "Sở, ban, ngành", "Tỉnh", ""]])
    rows = read_rows(upload(content, "bodies.csv"))
    assert [r.values["kind"] for r in rows] == ["Sở, ban, ngành", "Sở, ban, ngành"]


def test_xlsx_with_a_title_above_the_headings():
    content = xlsx([["DANH SÁCH ĐƠN VỊ TỈNH LÀO CAI"], [],
                    ["Tên đơn vị", "Loại", "Cấp"],
                    ["Xã Phong Niên", "dia_phuong", "xa"],
                    [None, None, None],
                    [2024, "khac", "xa"]])
    rows = read_rows(upload(content, "ds.xlsx"))
    assert [(r.number, r.values["name"]) for r in rows] == [(4, "Xã Phong Niên"), (6, "2024")]
    assert "parent" not in rows[0].values  # optional columns may be left out


@pytest.mark.parametrize("filename, content, message", [
    ("ds.xls", b"whatever", "Tệp danh sách: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    ("ds.txt", b"a;b", "Tệp danh sách: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    ("ds.xlsx", b"PK\x03\x04 not really a zip", "Tệp danh sách: không đọc được tệp Excel"),
    ("ds.xlsx", b"", "Tệp danh sách: không đọc được tệp Excel"),
    ("ds.csv", b"Ten don vi;Loai;Cap\nX\xe3 A;khac;xa", "mã UTF-8"),  # Windows-1258
    ("ds.csv", b"\xef\xbb\xbfTen don vi;Loai;Cap\n\x00", "không đọc được tệp CSV"),
    ("ds.csv", "Tên;Kiểu\nXã A;khac".encode(), "không tìm thấy dòng tiêu đề"),
    ("ds.csv", "Tên đơn vị;Cấp\nXã A;xa".encode(), "thiếu cột “Loại”"),
    ("ds.csv", "Tên đơn vị;Loại;Loai;Cấp\n".encode(), "cột “Loại” xuất hiện hai lần"),
    ("ds.csv", "Tên đơn vị;Loại;Cấp\n;;\n".encode(), "không có dòng dữ liệu"),
])
def test_unusable_files_name_the_field(filename, content, message):
    with pytest.raises(ValidationError) as caught:
        read_rows(upload(content, filename))
    assert set(caught.value.errors) == {"file"}
    assert message in caught.value.errors["file"]


def test_the_template_imports_as_it_is(tree, make_user):
    admin = make_user("admin", body=tree.lang_son)
    rows = read_rows(upload(template_workbook(), "mau.xlsx"))
    result = import_bodies(rows, root=tree.lang_son, actor=admin, now=NOW)
    district, people_committee = result.created
    assert people_committee.parent_id == district.id
    assert district.parent_id == tree.lang_son.id


# ---- checking and creating -------------------------------------------------------------

def test_import_creates_every_row_with_parents_from_scope_and_file(tree, make_user, make_body):
    admin = make_user("admin", body=tree.lao_cai)
    make_body("Xã Hòa Bình", parent=tree.bao_thang, level="xa")  # new tone placement
    rows = rows_of(
        ["Huyện Bát Xát", "", "Địa phương (tỉnh, huyện, xã)", "Huyện", ""],
        ["UBND huyện Bát Xát", "UBND BX", "ubnd", "HUYEN", "huyen bat xat"],
        ["Phòng Nội vụ", "", "so nganh", "huyện", "UBND BX"],  # the parent by short name
        ["Hội Nông dân xã Hoà Bình", "", "Đoàn thể chính trị - xã hội", "Xã",
         "Xã Hoà Bình"],  # old tone placement finds the body stored with the new one
    )
    result = import_bodies(rows, root=tree.lao_cai, actor=admin, now=NOW)
    db.session.commit()

    assert len(result.created) == 4
    bat_xat, ubnd, phong, hoi = (named(n) for n in ["Huyện Bát Xát", "UBND huyện Bát Xát",
                                                    "Phòng Nội vụ", "Hội Nông dân xã Hoà Bình"])
    assert bat_xat.parent_id == tree.lao_cai.id and bat_xat.kind == "dia_phuong"
    assert ubnd.parent_id == bat_xat.id and (ubnd.kind, ubnd.level) == ("ubnd", "huyen")
    assert phong.parent_id == ubnd.id and phong.kind == "so_nganh"
    assert hoi.parent_id == named("Xã Hòa Bình").id and hoi.path.startswith(tree.bao_thang.path)
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry).where(
        HistoryEntry.entity == "body", HistoryEntry.action == "created",
        HistoryEntry.actor_id == admin.id)) == 4


def test_any_wrong_row_rejects_the_whole_file_with_a_report_per_row(tree, make_user):
    admin = make_user("admin", body=tree.lao_cai)
    before = body_count()
    rows = rows_of(
        ["Huyện Mường Khương", "", "dia_phuong", "huyen", ""],          # 2: fine
        ["Xã Bản Lầu", "", "Làng", "xa", "Huyện Mường Khương"],         # 3: bad kind
        ["", "", "khac", "xa", ""],                                       # 4: no name
        ["Huyện Bảo Thắng", "", "dia_phuong", "huyen", ""],              # 5: already exists
        ["Xã Lùng Vai", "", "dia_phuong", "Thôn", "Huyện Si Ma Cai"],    # 6: level, parent
        ["huyện mường khương", "", "dia_phuong", "huyen", "Tỉnh Lào Cai"],  # 7: twin of 2
        ["Xã Pha Long", "", "dia_phuong", "xa", "Huyện Mới"],            # 8: parent below
        ["Huyện Mới", "", "dia_phuong", "huyen", ""],                     # 9: fine
        ["Xã Tân Thanh", "", "dia_phuong", "xa", "Tỉnh Lạng Sơn"],      # 10: out of scope
    )
    with pytest.raises(ImportRejected) as caught:
        import_bodies(rows, root=tree.lao_cai, actor=admin, now=NOW)
    db.session.rollback()

    report = {(e.number, e.column): e.message for e in caught.value.rows}
    assert set(report) == {(3, "Loại"), (4, "Tên đơn vị"), (5, "Tên đơn vị"), (6, "Cấp"),
                           (6, "Đơn vị cấp trên"), (7, "Tên đơn vị"), (8, "Đơn vị cấp trên"),
                           (10, "Đơn vị cấp trên")}
    assert report[3, "Loại"].startswith("Loại: “Làng” không có trong danh mục")
    assert report[4, "Tên đơn vị"] == "Tên đơn vị: không được để trống."
    assert report[5, "Tên đơn vị"] == "Tên đơn vị: “Huyện Bảo Thắng” đã có trong “Tỉnh Lào Cai”."
    assert report[6, "Đơn vị cấp trên"] == ("Đơn vị cấp trên: không tìm thấy “Huyện Si Ma "
                                           "Cai” trong phạm vi của bạn hay ở các dòng phía trên.")
    assert report[7, "Tên đơn vị"] == "Tên đơn vị: trùng với dòng 2 (cùng đơn vị cấp trên)."
    assert "nằm ở dòng 9, bên dưới dòng này" in report[8, "Đơn vị cấp trên"]
    assert "không tìm thấy “Tỉnh Lạng Sơn”" in report[10, "Đơn vị cấp trên"]
    assert caught.value.errors == {"file": "Tệp danh sách: 7 dòng có lỗi nên chưa nhập đơn vị "
                                           "nào. Sửa các lỗi dưới đây rồi gửi lại tệp."}
    assert body_count() == before


def test_an_ambiguous_or_merged_parent_is_refused(tree, make_user, make_body):
    admin = make_user("admin", body=tree.lao_cai)
    for district in (tree.bao_thang, tree.bao_yen):
        make_body("Hội Nông dân huyện", parent=district, kind="doan_the", level="huyen")
    old = make_body("Xã Cũ", parent=tree.bao_yen, level="xa")
    from tracker.bodies.operations import merge_body
    merge_body(old, tree.bao_yen, actor=admin, now=NOW)
    db.session.commit()

    with pytest.raises(ImportRejected) as caught:
        import_bodies(rows_of(["Chi hội 1", "", "doan_the", "xa", "Hội Nông dân huyện"],
                              ["Thôn 2", "", "khac", "xa", "Xã Cũ"]),
                      root=tree.lao_cai, actor=admin, now=NOW)
    messages = [e.message for e in caught.value.rows]
    assert messages == [
        "Đơn vị cấp trên: có 2 đơn vị cùng tên “Hội Nông dân huyện”; hãy ghi tên viết tắt "
        "hoặc tên đầy đủ để phân biệt.",
        "Đơn vị cấp trên: “Xã Cũ” đã ngừng hoạt động hoặc đã sáp nhập."]


def test_an_empty_list_is_refused(tree, make_user):
    admin = make_user("admin", body=tree.lao_cai)
    with pytest.raises(ValidationError) as caught:
        import_bodies([], root=tree.lao_cai, actor=admin, now=NOW)
    assert caught.value.errors == {"file": "Tệp danh sách: không có dòng dữ liệu nào."}


def test_xlsx_end_to_end(tree, make_user):
    admin = make_user("admin", body=tree.lao_cai)
    content = xlsx([HEADINGS,
                    ["Thành phố Lào Cai", "TP Lào Cai", "Địa phương (tỉnh, huyện, xã)",
                     "Huyện", None],
                    ["Phường Cốc Lếu", None, "dia_phuong", "Xã", "TP Lào Cai"]])
    result = import_bodies(read_rows(upload(content, "ds.xlsx")), root=tree.lao_cai,
                           actor=admin, now=NOW)
    db.session.commit()
    assert [b.name for b in result.created] == ["Thành phố Lào Cai", "Phường Cốc Lếu"]
    assert named("Phường Cốc Lếu").parent_id == named("Thành phố Lào Cai").id
