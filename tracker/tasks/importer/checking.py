"""Checking every row of a task sheet, then writing all of them or none.

Each row is checked as the pages check a task (the same validation of tasks.operations),
against the directives the coordinator may read and the bodies of their scope. The preview
writes nothing; the import writes through create_task and assign_bodies, so the history is
the one the pages leave.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace

from flask_babel import gettext, ngettext
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.bodies.queries import bodies_named
from tracker.core.errors import ValidationError
from tracker.core.permissions import in_scope
from tracker.core.text import clean, fold
from tracker.core.time import parse_date
from tracker.directives.models import Directive
from tracker.directives.operations import _number_key as number_key
from tracker.directives.queries import visible_directives
from tracker.extensions import db
from tracker.imports import ImportRejected as RowsRejected
from tracker.imports import RowError
from tracker.tasks.importer.reading import COLUMNS, SourceRow, _key
from tracker.tasks.models import REVIEW_KINDS, TASK_KINDS, Task
from tracker.tasks.operations import _validate as check_task_data
from tracker.tasks.operations import assign_bodies, create_task, is_review_years, propose_review

# The file's words are Vietnamese whatever the language of the page: labels taken once.
KIND_LABELS = {code: str(label) for code, label in TASK_KINDS.items()}
_KINDS = {_key(text): code for code, label in KIND_LABELS.items() for text in (code, label)} | {
    _key(word): code for code, words in {
        "kiem_tra_giam_sat": ["Kiểm tra", "Giám sát", "Kiểm tra giám sát"],
        "tuyen_truyen": ["Tuyên truyền", "Quán triệt", "Tuyên truyền quán triệt"],
        "bao_cao_dinh_ky": ["Báo cáo", "Báo cáo 6 tháng", "Báo cáo năm"],
        "doi_thoai": ["Hội nghị đối thoại"],
    }.items() for word in words}
_REVIEW_WITH_YEARS = re.compile(r"(soket|tongket)(\d{1,2})nam")  # "Sơ kết 03 năm"
_YEARS_IN_TITLE = re.compile(r"(\d{1,2})\s*nam\b")
_NUMBER_TOKEN = re.compile(r"\d+(?:[-/]\w+)+")  # "33-CT/TU" inside "Chỉ thị số 33-CT/TU"
_SEPARATORS = re.compile(r"[;\n]+")
_BULLET = re.compile(r"^\s*(?:[-+•*–]+|\d{1,2}[.)])\s*")
MAX_COMMA_PARTS = 15  # beyond this, a cell's commas are taken as plain separators
ERROR_ORDER = ("file", "title", "kind", "directive", "lead", "support", "due_on", "review_years",
               "description")
OPERATION_FIELDS = {"body_ids": "support", "lead_id": "lead"}  # assign_bodies' field names
NO_DIRECTIVE = SimpleNamespace(issued_on=date.min)  # checks that do not need one


@dataclass
class RowPreview:
    """One row as it will be written: the parsed values, and what stops it."""

    number: int
    values: dict
    title: str = ""
    kind: str = "khac"
    review_years: int | None = None
    directive: Directive | None = None
    lead: Body | None = None
    support: list[Body] = field(default_factory=list)
    due_on: date | None = None
    description: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        return TASK_KINDS[self.kind]

    @property
    def bodies(self) -> list[Body]:
        return ([self.lead] if self.lead is not None else []) + self.support

    def ordered_errors(self) -> list[tuple[str, str]]:
        """(column heading, message) in the order of the sheet's columns."""
        return [(COLUMNS.get(name, gettext("Tệp nhiệm vụ")), self.errors[name])
                for name in sorted(self.errors, key=lambda n: ERROR_ORDER.index(n)
                                   if n in ERROR_ORDER else len(ERROR_ORDER))]

    def task_data(self) -> dict:
        return {"kind": self.kind, "title": self.title, "due_on": self.due_on,
                "description": self.description, "review_years": self.review_years}


@dataclass
class ImportPreview:
    rows: list[RowPreview]

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def error_rows(self) -> list[RowPreview]:
        return [row for row in self.rows if not row.ok]

    @property
    def task_count(self) -> int:
        return len(self.rows)

    @property
    def assignment_count(self) -> int:
        return sum(len(row.bodies) for row in self.rows)


