"""Import a list of bodies from .xlsx or .csv: every row is checked before any is written.

Offices keep their lists in Excel, so the file goes in as they have it: headings match
without accents, case or spaces; kind and level may be the Vietnamese label or the code;
the parent is named, and found among the bodies in scope or the rows above.
"""
import io
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale, gettext, ngettext
from openpyxl import Workbook

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body
from tracker.bodies.operations import check_body_data, create_body
from tracker.bodies.queries import bodies_named, children_of
from tracker.core.errors import ValidationError
from tracker.core.text import clean, fold
from tracker.imports import (
    HEADER_SEARCH,
    RowError,
    SheetKind,
    SourceRow,
    heading_key,
    read_table,
    read_upload,
    too_many_rows,
)
from tracker.imports import ImportRejected as RowsRejected

COLUMNS = {
    "name": "Tên đơn vị",
    "short_name": "Tên viết tắt",
    "kind": "Loại",
    "level": "Cấp",
    "parent": "Đơn vị cấp trên",
    "contact_email": "Email liên hệ",
}
REQUIRED_COLUMNS = ("name", "kind", "level")
MAX_ROWS = 5000
SHEET = SheetKind(label="Tệp danh sách", formats=("xlsx", "csv"), max_rows=MAX_ROWS)
_key = heading_key

_HEADINGS = {_key(label): field for field, label in COLUMNS.items()} | {
    _key("Loại đơn vị"): "kind", _key("Cấp đơn vị"): "level", _key("Viết tắt"): "short_name",
    _key("Cấp trên"): "parent", _key("Email"): "contact_email",
}


def _code_table(catalogue: dict[str, str]) -> dict[str, str]:
    """Key of the code and of the label -> code, so a row may say 'so_nganh' or the label."""
    return {_key(text): code for code, label in catalogue.items() for text in (code, label)}


# The file's words are Vietnamese whatever the language of the page, so the lazy labels are
# turned into plain Vietnamese strings once, when the module loads (forced, in case it is
# first imported inside a request or app context of another language).
with force_locale("vi"):
    KIND_LABELS = {code: str(label) for code, label in BODY_KINDS.items()}
    LEVEL_LABELS = {code: str(label) for code, label in BODY_LEVELS.items()}
_KINDS = _code_table(KIND_LABELS)
_LEVELS = _code_table(LEVEL_LABELS)


@dataclass(frozen=True)
class ImportResult:
    created: list[Body]


class ImportRejected(RowsRejected):
    """Some rows are wrong, so nothing was written; `rows` says where and why."""

    def __init__(self, rows: list[RowError]):
        count = len({error.number for error in rows})
        super().__init__(ngettext(
            "Tệp danh sách: %(num)s dòng có lỗi nên chưa nhập đơn vị nào. Sửa các lỗi dưới "
            "đây rồi gửi lại tệp.",
            "Tệp danh sách: %(num)s dòng có lỗi nên chưa nhập đơn vị nào. Sửa các lỗi dưới "
            "đây rồi gửi lại tệp.", count), rows)


# ---- reading ---------------------------------------------------------------------------

def read_rows(file_storage) -> list[SourceRow]:
    """The data rows of an uploaded .xlsx or .csv; ValidationError if the file is unusable."""
    fmt, content = read_upload(file_storage, SHEET)
    table = read_table(fmt, content, SHEET, known_heading=lambda text: _key(text) in _HEADINGS)
    return _rows_from_table(table.rows.items())


def _rows_from_table(table) -> list[SourceRow]:
    columns: dict[int, str] | None = None
    rows: list[SourceRow] = []
    for number, cells in table:
        texts = [_text(cell) for cell in cells]
        if columns is None:
            if number > HEADER_SEARCH:
                break
            columns = _columns(texts)
            continue
        values = {field: texts[i] if i < len(texts) else "" for i, field in columns.items()}
        if not any(values.values()):
            continue
        if len(rows) == SHEET.max_rows:
            raise too_many_rows(SHEET)
        rows.append(SourceRow(number, values))
    if columns is None:
        raise ValidationError({"file": gettext(
            "Tệp danh sách: không tìm thấy dòng tiêu đề có cột “%(column)s” trong %(rows)s "
            "dòng đầu.", column=COLUMNS["name"], rows=HEADER_SEARCH)})
    if not rows:
        raise ValidationError({"file": gettext(
            "Tệp danh sách: không có dòng dữ liệu nào dưới dòng tiêu đề.")})
    return rows


