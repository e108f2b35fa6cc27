"""Reading a task sheet as offices keep it: a title and blank rows above the headings,
headings merged over two rows, a numbering row under them, section rows, merged cells.

The file is read by tracker.imports, with the limits and guards every importer shares
(size, zip bomb, XML entities, rows, a thousand empty rows end the sheet).
"""
import re
from bisect import bisect_left, bisect_right
from datetime import date, datetime

from flask_babel import gettext

from tracker import imports
from tracker.core.text import clean, clean_multiline
from tracker.imports import (
    HEADER_SEARCH,
    SheetKind,
    SourceRow,
    file_error,
    heading_key,
    read_xlsx,
    too_many_rows,
)

# Field -> the heading of the template; these are the words the error messages use.
COLUMNS = {
    "stt": "STT",
    "title": "Tên nhiệm vụ",
    "kind": "Loại nhiệm vụ",
    "directive": "Số văn bản",
    "lead": "Đơn vị chủ trì",
    "support": "Đơn vị phối hợp",
    "due_on": "Hạn hoàn thành",
    "review_years": "Số năm",
    "description": "Ghi chú/Nội dung",
}
REQUIRED_COLUMNS = ("title", "directive", "lead", "due_on")
# Other headings seen in offices' sheets, matched without accents, case or punctuation.
SYNONYMS = {
    "stt": ["Số TT", "TT", "Số thứ tự"],
    "title": ["Nhiệm vụ", "Nội dung nhiệm vụ", "Tên công việc", "Công việc"],
    "kind": ["Loại", "Loại công việc", "Phân loại"],
    "directive": ["Số, ký hiệu", "Số ký hiệu văn bản", "Số hiệu văn bản", "Văn bản",
                  "Văn bản chỉ đạo", "Số văn bản chỉ đạo", "Căn cứ", "Theo văn bản",
                  "Số, ngày văn bản", "Văn bản số"],
    "lead": ["Chủ trì", "Cơ quan chủ trì", "Đơn vị chủ trì thực hiện"],
    "support": ["Phối hợp", "Cơ quan phối hợp", "Đơn vị phối hợp thực hiện"],
    "due_on": ["Thời hạn", "Hạn", "Thời hạn hoàn thành", "Thời gian hoàn thành",
               "Ngày hoàn thành", "Hạn xử lý", "Thời hạn thực hiện"],
    "review_years": ["Số năm sơ kết, tổng kết"],
    "description": ["Ghi chú", "Nội dung", "Nội dung, yêu cầu", "Yêu cầu", "Nội dung/Ghi chú"],
}
MULTILINE = ("support", "description")

# Every row goes through create_task and assign_bodies (about 10 ms a row with its bodies,
# measured on SQLite and PostgreSQL): 1,000 rows stay well inside a web worker's timeout.
MAX_ROWS = 1000
SHEET = SheetKind(label="Tệp nhiệm vụ", formats=("xlsx",), max_rows=MAX_ROWS)

_NUMBERING = re.compile(r"\(?\d{1,2}\)?")  # "1 2 3 ..." or "(1) (2) ..." under the headings
_SECTION = re.compile(r"(?:[IVXLC]+|[A-Za-z])(?:[.)]|\s|$)")  # "I.", "II", "a)": a section


_key = heading_key


_HEADINGS = {_key(label): field for field, label in COLUMNS.items()} | {
    _key(word): field for field, words in SYNONYMS.items() for word in words}


def _field_of(text) -> str | None:
    """The field a heading names; '(dd/mm/yyyy)' or '(*)' after it does not matter."""
    return _HEADINGS.get(_key(text)) or _HEADINGS.get(_key(re.sub(r"\([^)]*\)", "", text)))


def read_upload(file_storage) -> bytes:
    """The bytes of an uploaded .xlsx, refused when it is another format or too large."""
    return imports.read_upload(file_storage, SHEET)[1]


def read_sheet(file_storage) -> list[SourceRow]:
    """The task rows of an uploaded .xlsx; ValidationError naming the file if unusable."""
    return sheet_rows(read_upload(file_storage))


def sheet_rows(content: bytes) -> list[SourceRow]:
    """The task rows of the first worksheet of an .xlsx given as bytes."""
    table = read_xlsx(content, SHEET)
    grid = _Grid(table.rows, table.merges)
    header_end, columns = grid.find_header()
    grid.spread_down(after=header_end)
    rows = []
    for number in grid.numbers_after(header_end):
        values = grid.values(number, columns)
        if _is_filler(values):
            continue
        if len(rows) == SHEET.max_rows:
            raise too_many_rows(SHEET)
        rows.append(SourceRow(number, values))
    if not rows:
        raise file_error(gettext("Tệp nhiệm vụ: không có dòng nhiệm vụ nào dưới dòng tiêu đề."))
    return rows


