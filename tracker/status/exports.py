"""The status tables as .xlsx workbooks, built from the rows the queries already return.

Pure functions: rows in, workbook out; no query and no counting here. Every sheet has the
same shape: the title, the filters and "tính đến ngày" in rows 1-3, the header in row 5
(frozen, repeated on printed pages), then the rows. Dates are real Excel dates, numbers
are numbers, and text that a spreadsheet would read as a formula is stored as text.

openpyxl (write-only) writes the workbook: its parts, styles, the top rows and the header.
The rows below the header are written by `save` as the iterable gives them, straight into
the sheet's XML in the .zip (with the cell styles openpyxl registered): openpyxl spends
some 10 µs a cell building and serialising cell objects, too slow for 100,000 rows.
"""
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime
from typing import NamedTuple

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from tracker.assignments.models import ROLES
from tracker.assignments.state import STATES
from tracker.core.text import fold
from tracker.core.time import format_date, to_vn
from tracker.status.filters import BY_NAME, FILTERS
from tracker.status.queries import COLUMNS, StatusRow, dialogue_levels

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_ROW = 5
# A cell text starting with one of these is a formula (or DDE) to Excel, LibreOffice and
# Google Sheets: "=HYPERLINK(...)" typed as a body's name must stay a name.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {"date": DATE_FORMAT, "percent": "0.0%", "int": "#,##0",
                  "decimal": "#,##0.###"}
ROWS_PER_CHUNK = 500  # rows serialised together before they go into the .zip

AGE_LABELS = {"le30": _l("≤ 30 ngày"), "31_90": _l("31–90 ngày"), "91_120": _l("91–120 ngày"),
              "gt120": _l("> 120 ngày")}

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_MUTED = Font(italic=True, color="555555")
_HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


class Column(NamedTuple):
    header: str
    width: float
    kind: str = "text"          # text, int, decimal, date, percent


# ---- file names and the filter line ---------------------------------------------------