def _columns(texts: list[str]) -> dict[int, str] | None:
    """Column index -> field for a heading row; None when the row is not the headings."""
    found: dict[int, str] = {}
    for index, text in enumerate(texts):
        field = _HEADINGS.get(_key(text))
        if field is None:
            continue
        if field in found.values():
            raise ValidationError({"file": gettext(
                "Tệp danh sách: cột “%(column)s” xuất hiện hai lần.", column=COLUMNS[field])})
        found[index] = field
    if "name" not in found.values():
        return None
    missing = [f"“{COLUMNS[field]}”" for field in REQUIRED_COLUMNS if field not in found.values()]
    if missing:
        raise ValidationError({"file": gettext("Tệp danh sách: thiếu cột %(columns)s.",
                                               columns=", ".join(missing))})
    return found


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a number typed in Excel comes back as 1.0
    elif isinstance(cell, (date, datetime)):
        cell = cell.isoformat()
    return clean(str(cell))


# ---- checking and creating -------------------------------------------------------------

@dataclass(frozen=True)
class _Planned:
    number: int
    data: dict
    parent: Body | int  # an existing body, or the number of an earlier row of the file


class _ExistingBodies:
    """Bodies in scope, looked up once per distinct name or parent rather than per row."""

    def __init__(self, root: Body):
        self.root = root
        self._named: dict[str, list[Body]] = {}
        self._children: dict[int, dict[str, Body]] = {}

    def named(self, name: str) -> list[Body]:
        key = fold(name)
        if key not in self._named:
            self._named[key] = bodies_named(name, within=self.root)
        return self._named[key]

    def child_named(self, parent: Body, name: str) -> Body | None:
        if parent.id not in self._children:
            self._children[parent.id] = {fold(c.name): c for c in children_of(parent)}
        return self._children[parent.id].get(fold(name))


def import_bodies(rows: list[SourceRow], *, root: Body, actor, now: datetime) -> ImportResult:
    """Create the listed bodies in `root`'s subtree: all of them, or none if a row is wrong."""
    plan, errors = _plan(rows, root)
    if errors:
        raise ImportRejected(errors)
    if not plan:
        raise ValidationError({"file": gettext("Tệp danh sách: không có dòng dữ liệu nào.")})
    created: dict[int, Body] = {}
    for item in plan:
        parent = created[item.parent] if isinstance(item.parent, int) else item.parent
        created[item.number] = create_body(item.data, parent=parent, actor=actor, now=now)
    return ImportResult(created=list(created.values()))


def _plan(rows: list[SourceRow], root: Body) -> tuple[list[_Planned], list[RowError]]:
    """Check every row; the plan is usable only when the list of errors is empty."""
    existing = _ExistingBodies(root)
    rows_by_name: dict[str, list[int]] = {}
    for row in rows:
        for text in {row.values.get("name", ""), row.values.get("short_name", "")} - {""}:
            rows_by_name.setdefault(fold(text), []).append(row.number)
    plan, errors = [], []
    taken: dict[tuple, int] = {}  # (parent, folded name) -> row, for twins inside the file
    for row in rows:
        problems: dict[str, str] = {}
        data = {"name": row.values.get("name", ""),
                "short_name": row.values.get("short_name", ""),
                "kind": _code(row.values.get("kind", ""), _KINDS, "kind", problems),
                "level": _code(row.values.get("level", ""), _LEVELS, "level", problems),
                "contact_email": row.values.get("contact_email", "")}
        try:
            data = check_body_data(data)
        except ValidationError as error:
            for field, message in error.errors.items():
                problems.setdefault(field, message)
        parent = _parent(row, root, rows_by_name, existing, problems)
        if parent is not None and "name" not in problems:
            _check_twins(row, data["name"], parent, existing, taken, problems)
        errors += [RowError(row.number, COLUMNS[field], problems[field])
                   for field in COLUMNS if field in problems]
        plan.append(_Planned(row.number, data, parent))
    return plan, errors