@dataclass(frozen=True)
class ImportResult:
    tasks: list[Task]
    assignments: list[Assignment]


class ImportRejected(RowsRejected):
    """Some rows are wrong, so nothing was written; `preview` shows every row, `rows` where
    and why."""

    def __init__(self, preview: ImportPreview):
        self.preview = preview
        count = len(preview.error_rows)
        super().__init__(ngettext(
            "Tệp nhiệm vụ: %(num)s dòng có lỗi nên chưa nhập nhiệm vụ nào. Sửa các lỗi dưới đây "
            "trong tệp rồi gửi lại.",
            "Tệp nhiệm vụ: %(num)s dòng có lỗi nên chưa nhập nhiệm vụ nào. Sửa các lỗi dưới đây "
            "trong tệp rồi gửi lại.", count),
            [RowError(row.number, column, message)
             for row in preview.error_rows for column, message in row.ordered_errors()])


# ---- the two operations ----------------------------------------------------------------

def preview_import(rows: list[SourceRow], *, actor) -> ImportPreview:
    """Every row with its parsed values and its errors; nothing is written."""
    directives = _Directives(actor, rows)
    bodies = _Bodies(actor)
    existing = _existing_titles(actor, directives.ids())
    seen: dict[tuple[int, str], int] = {}
    checked = []
    for row in rows:
        item = _check_row(row, directives, bodies)
        if item.directive is not None and item.title:
            key = (item.directive.id, fold(item.title))
            if key in existing:
                item.notes.append(gettext("Văn bản này đã có nhiệm vụ cùng tên; nhập nữa sẽ thành "
                                          "hai nhiệm vụ."))
            if key in seen:
                item.notes.append(gettext("Trùng tên nhiệm vụ và văn bản với dòng %(row)s.",
                                          row=seen[key]))
            seen.setdefault(key, row.number)
        checked.append(item)
    return ImportPreview(checked)


def import_tasks(rows: list[SourceRow], *, actor, now: datetime) -> ImportResult:
    """Create the sheet's tasks and their assignments: all of them, or none.

    Every row is checked before the first is written; ImportRejected carries the preview
    with the errors. Like every operation this flushes and never commits: the caller
    commits, or rolls back on an error."""
    preview = preview_import(rows, actor=actor)
    if not preview.ok:
        raise ImportRejected(preview)
    tasks, assignments = [], []
    for item in preview.rows:
        try:
            task = create_task(item.directive, item.task_data(), actor=actor, now=now)
            assignments += assign_bodies(task, item.bodies, lead=item.lead, due_on=None,
                                         actor=actor, now=now, directive=item.directive)
        except ValidationError as error:  # a rule the preview did not know: on its row
            for name, message in error.errors.items():
                item.errors.setdefault(OPERATION_FIELDS.get(name, name), message)
            raise ImportRejected(preview) from error
        tasks.append(task)
    return ImportResult(tasks, assignments)


# ---- one row ---------------------------------------------------------------------------

def _check_row(row: SourceRow, directives: "_Directives", bodies: "_Bodies") -> RowPreview:
    values = row.values
    item = RowPreview(row.number, values, title=clean(values.get("title")),
                      description=values.get("description") or "")
    errors = item.errors
    item.kind, years = _kind(values.get("kind") or "", errors)
    item.directive = directives.find(values.get("directive") or "", errors)
    item.due_on = _due(values.get("due_on"), errors)
    item.lead = _lead(values.get("lead") or "", bodies, errors)
    item.support = _support(values.get("support") or "", bodies, errors)
    if item.lead is not None and item.lead in item.support:
        item.support.remove(item.lead)
        item.notes.append(gettext("“%(name)s” vừa ghi chủ trì vừa ghi phối hợp: chỉ giao chủ "
                                  "trì.", name=item.lead.name))
    if item.kind in REVIEW_KINDS:
        item.review_years = _review_years(values.get("review_years"), years, item.title, errors)
        _propose_review(item)
    data = item.task_data()
    try:
        check_task_data(item.directive or NO_DIRECTIVE, data)
    except ValidationError as error:
        for name, message in error.errors.items():
            errors.setdefault(name, message)
    return item


