"""The long exports read plain rows a batch at a time and write each as it comes: no
assignment object is built, the statements do not grow with the rows, the memory a
workbook takes does not grow with them either, every cell is the one openpyxl writes for
it, and the overdue export holds exactly the overdue page's rows, in its order."""
import io
import re
import tempfile
import tracemalloc
from datetime import date, datetime, timezone
from typing import NamedTuple

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from tests.conftest import TODAY, counted_queries, login
from tracker.assignments.models import Assignment
from tracker.assignments.state import days_overdue
from tracker.bodies.models import Body
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.status import exports
from tracker.status.exports import HEADER_ROW, XLSX_MIMETYPE
from tracker.tasks.models import Task

pytestmark = pytest.mark.usefixtures("status_today")
BATCH = 2


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def export(client, url: str) -> tuple[list, int, int]:
    """The export's rows, its statements, and how many assignment objects were built."""
    built = [0]

    def loaded(target, context):
        built[0] += 1

    event.listen(Assignment, "load", loaded)
    try:
        with counted_queries() as statements:
            response = client.get(url)
    finally:
        event.remove(Assignment, "load", loaded)
    assert response.is_streamed and response.mimetype == XLSX_MIMETYPE
    assert int(response.headers["Content-Length"]) == len(response.data)
    return sheet_rows(response), len(statements), built[0]


def page_ids(client) -> list[int]:
    """The assignments of the overdue page, page after page, in its order."""
    ids, page = [], 1
    while True:
        html = client.get("/status/overdue", query_string={"page": page}).get_data(as_text=True)
        found = [int(i) for i in re.findall(r'href="/assignments/(\d+)"', html)]
        if not found or found[0] in ids:  # past the end, the pager shows the last page
            return ids
        ids += found
        page += 1


@pytest.mark.parametrize("url", ["/status/overdue/export.xlsx",
                                 "/status/bodies/{a}/assignments/export.xlsx?subtree=1"])
def test_an_export_reads_its_rows_in_batches(app, known_world, monkeypatch, url):
    client = login(app.test_client(), known_world.users["leader_root"])
    url = url.format(a=known_world.a.id)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", 1000)
    whole, statements, _ = export(client, url)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", BATCH)
    rows, batched_statements, built = export(client, url)
    assert len(rows) > 2 * BATCH + 1, "more rows than two batches hold"
    assert rows == whole
    assert built == 0, f"{built} assignment objects built for {len(rows)} plain rows"
    assert batched_statements == statements