def _code(raw: str, table: dict[str, str], field: str, problems: dict) -> str:
    """The code for a kind or level written as its label or code; '' after a problem."""
    column = COLUMNS[field]
    if not raw:
        problems[field] = gettext("%(column)s: không được để trống.", column=column)
        return ""
    code = table.get(_key(raw))
    if code is None:
        catalogue = KIND_LABELS if field == "kind" else LEVEL_LABELS
        problems[field] = gettext(
            "%(column)s: “%(value)s” không có trong danh mục (ghi một trong: %(choices)s).",
            column=column, value=raw, choices="; ".join(catalogue.values()))
        return ""
    return code


def _parent(row: SourceRow, root: Body, rows_by_name: dict[str, list[int]],
            existing: _ExistingBodies, problems: dict) -> Body | int | None:
    """The parent a row names: an active body in scope or an earlier row; root if blank."""
    raw = row.values.get("parent", "")
    if not raw:
        return root
    in_file = rows_by_name.get(fold(raw), [])
    above = [n for n in in_file if n < row.number]
    matches = existing.named(raw)
    active = [body for body in matches if body.active]
    count = len(above) + len(active)
    if count == 1:
        return active[0] if active else above[0]
    column = COLUMNS["parent"]
    if count > 1:
        problems["parent"] = gettext(
            "%(column)s: có %(count)s đơn vị cùng tên “%(value)s”; hãy ghi tên viết tắt hoặc "
            "tên đầy đủ để phân biệt.", column=column, count=count, value=raw)
    elif any(n > row.number for n in in_file):
        later = min(n for n in in_file if n > row.number)
        problems["parent"] = gettext(
            "%(column)s: “%(value)s” nằm ở dòng %(row)s, bên dưới dòng này; hãy xếp đơn vị "
            "cấp trên lên trước.", column=column, value=raw, row=later)
    elif matches:
        problems["parent"] = gettext(
            "%(column)s: “%(value)s” đã ngừng hoạt động hoặc đã sáp nhập.",
            column=column, value=raw)
    else:
        problems["parent"] = gettext(
            "%(column)s: không tìm thấy “%(value)s” trong phạm vi của bạn hay ở các dòng phía "
            "trên.", column=column, value=raw)
    return None


def _check_twins(row: SourceRow, name: str, parent: Body | int, existing: _ExistingBodies,
                 taken: dict, problems: dict) -> None:
    """Refuse a name that the same parent already has, in the database or in the file."""
    if isinstance(parent, Body):
        twin = existing.child_named(parent, name)
        if twin is not None:
            problems["name"] = gettext("%(column)s: “%(name)s” đã có trong “%(parent)s”.",
                                       column=COLUMNS["name"], name=twin.name,
                                       parent=parent.name)
            return
    slot = (parent.id if isinstance(parent, Body) else None,
            parent if isinstance(parent, int) else None, fold(name))
    if slot in taken:
        problems["name"] = gettext("%(column)s: trùng với dòng %(row)s (cùng đơn vị cấp trên).",
                                   column=COLUMNS["name"], row=taken[slot])
    else:
        taken[slot] = row.number


# ---- the downloadable template ---------------------------------------------------------

def template_workbook() -> bytes:
    """An .xlsx with the headings, example rows and the catalogue of kinds and levels."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đơn vị"
    sheet.append(list(COLUMNS.values()))
    sheet.append(["Huyện Bảo Thắng", "", KIND_LABELS["dia_phuong"], LEVEL_LABELS["huyen"], ""])
    sheet.append(["Ủy ban nhân dân huyện Bảo Thắng", "UBND huyện Bảo Thắng", "ubnd", "huyen",
                  "Huyện Bảo Thắng"])
    for column in "ABCDEF":
        sheet.column_dimensions[column].width = 32
    catalogue = workbook.create_sheet("Danh mục")
    catalogue.append(["Loại (ghi tên hoặc mã)", "Mã loại", "Cấp (ghi tên hoặc mã)", "Mã cấp"])
    kinds, levels = list(KIND_LABELS.items()), list(LEVEL_LABELS.items())
    for index in range(max(len(kinds), len(levels))):
        kind = kinds[index] if index < len(kinds) else ("", "")
        level = levels[index] if index < len(levels) else ("", "")
        catalogue.append([kind[1], kind[0], level[1], level[0]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