def _kind(raw: str, errors: dict) -> tuple[str, int | None]:
    """The kind code of a Vietnamese word (accents optional), "khac" when empty; and N of
    "Sơ kết N năm" written in the kind."""
    if not raw:
        return "khac", None
    key = _key(raw)
    review = _REVIEW_WITH_YEARS.fullmatch(key)
    if review:
        return ("so_ket" if review.group(1) == "soket" else "tong_ket"), int(review.group(2))
    code = _KINDS.get(key)
    if code is None:
        errors["kind"] = gettext(
            "%(column)s: “%(value)s” không có trong danh mục (ghi một trong: %(choices)s).",
            column=COLUMNS["kind"], value=raw, choices="; ".join(KIND_LABELS.values()))
        return "khac", None
    return code, None


def _due(raw, errors: dict) -> date | None:
    if isinstance(raw, date) or not raw:
        return raw or None
    try:
        return parse_date(raw)
    except ValueError as exc:
        errors["due_on"] = gettext("%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s).",
                                   label=COLUMNS["due_on"], text=raw, reason=str(exc))
        return None


def _review_years(raw, from_kind: int | None, title: str, errors: dict) -> int | None:
    """N of "sơ kết / tổng kết N năm": its column, the kind ("Sơ kết 3 năm"), or the title."""
    if raw:
        return int(raw) if str(raw).isdigit() else None  # the task's check names the field
    if from_kind:
        return from_kind
    found = _YEARS_IN_TITLE.search(fold(title))
    if found:
        return int(found.group(1))
    errors["review_years"] = gettext(
        "%(column)s: ghi số năm sơ kết, tổng kết ở cột “%(column)s” hoặc trong tên nhiệm vụ "
        "(ví dụ “Sơ kết 03 năm thực hiện ...”).", column=COLUMNS["review_years"])
    return None


def _propose_review(item: RowPreview) -> None:
    """A review with no title or deadline gets the conventional ones, as the page proposes."""
    if item.directive is None or not is_review_years(item.review_years) \
            or (item.title and (item.due_on or "due_on" in item.errors)):
        return
    title, due_on = propose_review(item.directive, item.kind, item.review_years)
    if not item.title:
        item.title = title
        item.notes.append(gettext("Tên nhiệm vụ đặt theo mẫu: “%(title)s”.", title=title))
    if item.due_on is None and "due_on" not in item.errors:
        item.due_on = due_on
        item.notes.append(gettext("Hạn hoàn thành tính từ ngày ban hành văn bản: %(date)s.",
                                  date=due_on.strftime("%d/%m/%Y")))


def _lead(raw: str, bodies: "_Bodies", errors: dict) -> Body | None:
    column = COLUMNS["lead"]
    found, problems = bodies.read_cell(raw)
    if problems:
        errors["lead"] = gettext("%(column)s: %(problems)s.", column=column,
                                 problems="; ".join(problems))
    elif not found:
        errors["lead"] = gettext("%(column)s: không được để trống.", column=column)
    elif len(found) > 1:
        errors["lead"] = gettext("%(column)s: chỉ ghi một đơn vị; các đơn vị khác ghi ở cột "
                                 "“%(support)s”.", column=column, support=COLUMNS["support"])
    else:
        return found[0]
    return None


def _support(raw: str, bodies: "_Bodies", errors: dict) -> list[Body]:
    found, problems = bodies.read_cell(raw)
    if problems:
        errors["support"] = gettext("%(column)s: %(problems)s.", column=COLUMNS["support"],
                                    problems="; ".join(problems))
    return list(dict.fromkeys(found))  # a body written twice is assigned once


# ---- lookups, once per sheet -----------------------------------------------------------

