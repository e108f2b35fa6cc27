"""Reading an uploaded sheet (.xlsx or .csv) within the same limits for every importer.

An uploaded file is hostile until read: it may be large, unpack to far more than it weighs
(a zip bomb), declare XML entities, or hold a million empty rows that cost seconds to
walk. Every importer reads through here, so each guard exists once:

- the file: at most MAX_FILE_BYTES;
- the archive: at most MAX_UNPACKED_BYTES once unpacked, judged from the sizes the zip
  declares before anything is inflated (zipfile stops at the declared size, so a lie ends
  in a CRC error, i.e. "unreadable");
- XML: no DOCTYPE or ENTITY declaration (Excel never writes one);
- rows: at most `max_rows` non-empty rows, and reading stops after MAX_EMPTY_RUN
  consecutive empty rows, so a sheet of a million blank rows costs milliseconds.
"""
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from flask_babel import gettext
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from tracker.core.errors import ValidationError
from tracker.core.text import fold, format_number

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_EMPTY_RUN = 1000  # empty rows in a row after which the sheet is taken to have ended
MAX_COLUMNS = 40
MAX_MERGES = 20_000
HEADER_SEARCH = 10  # offices often put a title and a date above the headings
EXTRA_ROWS = 10 * HEADER_SEARCH  # titles, numbering and section rows besides the data
DELIMITERS = (",", ";", "\t")
_XML_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SCAN = 64 * 1024


@dataclass(frozen=True)
class SourceRow:
    number: int  # as the spreadsheet shows it, so users find the row they must fix
    values: dict  # field -> cleaned text (or a date for a real Excel date)


@dataclass(frozen=True)
class RowError:
    number: int
    column: str
    message: str


@dataclass(frozen=True)
class SheetKind:
    """What an importer reads: the name of its file in messages, formats, row limit."""

    label: str  # "Tệp danh sách", "Tệp nhiệm vụ": the field named in every message
    formats: tuple[str, ...]  # ("xlsx",) or ("xlsx", "csv")
    max_rows: int


@dataclass
class Table:
    """The non-empty rows of a sheet (row number -> cell values) and its merged ranges
    (first row, first column, last row, last column)."""

    rows: dict[int, list]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


class ImportRejected(ValidationError):
    """Some rows are wrong, so nothing was written; `rows` says where and why."""

    def __init__(self, message: str, rows: list[RowError]):
        self.rows = rows
        super().__init__({"file": message})


def heading_key(text) -> str:
    """Fold and keep letters and digits only: 'TÊN ĐƠN VỊ', 'ten_don_vi' match."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _unreadable(kind: SheetKind, fmt: str) -> ValidationError:
    name = "Excel (.xlsx)" if fmt == "xlsx" else "CSV (.csv)"
    return file_error(gettext(
        "%(file)s: không đọc được tệp %(kind)s; tệp bị hỏng hoặc không đúng định dạng.",
        file=kind.label, kind=name))


def too_many_rows(kind: SheetKind) -> ValidationError:
    return file_error(gettext(
        "%(file)s: tối đa %(max)s dòng mỗi lần nhập; hãy chia thành nhiều tệp.",
        file=kind.label, max=format_number(kind.max_rows)))


# ---- the upload ------------------------------------------------------------------------

def read_upload(file_storage, kind: SheetKind) -> tuple[str, bytes]:
    """The format ("xlsx" or "csv") and bytes of an upload, refused when of another format
    or larger than MAX_FILE_BYTES (read no further than that)."""
    filename = (file_storage.filename or "").lower()
    fmt = filename.rsplit(".", 1)[-1] if "." in filename else ""
    if fmt not in kind.formats:
        if "csv" in kind.formats:
            message = gettext("%(file)s: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).",
                              file=kind.label)
        else:
            message = gettext("%(file)s: chỉ nhận tệp Excel (.xlsx).", file=kind.label)
        if fmt == "xls":
            message += " " + gettext("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy mở tệp "
                                     "và lưu lại dưới dạng .xlsx.")
        raise file_error(message)
    content = file_storage.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise file_error(gettext("%(file)s: dung lượng vượt quá %(mb)s MB.", file=kind.label,
                                 mb=MAX_FILE_BYTES // (1024 * 1024)))
    return fmt, content


def read_table(fmt: str, content: bytes, kind: SheetKind, *,
               known_heading: Callable[[str], bool] = lambda text: False) -> Table:
    """The non-empty rows of an .xlsx's first worksheet or of a .csv."""
    if fmt == "csv":
        return Table(_csv_rows(content, kind, known_heading))
    return read_xlsx(content, kind)


# ---- .xlsx -----------------------------------------------------------------------------