def test_the_overdue_export_holds_the_pages_rows_in_their_order(app, known_world,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", BATCH)
    client = login(app.test_client(), known_world.users["leader_root"])
    ids = page_ids(client)
    assert len(ids) > 3, "several pages"
    rows, _, _ = export(client, "/status/overdue/export.xlsx")
    expected = []
    for assignment_id in ids:
        a = db.session.get(Assignment, assignment_id)
        task = db.session.get(Task, a.task_id)
        expected.append((db.session.get(Body, a.body_id).name, task.title,
                         db.session.get(Directive, task.directive_id).number,
                         days_overdue(a, TODAY)))
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == expected


# ---- the sheet's rows, written without openpyxl's cell objects ---------------------------

class Row(NamedTuple):
    """A plain row as queries.export_columns gives it (the overdue export's columns)."""
    body: str
    task: str
    directive: str
    role: str
    due: date
    status: str
    last_activity_at: datetime


def overdue_rows(count: int):
    """`count` rows, each made when asked for and all different (nothing shared)."""
    for i in range(count):
        yield Row(f"Xã số {i}", f"Nhiệm vụ tuyên truyền số {i} của năm", f"{i}-CT/TU", "lead",
                  date.fromordinal(date(2020, 1, 1).toordinal() + i % 2000), "in_progress",
                  datetime(2026, 11, 21, 17, i % 60, tzinfo=timezone.utc)), i % 3000


def peak_memory(count: int) -> int:
    """The most memory (bytes) the overdue export of `count` rows takes while it is built
    and saved into a file."""
    tracemalloc.start()
    try:
        book = exports.overdue_workbook(overdue_rows(count), total=count, filter_text="x",
                                        today=TODAY)
        with tempfile.TemporaryFile() as out:
            exports.save(book, out)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_takes_no_more_memory_for_more_rows(app):
    with app.test_request_context():
        peak_memory(100)  # openpyxl's and the translations' first use, not counted
        few, many = peak_memory(1_000), peak_memory(20_000)
    # 19,000 more rows are some 9 MiB of row values and XML: none of it may be kept.
    assert many < few + 1024 * 1024, (few, many)


TEXTS = ["Sở Nội vụ", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-CT/TU", "@A1", "\t=1+1",
         "\r=1+1", " lề trái", "lề phải ", "a & <b> > c", "chuông\x07 bị bỏ", "dòng 1\ndòng 2",
         "", None, 7]
COLUMNS = [exports.Column("Chữ", 20), exports.Column("Số", 8, "int"),
           exports.Column("Ngày", 10, "date"), exports.Column("Tỉ lệ", 8, "percent"),
           exports.Column("Thập phân", 8, "decimal")]
MOMENTS = [date(2026, 11, 22), datetime(2026, 11, 21, 17, 30, tzinfo=timezone.utc),
           datetime(2026, 11, 21, 16, 59, tzinfo=timezone.utc), date(1900, 2, 27), None, ""]


def reference_sheet(rows, total):
    """The same table written cell by cell with openpyxl, as the exports did before: text
    without illegal characters, guarded by a quote prefix, wrapped; numbers and dates in
    the column's format; dates and times as the day in Vietnam; the total in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    book = Workbook()
    sheet = book.active
    for number, (row, font) in enumerate([*((r, None) for r in rows), (total, Font(bold=True))],
                                         HEADER_ROW + 1):
        for index, (value, column) in enumerate(zip(row, COLUMNS, strict=True), 1):
            cell = sheet.cell(number, index)
            if column.kind == "text" or value is None or value == "":
                text = exports.ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
                cell.value = text
                cell.data_type = "s"
                cell.quotePrefix = text.startswith(exports.FORMULA_TRIGGERS)
                if column.kind == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                if isinstance(value, datetime):
                    value = exports.to_vn(value).date()
                cell.value = value
                cell.number_format = exports.NUMBER_FORMATS[column.kind]
            if font is not None:
                cell.font = font
    saved = io.BytesIO()
    book.save(saved)
    return load_workbook(io.BytesIO(saved.getvalue())).active


def described(sheet) -> list[tuple]:
    return [tuple((c.value, c.data_type, c.number_format, bool(c.font.b),
                   bool(c.alignment.wrap_text), c.alignment.vertical, bool(c.quotePrefix))
                  for c in row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]


def test_every_cell_is_the_one_openpyxl_writes(app):
    rows = [[text, number, moment, share, decimal] for text, number, moment, share, decimal
            in zip(TEXTS, [0, 1, 1234567, -3, None, "", 12, 5, 6, 7, 8, 9, 10, 11, 12],
                   MOMENTS * 3, [0.5, 1 / 3, 0, 1, None, 0.125] * 3,
                   [2.5, 1e-7, 1234.5678, 10, 0, None] * 3, strict=False)]
    total = ["Tổng cộng", 1234580, "", 0.5, 1247.0678]
    with app.test_request_context():
        book = exports.new_workbook()
        exports.add_sheet(book, "x", title="t", lines=["l"], columns=COLUMNS, rows=iter(rows),
                          total=total)
        sheet = load_workbook(exports.to_bytes(book)).active
    assert described(sheet) == described(reference_sheet(rows, total))
    assert [c.value for c in next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW))] \
        == [c.header for c in COLUMNS]


def test_equal_values_of_other_types_keep_their_own_text(app):
    """A column remembers the cells of its texts: 7, 7.0 and True are equal keys of a dict
    but not the same text."""
    rows = [[value, None, None, None, None] for value in (7, 7.0, True, "7", 7, "True")]
    total = ["", None, None, None, None]
    with app.test_request_context():
        book = exports.new_workbook()
        exports.add_sheet(book, "x", title="t", lines=["l"], columns=COLUMNS, rows=iter(rows),
                          total=total)
        sheet = load_workbook(exports.to_bytes(book)).active
    first = [row[0].value for row in sheet.iter_rows(min_row=HEADER_ROW + 1,
                                                     max_row=HEADER_ROW + 6)]
    assert first == ["7", "7.0", "True", "7", "7", "True"]
    assert described(sheet) == described(reference_sheet(rows, total))