def _is_filler(values: dict) -> bool:
    """Rows that are not tasks: empty, the column numbering, a section heading, a lone STT."""
    filled = {field: value for field, value in values.items() if value not in ("", None)}
    if not filled or set(filled) == {"stt"}:
        return True
    if all(isinstance(v, str) and _NUMBERING.fullmatch(v) for v in filled.values()):
        return True
    if filled.keys() & {"directive", "lead", "support", "due_on"}:
        return False
    return bool(_SECTION.match(str(filled.get("stt", ""))) if "stt" in filled
                else _SECTION.match(str(filled.get("title", ""))))


# ---- the workbook ----------------------------------------------------------------------

def _present(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


class _Grid:
    """The non-empty rows and the merged ranges of a sheet."""

    def __init__(self, rows: dict[int, list], merges: list[tuple[int, int, int, int]]):
        self.rows = rows
        self.numbers = sorted(rows)
        self.merges = merges
        self.header_merges = [m for m in merges if m[0] <= HEADER_SEARCH + 1]

    def cell(self, number: int, column: int):
        """The value at a row and a 1-based column, spread over a merged heading."""
        for first_row, first_col, last_row, last_col in self.header_merges:
            if first_row <= number <= last_row and first_col <= column <= last_col:
                number, column = first_row, first_col
                break
        cells = self.rows.get(number, [])
        return cells[column - 1] if column <= len(cells) else None

    def find_header(self) -> tuple[int, dict[int, str]]:
        """The last heading row and column -> field. Headings may span two rows: a merged
        "Đơn vị thực hiện" over "Chủ trì" and "Phối hợp"."""
        width = max((len(cells) for cells in self.rows.values()), default=0)
        for number in [n for n in self.numbers if n <= HEADER_SEARCH]:
            upper = [_text(self.cell(number, c)) for c in range(1, width + 1)]
            lower = [_text(self.cell(number + 1, c)) for c in range(1, width + 1)]
            if len({text for text in upper if text}) == 1 and sum(map(bool, upper)) > 1:
                continue  # a title merged across the sheet, not headings
            one = _columns(upper)
            two = _columns([lo if _field_of(lo) else f"{up} {lo}" if _field_of(f"{up} {lo}")
                            else up for up, lo in zip(upper, lower, strict=True)])
            end, columns = (number + 1, two) if len(two) > len(one) else (number, one)
            if "title" in columns.values():
                _check_columns(columns)
                return end, columns
        raise file_error(gettext(
            "Tệp nhiệm vụ: không tìm thấy dòng tiêu đề có cột “%(column)s” trong %(rows)s dòng "
            "đầu của trang tính đầu tiên.", column=COLUMNS["title"], rows=HEADER_SEARCH))

    def spread_down(self, *, after: int) -> None:
        """A cell merged down over several task rows ("Số văn bản" shared by the tasks of
        one directive) belongs to each of them."""
        for first_row, first_col, last_row, last_col in self.merges:
            if first_row <= after or first_col != last_col or first_row not in self.rows:
                continue
            top = self.rows[first_row]
            value = top[first_col - 1] if first_col <= len(top) else None
            start, stop = bisect_right(self.numbers, first_row), bisect_left(self.numbers,
                                                                             last_row + 1)
            for number in self.numbers[start:stop]:
                cells = self.rows[number]
                cells.extend([None] * (first_col - len(cells)))
                if not _present(cells[first_col - 1]):
                    cells[first_col - 1] = value

    def numbers_after(self, header_end: int) -> list[int]:
        return self.numbers[bisect_right(self.numbers, header_end):]

    def values(self, number: int, columns: dict[int, str]) -> dict:
        cells = self.rows[number]
        values: dict = {}
        for index, field in columns.items():
            cell = cells[index] if index < len(cells) else None
            value = _value(cell, field)
            if field == "description" and values.get(field) and value:
                value = f"{values[field]}\n{value}"  # "Nội dung" and "Ghi chú" both kept
            if value or field not in values:
                values[field] = value
        return values


def _columns(texts: list[str]) -> dict[int, str]:
    """0-based column index -> field for the headings a row holds."""
    found: dict[int, str] = {}
    for index, text in enumerate(texts):
        field = _field_of(text) if text else None
        if field is not None:
            found.setdefault(index, field)
    return found


def _check_columns(columns: dict[int, str]) -> None:
    fields = list(columns.values())
    twice = [f"“{COLUMNS[f]}”" for f in dict.fromkeys(fields)
             if fields.count(f) > 1 and f != "description"]
    if twice:
        raise file_error(gettext("Tệp nhiệm vụ: cột %(columns)s xuất hiện hai lần.",
                                  columns=", ".join(twice)))
    missing = [f"“{COLUMNS[f]}”" for f in REQUIRED_COLUMNS if f not in fields]
    if missing:
        raise file_error(gettext("Tệp nhiệm vụ: thiếu cột %(columns)s.",
                                  columns=", ".join(missing)))


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a number typed in Excel comes back as 1.0
    elif isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return clean(str(cell))


def _value(cell, field: str):
    """A real Excel date stays a date; everything else becomes cleaned text."""
    if isinstance(cell, date) and field == "due_on":
        return cell.date() if isinstance(cell, datetime) else cell
    if field in MULTILINE and isinstance(cell, str):
        return clean_multiline(cell)
    return _text(cell)
