"""The limits every importer shares: size, zip bomb, XML entities, rows, empty rows."""
import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

from tests.conftest import login, post
from tracker import imports
from tracker.bodies.importer import read_rows
from tracker.core.errors import ValidationError
from tracker.imports import MAX_EMPTY_RUN
from tracker.tasks.importer import read_sheet

BODY_HEADINGS = ["Tên đơn vị", "Loại", "Cấp"]
TASK_HEADINGS = ["STT", "Tên nhiệm vụ", "Số văn bản", "Đơn vị chủ trì", "Hạn hoàn thành"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(content: bytes, change, *, streamed=None) -> bytes:
    """The .xlsx with its parts changed by `change(name, data)`; `streamed` writes the
    first worksheet itself (to make one of hundreds of megabytes without holding it)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if streamed and info.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as part:
                    streamed(data, part)
                continue
            target.writestr(info.filename, change(info.filename, data))
    return out.getvalue()


def bomb(headings) -> bytes:
    """A small .xlsx whose worksheet unpacks to 170 MB (blank space between two rows)."""
    def padded(data, part):
        head, tail = data.split(b"</sheetData>")
        part.write(head)
        blank = b" " * (1024 * 1024)
        for _ in range(170):
            part.write(blank)
        part.write(b"</sheetData>" + tail)
    return rewritten(workbook([headings, ["x"] * len(headings)]), lambda name, data: data,
                     streamed=padded)


def empty_rows(headings, count: int, *, then=None) -> bytes:
    """Headings, one data row, `count` empty rows, and optionally one more row."""
    last = b""
    if then is not None:
        last = (b'<row><c t="inlineStr"><is><t>' + then.encode() + b"</t></is></c></row>")

    def change(name, data):
        if name != SHEET:
            return data
        return data.replace(b"</sheetData>", b"<row/>" * count + last + b"</sheetData>")
    return rewritten(workbook([headings, ["Xã A", "khac", "xa"]]), change)


READERS = [
    pytest.param(lambda content: read_rows(FileStorage(io.BytesIO(content), "ds.xlsx")),
                 BODY_HEADINGS, "Tệp danh sách", id="bodies"),
    pytest.param(lambda content: read_sheet(FileStorage(io.BytesIO(content), "nv.xlsx")),
                 TASK_HEADINGS, "Tệp nhiệm vụ", id="tasks"),
]


@pytest.mark.parametrize("read, headings, label", READERS)
def test_a_zip_bomb_is_refused_before_it_is_inflated(read, headings, label):
    content = bomb(headings)
    assert len(content) < 600 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            read(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.errors == {"file": (
        f"{label}: nội dung tệp khi giải nén quá lớn (hơn 40 MB); tệp Excel thông thường "
        "không lớn như vậy, hãy kiểm tra lại tệp hoặc chia nhỏ.")}
    assert peak < 5 * 1024 * 1024  # the 170 MB were never inflated


ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "xl/styles.xml"])
@pytest.mark.parametrize("read, headings, label", READERS)
def test_xml_that_declares_entities_is_refused(read, headings, label, part):
    def change(name, data):
        if name != part:
            return data
        return ENTITIES + data
    content = rewritten(workbook([headings, ["x"] * len(headings)]), change)
    with pytest.raises(ValidationError, match=f"^{label}: tệp chứa khai báo XML"):
        read(content)


def test_utf16_xml_cannot_hide_a_declaration():
    def change(name, data):
        return data.decode().encode("utf-16") if name == SHEET else data
    content = rewritten(workbook([BODY_HEADINGS, ["Xã A", "khac", "xa"]]), change)
    with pytest.raises(ValidationError, match="khai báo XML"):
        read_rows(FileStorage(io.BytesIO(content), "ds.xlsx"))


def test_a_million_empty_rows_end_the_sheet_after_a_thousand():
    content = empty_rows(BODY_HEADINGS, 1_000_000, then="Xã B")
    assert len(content) < 20 * 1024  # the 14 KB sheet of the report
    rows = read_rows(FileStorage(io.BytesIO(content), "ds.xlsx"))
    assert [row.values["name"] for row in rows] == ["Xã A"]


def test_a_row_below_fewer_empty_rows_is_still_read():
    content = empty_rows(BODY_HEADINGS, MAX_EMPTY_RUN, then="Xã B")
    rows = read_rows(FileStorage(io.BytesIO(content), "ds.xlsx"))
    assert [row.values["name"] for row in rows] == ["Xã A"] + ["Xã B"]


def test_a_csv_of_empty_lines_ends_too():
    text = "Tên đơn vị;Loại;Cấp\nXã A;khac;xa\n" + ";;\n" * 200_000 + "Xã B;khac;xa\n"
    rows = read_rows(FileStorage(io.BytesIO(text.encode()), "ds.csv"))
    assert [row.values["name"] for row in rows] == ["Xã A"]


@pytest.mark.parametrize("read, headings, label", READERS)
def test_both_refuse_a_file_above_the_size_limit(monkeypatch, read, headings, label):
    content = workbook([headings, ["x"] * len(headings)])
    monkeypatch.setattr(imports.reading, "MAX_FILE_BYTES", len(content) - 1)
    with pytest.raises(ValidationError, match=f"^{label}: dung lượng vượt quá"):
        read(content)


@pytest.mark.parametrize("read, headings, label", READERS)
def test_both_refuse_more_rows_than_their_limit(monkeypatch, read, headings, label):
    kind_module = "tracker.bodies.importer" if label == "Tệp danh sách" else \
        "tracker.tasks.importer.reading"
    import importlib
    module = importlib.import_module(kind_module)
    monkeypatch.setattr(module, "SHEET", imports.SheetKind(label, module.SHEET.formats, 2))
    rows = [headings] + [[f"Dòng {n}"] + ["x"] * (len(headings) - 1) for n in range(1, 120)]
    with pytest.raises(ValidationError, match=f"^{label}: tối đa 2 dòng"):
        read(workbook(rows))


def test_the_body_import_page_refuses_the_bomb_in_vietnamese(client, make_user, make_body):
    admin = make_user("admin", body=make_body("Tỉnh Lào Cai"))
    login(client, admin)
    response = post(client, "/admin/bodies/import",
                    {"file": (io.BytesIO(bomb(BODY_HEADINGS)), "ds.xlsx")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Tệp danh sách: nội dung tệp khi giải nén quá lớn" in response.get_data(as_text=True)