def filename(stem: str, today: date, extension: str) -> str:
    """ASCII without diacritics: ('Tình hình Tỉnh Lào Cai', 22/11/2026, 'xlsx') ->
    'tinh-hinh-tinh-lao-cai-2026-11-22.xlsx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:80].rstrip("-")
    return f"{slug or 'bao-cao'}-{today.isoformat()}.{extension}"


def describe_filters(filters, *, directive: str | None = None, age: str = "",
                     period: str | None = None) -> str:
    """The filters in words, for the top of an export and of a printed page."""
    period = period or gettext("Hạn")
    parts = []
    if filters.year and filters.half:
        parts.append(gettext("%(period)s: 6 tháng %(half)s năm %(year)s", period=period,
                             half=gettext("đầu") if filters.half == 1 else gettext("cuối"),
                             year=filters.year))
    elif filters.year:
        parts.append(gettext("%(period)s: năm %(year)s", period=period, year=filters.year))
    elif filters.start or filters.end:
        parts.append(gettext("%(period)s: từ %(start)s đến %(end)s", period=period,
                             start=format_date(filters.start) or "…",
                             end=format_date(filters.end) or "…"))
    if filters.directive_id:
        parts.append(gettext("%(label)s: %(number)s", label=BY_NAME["directive_id"].label,
                             number=directive or f"#{filters.directive_id}"))
    for one in FILTERS:  # the kinds and levels, named as the filter form names them
        value = getattr(filters, one.name)
        if one.kind == "choice" and value:
            parts.append(f"{one.label}: {one.choices.get(value, value)}")
    if age:
        parts.append(gettext("Quá hạn: %(age)s", age=AGE_LABELS.get(age, age)))
    if not parts:
        return gettext("Bộ lọc: không (mọi phân công trong phạm vi)")
    return gettext("Bộ lọc: %(filters)s", filters="; ".join(str(p) for p in parts))


def as_of(today: date) -> str:
    return gettext("Tính đến ngày %(day)s", day=format_date(today))


# ---- cells and sheets ------------------------------------------------------------------

def text_cell(sheet, value, font=None) -> WriteOnlyCell:
    """A text cell that no spreadsheet evaluates: a leading =, +, -, @, tab or CR is kept
    as text (string type with Excel's quote prefix, as if typed after an apostrophe)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=text)
    if text.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def _style(sheet, *, font=None, alignment=None, number_format=None,
           quoted: bool = False) -> str:
    """The ` s="n"` attribute of a cell with this style (registered in the workbook's
    styles, as openpyxl does for a cell it writes), or '' for the default style."""
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if quoted:
        cell.quotePrefix = True
    return f' s="{cell.style_id}"' if cell.has_style else ""


_ESCAPED = re.compile(r"[&<>\r]")


TEXTS_KEPT = 1000  # the distinct texts of a column remembered while it is written (the first)


def _escaped(text: str) -> str:
    """Text as an XML text node, as lxml writes it (a carriage return kept as such)."""
    if not _ESCAPED.search(text):  # most names and titles: one scan
        return text
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _column_writer(sheet, letter: str, kind: str, font=None):
    """A function (value, row number) -> the cell's XML, as openpyxl would write the cell
    that `text_cell` builds for text, or a number or date cell with the column's format
    (an empty or missing value: an empty text cell)."""
    alignment = _WRAP if kind == "text" else None
    number_format = NUMBER_FORMATS.get(kind)
    empty = _style(sheet, font=font, alignment=alignment)
    plain = _style(sheet, font=font, alignment=alignment, number_format=number_format)
    quoted = _style(sheet, font=font, alignment=alignment, number_format=number_format,
                    quoted=True)
    epoch = sheet.parent.epoch
    day_zero = epoch.toordinal()

    # A column repeats its texts (bodies, tasks, states): each is cleaned and escaped once.
    made: dict = {}

    def text(value, r: str) -> str:
        found = made.get(value) if type(value) is str else None  # 7 == 7.0 == True
        if found is None:
            found = _text(value)
            if len(made) < TEXTS_KEPT and type(value) is str:
                made[value] = found
        style, content = found
        if content is None:
            return f'<c r="{r}"{style} t="inlineStr"/>'
        return f'<c r="{r}"{style} t="inlineStr">{content}</c>'

    def _text(value) -> tuple[str, str | None]:
        value = ILLEGAL_CHARACTERS_RE.sub("", value if isinstance(value, str) else str(value))
        if not value:
            return empty, None
        space = ' xml:space="preserve"' if value != value.strip() else ""
        style = quoted if value.startswith(FORMULA_TRIGGERS) else plain
        return style, f"<is><t{space}>{_escaped(value)}</t></is>"

    def cell(value, row: int) -> str:
        r = f"{letter}{row}"
        if value is None or value == "":
            return f'<c r="{r}"{empty} t="inlineStr"/>'
        if kind == "text" or isinstance(value, str):
            return text(value, r)
        if isinstance(value, datetime):
            value = to_vn(value).date()
        if isinstance(value, date):
            # Excel's day number; openpyxl's own rule for the days before 1 March 1900.
            serial = value.toordinal() - day_zero
            value = serial if serial > 60 else to_excel(value, epoch)
        number = str(value) if type(value) is int else safe_string(value)
        return f'<c r="{r}"{plain} t="n"><v>{number}</v></c>'
    return cell


def _row_chunks(sheet, columns: list[Column], rows, total):
    """The XML of the rows below the header (and of the bold total row), a few hundred
    rows a chunk, made as `rows` gives them: no row is kept once written."""
    writers = [_column_writer(sheet, get_column_letter(i), c.kind)
               for i, c in enumerate(columns, 1)]
    bold = [_column_writer(sheet, get_column_letter(i), c.kind, _BOLD)
            for i, c in enumerate(columns, 1)]

    def chunks():
        number, chunk = HEADER_ROW, []
        for row in rows:
            number += 1
            chunk.append(f'<row r="{number}">'
                         + "".join([write(value, number) for write, value
                                    in zip(writers, row, strict=True)]) + "</row>")
            if len(chunk) == ROWS_PER_CHUNK:
                yield "".join(chunk).encode()
                chunk = []
        if total is not None:
            number += 1
            chunk.append(f'<row r="{number}">'
                         + "".join([write(value, number) for write, value
                                    in zip(bold, total, strict=True)]) + "</row>")
        if chunk:
            yield "".join(chunk).encode()
    return chunks()


def add_sheet(workbook: Workbook, name: str, *, title: str, lines: list[str],
              columns: list[Column], rows, total=None) -> None:
    """One table: title and lines on top, a frozen header, the rows, a bold total row."""
    sheet = workbook.create_sheet(name[:31])
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(columns) > 6 else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.append([text_cell(sheet, title, _TITLE)])
    for line in (lines + ["", ""])[:HEADER_ROW - 2]:
        sheet.append([text_cell(sheet, line, _MUTED)] if line else [])
    header = []
    for column in columns:
        cell = text_cell(sheet, column.header, _BOLD)
        cell.fill, cell.alignment = _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    sheet.append(header)
    workbook.rows[sheet] = _row_chunks(sheet, columns, rows, total)


class StreamedWorkbook(Workbook):
    """A write-only workbook whose sheets' rows below the header are written by `save`."""

    def __init__(self):
        super().__init__(write_only=True)
        self.rows = {}  # sheet -> the XML chunks of its rows, made as they are written


def new_workbook() -> StreamedWorkbook:
    return StreamedWorkbook()


def save(workbook: StreamedWorkbook, out) -> None:
    """Write the .xlsx into the binary file `out`: openpyxl's workbook (a few kB: the
    rows of each sheet down to the header), its sheets' rows added as they are made."""
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    rows = {sheet.path[1:]: chunks for sheet, chunks in workbook.rows.items()}
    # The fastest deflate: 100,000 rows are compressed while the user waits (level 6 took
    # a seventh of an export's time, for a file a quarter smaller: 3.2 MB against 4.4).
    with zipfile.ZipFile(skeleton) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename not in rows:
                target.writestr(info, content)
                continue
            head, tail = content.split(b"</sheetData>", 1)
            with target.open(info.filename, "w") as sheet:
                sheet.write(head)
                for chunk in rows[info.filename]:
                    sheet.write(chunk)
                sheet.write(b"</sheetData>" + tail)


def to_bytes(document) -> io.BytesIO:
    """A workbook (or .docx document) saved into memory, ready to send."""
    buffer = io.BytesIO()
    if isinstance(document, StreamedWorkbook):
        save(document, buffer)
    else:
        document.save(buffer)
    buffer.seek(0)
    return buffer


# ---- the tables ------------------------------------------------------------------------

def _count_columns() -> list[Column]:
    return [Column(gettext("Được giao"), 11, "int"),
            *(Column(str(STATES[c]), 12, "int") for c in COLUMNS),
            Column(gettext("% hoàn thành"), 12, "percent")]


def _counts(row) -> list:
    return [row.assigned, *(row.counts[c] for c in COLUMNS), row.percent / 100]


def status_workbook(node, rows, total, *, filter_text: str, today: date) -> Workbook:
    """The status table of a node: one row per child body (as on the page), and the total."""
    def name(row):
        if row.direct:
            return gettext("Giao trực tiếp cho %(name)s", name=row.body.name)
        if not row.body.active:
            return gettext("%(name)s (đã sáp nhập)", name=row.body.name)
        return row.body.name

    workbook = new_workbook()
    add_sheet(workbook, gettext("Tình hình"),
              title=gettext("Tình hình thực hiện: %(name)s", name=node.name),
              lines=[filter_text, as_of(today)],
              columns=[Column(gettext("Đơn vị"), 42), *_count_columns()],
              rows=([name(r), *_counts(r)] for r in rows if r.assigned),
              total=[gettext("Tổng cộng"), *_counts(total)])
    return workbook


def directive_workbook(directive, tasks, bodies, cells, per_task, *, filter_text: str,
                       today: date) -> Workbook:
    """Two sheets: each task's counts by state, and the body × task matrix of states."""
    title = gettext("Tình hình thực hiện %(citation)s", citation=directive.citation)
    lines = [filter_text, as_of(today)]
    workbook = new_workbook()

    def counts(counter) -> list:
        return _counts(StatusRow(None, counts=counter))

    total = sum((per_task[t.id] for t in tasks), Counter())
    add_sheet(workbook, gettext("Nhiệm vụ"), title=title, lines=lines,
              columns=[Column(gettext("STT"), 6, "int"), Column(gettext("Nhiệm vụ"), 48),
                       Column(gettext("Loại"), 14), Column(gettext("Hạn"), 12, "date"),
                       *_count_columns()],
              rows=([i, t.title, t.kind_label, t.due_on, *counts(per_task[t.id])]
                    for i, t in enumerate(tasks, 1)),
              total=["", gettext("Tổng cộng"), "", "", *counts(total)] if tasks else None)
    add_sheet(workbook, gettext("Đơn vị × nhiệm vụ"), title=title, lines=lines,
              columns=[Column(gettext("Đơn vị"), 36),
                       *(Column(f"{i}. {t.title}", 20) for i, t in enumerate(tasks, 1))],
              rows=([name, *(str(STATES[cells[(body_id, t.id)][1]])
                             if (body_id, t.id) in cells else "—" for t in tasks)]
                    for body_id, name in bodies))
    return workbook


def _labels(labels: dict) -> dict[str, str]:
    """Role or state labels in the request's language, translated once per export."""
    return {key: str(label) for key, label in labels.items()}


def overdue_workbook(rows, *, total: int, filter_text: str, today: date) -> Workbook:
    """Every overdue assignment in scope (all of them, not one page): (plain row of
    queries.export_columns, days overdue), written one by one as the iterable gives them
    (`total` of them, said on top)."""
    roles, workbook = _labels(ROLES), new_workbook()
    add_sheet(workbook, gettext("Quá hạn"), title=gettext("Việc quá hạn"),
              lines=[filter_text, gettext("%(as_of)s: %(n)s việc quá hạn", as_of=as_of(today),
                                          n=total)],
              columns=[Column(gettext("Đơn vị"), 34), Column(gettext("Nhiệm vụ"), 44),
                       Column(gettext("Văn bản"), 18), Column(gettext("Vai trò"), 10),
                       Column(gettext("Hạn"), 12, "date"),
                       Column(gettext("Số ngày quá hạn"), 11, "int"),
                       Column(gettext("Cập nhật gần nhất"), 13, "date")],
              rows=([r.body, r.task, r.directive, roles.get(r.role, r.role), r.due, late,
                     r.last_activity_at] for r, late in rows))
    return workbook


def body_assignments_workbook(body, rows, *, filter_text: str, today: date,
                              subtree: bool = False) -> Workbook:
    """The assignments given to one body (or its subtree, with the body of each row):
    (plain row of queries.export_columns, days overdue)."""
    roles, states, workbook = _labels(ROLES), _labels(STATES), new_workbook()
    add_sheet(workbook, gettext("Phân công"),
              title=gettext("Phân công của %(name)s và các đơn vị trực thuộc", name=body.name)
              if subtree else gettext("Phân công giao cho %(name)s", name=body.name),
              lines=[filter_text, as_of(today)],
              columns=[*([Column(gettext("Đơn vị"), 30)] if subtree else []),
                       Column(gettext("Nhiệm vụ"), 44), Column(gettext("Văn bản"), 18),
                       Column(gettext("Vai trò"), 10), Column(gettext("Hạn"), 12, "date"),
                       Column(gettext("Tình trạng"), 22),
                       Column(gettext("Số ngày quá hạn"), 11, "int"),
                       Column(gettext("Tiến độ (%)"), 10, "int"),
                       Column(gettext("Ngày hoàn thành"), 13, "date"),
                       Column(gettext("Cập nhật gần nhất"), 13, "date")],
              rows=([*([r.body] if subtree else []), r.task, r.directive,
                     roles.get(r.role, r.role), r.due, states[r.state], late, r.progress,
                     r.completed_on, r.last_activity_at] for r, late in rows))
    return workbook


def dialogues_workbook(node, figures, children, levels, *, filter_text: str,
                       today: date) -> Workbook:
    """Dialogues held and participants per level, opinions raised and settled, per body
    (`figures` as `queries.dialogue_figures` returns it; `children` by id, in page order)."""
    order = [key for key in children if key in figures] + \
        [key for key in figures if key not in children]
    columns = [Column(gettext("Đơn vị"), 36)]
    for label in levels.values():
        columns += [Column(gettext("%(level)s: số cuộc", level=label), 11, "int"),
                    Column(gettext("%(level)s: số người", level=label), 12, "int")]
    columns += [Column(gettext("Tổng số cuộc"), 11, "int"),
                Column(gettext("Tổng số người"), 12, "int"),
                Column(gettext("Ý kiến, kiến nghị"), 12, "int"),
                Column(gettext("Đã giải quyết"), 12, "int")]

    def numbers(per_level: dict) -> list[int]:
        values = [per_level.get(level, (0, 0, 0, 0)) for level in levels]
        return [n for v in values for n in v[:2]] + [sum(v[i] for v in values)
                                                     for i in range(4)]

    table = [numbers(figures[key]) for key in order]
    workbook = new_workbook()
    add_sheet(workbook, gettext("Đối thoại"),
              title=gettext("Đối thoại trực tiếp với Nhân dân: %(name)s", name=node.name),
              lines=[filter_text, as_of(today)], columns=columns,
              rows=([children[key].name if key in children else node.name, *values]
                    for key, values in zip(order, table, strict=True)),
              total=[gettext("Tổng cộng"), *(sum(col) for col in zip(*table, strict=True))] if table
              else None)
    by_level = dialogue_levels(figures, levels)
    add_sheet(workbook, gettext("Theo cấp"),
              title=gettext("Đối thoại theo cấp tổ chức: %(name)s", name=node.name),
              lines=[filter_text, as_of(today)],
              columns=[Column(gettext("Cấp"), 20), Column(gettext("Số cuộc"), 11, "int"),
                       Column(gettext("Số người tham gia"), 14, "int"),
                       Column(gettext("Ý kiến, kiến nghị"), 14, "int"),
                       Column(gettext("Đã giải quyết"), 12, "int")],
              rows=([label, *by_level[level]] for level, label in levels.items()),
              total=[gettext("Tổng cộng"), *by_level[None]])
    return workbook