class _Directives:
    """The directives the actor may read whose number a row names, in one query."""

    def __init__(self, actor, rows: list[SourceRow]):
        self.actor = actor
        keys = {key for row in rows for key in _number_keys(row.values.get("directive") or "")}
        self.by_key: dict[str, list[Directive]] = defaultdict(list)
        if keys:
            for directive in db.session.scalars(
                    visible_directives(actor).where(Directive.number_key.in_(keys))
                    .order_by(Directive.issued_on, Directive.id)):
                self.by_key[directive.number_key].append(directive)

    def ids(self) -> set[int]:
        return {d.id for found in self.by_key.values() for d in found}

    def find(self, raw: str, errors: dict) -> Directive | None:
        column = COLUMNS["directive"]
        if not raw:
            errors["directive"] = gettext("%(column)s: không được để trống.", column=column)
            return None
        found = next((self.by_key[k] for k in _number_keys(raw) if k in self.by_key), [])
        # A directive registered in the actor's own subtree wins over a copy from above.
        own = [d for d in found if in_scope(self.actor, d.owner_body)]
        found = own if len(own) == 1 else found
        if len(found) == 1:
            return found[0]
        if found:
            errors["directive"] = gettext(
                "%(column)s: có %(count)s văn bản số “%(value)s” (%(list)s); chưa biết chọn văn "
                "bản nào.", column=column, count=len(found), value=raw,
                list="; ".join(f"{d.issuer}, {d.issued_on:%d/%m/%Y}" for d in found))
        else:
            errors["directive"] = gettext(
                "%(column)s: không tìm thấy văn bản số “%(value)s” trong các văn bản bạn được "
                "xem.", column=column, value=raw)
        return None


def _number_keys(raw: str) -> list[str]:
    """The cell as a number-symbol, then each number-symbol written inside it."""
    keys = [number_key(raw)] + [number_key(token) for token in _NUMBER_TOKEN.findall(raw)]
    return [key for key in dict.fromkeys(keys) if key]


def _existing_titles(actor, directive_ids: set[int]) -> set[tuple[int, str]]:
    if not directive_ids:
        return set()
    rows = db.session.execute(select(Task.directive_id, Task.title).where(
        Task.directive_id.in_(directive_ids), Task.owner_body_id == actor.body_id))
    return {(directive_id, fold(title)) for directive_id, title in rows}


class _Bodies:
    """Bodies of the actor's subtree by name (accents, case and tone placement ignored),
    looked up once per distinct name."""

    def __init__(self, actor):
        self.root = actor.body
        self._named: dict[str, list[Body]] = {}

    def named(self, name: str) -> list[Body]:
        key = fold(name)
        if key not in self._named:
            self._named[key] = bodies_named(name, within=self.root)
        return self._named[key]

    def read_cell(self, raw: str) -> tuple[list[Body], list[str]]:
        """The bodies a cell names, separated by ";", new lines or commas, and a problem
        for each name that is unknown, ambiguous or no longer active.

        A comma may also be part of a name ("Sở Lao động, Thương binh và Xã hội"), so the
        longest run of comma-separated parts that names a body is taken first."""
        found, problems = [], []
        for piece in _SEPARATORS.split(raw):
            piece = clean(_BULLET.sub("", piece)).strip(" ,.")
            if not piece:
                continue
            for name in self._names(piece):
                body, problem = self.resolve(name)
                if body is not None:
                    found.append(body)
                else:
                    problems.append(problem)
        return found, problems

    def _names(self, piece: str) -> list[str]:
        parts = [part.strip() for part in piece.split(",") if part.strip()]
        if len(parts) <= 1 or self.named(piece):
            return [piece]
        if len(parts) > MAX_COMMA_PARTS:
            return parts
        names, start = [], 0
        while start < len(parts):
            end = next((end for end in range(len(parts), start + 1, -1)
                        if self.named(", ".join(parts[start:end]))), start + 1)
            names.append(", ".join(parts[start:end]))
            start = end
        return names

    def resolve(self, name: str) -> tuple[Body | None, str | None]:
        matches = self.named(name)
        active = [body for body in matches if body.active]
        by_name = [body for body in active if fold(body.name) == fold(name)]
        if len(by_name) == 1 or len(active) == 1:
            return (by_name or active)[0], None
        if active:
            return None, gettext(
                "“%(name)s” trùng tên với %(count)s đơn vị (%(list)s), hãy ghi tên đầy đủ hoặc "
                "tên viết tắt để phân biệt", name=name, count=len(active),
                list="; ".join(body.name for body in active[:5]))
        if matches:
            return None, gettext("“%(name)s” đã ngừng hoạt động hoặc đã sáp nhập", name=name)
        return None, gettext("không tìm thấy “%(name)s” trong phạm vi của bạn", name=name)