def read_xlsx(content: bytes, kind: SheetKind) -> Table:
    """Rows and merged ranges of the first worksheet, after the archive is checked."""
    sheet_xml = _checked_archive(content, kind)
    # openpyxl warns about parts of a workbook it skips (styles, validations, extensions);
    # none of them matter for an import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - zip and XML errors all mean "unreadable"
            raise _unreadable(kind, "xlsx") from exc
        try:
            if not workbook.worksheets:
                raise _unreadable(kind, "xlsx")
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some writers record a wrong size: read what is there
            rows = _non_empty(sheet.iter_rows(values_only=True), kind, "xlsx")
        finally:
            workbook.close()
    return Table(rows, _merged_ranges(sheet_xml))


def _checked_archive(content: bytes, kind: SheetKind) -> bytes | None:
    """Refuse a zip bomb and XML declaring entities; the first worksheet's XML (None when
    its place cannot be told, which only costs the merged ranges)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
                raise file_error(gettext(
                    "%(file)s: nội dung tệp khi giải nén quá lớn (hơn %(mb)s MB); tệp Excel "
                    "thông thường không lớn như vậy, hãy kiểm tra lại tệp hoặc chia nhỏ.",
                    file=kind.label, mb=MAX_UNPACKED_BYTES // (1024 * 1024)))
            for info in members:
                if info.filename.endswith((".xml", ".rels", ".vml")) and _declares(archive, info):
                    raise file_error(gettext(
                        "%(file)s: tệp chứa khai báo XML (DOCTYPE/ENTITY) mà Excel không bao "
                        "giờ ghi; hãy mở tệp trong Excel và lưu lại.", file=kind.label))
            try:
                return archive.read(_first_sheet_path(archive))
            except (KeyError, StopIteration, AttributeError, ElementTree.ParseError):
                return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise _unreadable(kind, "xlsx") from exc


def _declares(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DOCTYPE or an entity, or hides its text from this
    check in another encoding than UTF-8 (Excel writes UTF-8)."""
    tail = b""
    with archive.open(info) as part:
        first = True
        while chunk := part.read(_SCAN):
            if first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                return True
            first = False
            if _XML_DECLARATIONS.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = book.find(f"{_MAIN}sheets/{_MAIN}sheet").get(f"{_REL}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels if rel.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _merged_ranges(xml: bytes | None) -> list[tuple[int, int, int, int]]:
    """Merged ranges, which openpyxl's read-only mode does not report, from the sheet XML."""
    if not xml:
        return []
    return [(int(first_row), column_index_from_string(first_col.decode()),
             int(last_row), column_index_from_string(last_col.decode()))
            for first_col, first_row, last_col, last_row in _MERGE.findall(xml)[:MAX_MERGES]]


# ---- .csv ------------------------------------------------------------------------------

def _csv_rows(content: bytes, kind: SheetKind,
              known_heading: Callable[[str], bool]) -> dict[int, list]:
    try:
        text = content.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        raise file_error(gettext(
            "%(file)s: tệp CSV phải lưu với mã UTF-8 (trong Excel chọn “CSV UTF-8”).",
            file=kind.label)) from exc
    if "\x00" in text:
        raise _unreadable(kind, "csv")
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=_csv_delimiter(text, known_heading))
    return _non_empty(reader, kind, "csv")


def _csv_delimiter(text: str, known_heading: Callable[[str], bool]) -> str:
    """The delimiter under which the most headings are recognised.

    Excel set to Vietnamese writes ';' (the comma is the decimal mark there), and a label
    such as 'Sở, ban, ngành' holds commas, so counting characters would guess wrong;
    recognising the headings does not.
    """
    head = text.splitlines()[:HEADER_SEARCH]

    def recognised(delimiter: str) -> int:
        try:
            return max((sum(map(known_heading, cells))
                        for cells in csv.reader(head, delimiter=delimiter)), default=0)
        except csv.Error:
            return 0
    return max(DELIMITERS, key=recognised)


# ---- rows ------------------------------------------------------------------------------

def _present(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _non_empty(rows: Iterable, kind: SheetKind, fmt: str) -> dict[int, list]:
    """Row number -> cells (at most MAX_COLUMNS) of the non-empty rows, numbered from 1.

    Stops after MAX_EMPTY_RUN empty rows in a row: nothing an office types lies a thousand
    blank rows below the rest, while a sheet of a million blank rows would hold a worker
    for seconds. A parser failing midway means the file is unreadable.
    """
    found: dict[int, list] = {}
    empty_run = 0
    try:
        for number, cells in enumerate(rows, start=1):
            cells = list(cells[:MAX_COLUMNS])
            if not any(_present(cell) for cell in cells):
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            found[number] = cells
            if len(found) > kind.max_rows + EXTRA_ROWS:
                raise too_many_rows(kind)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip, XML and csv errors all mean "unreadable"
        raise _unreadable(kind, fmt) from exc
    return found
