"""Writes to tasks: derive from a directive, edit, assign to bodies."""
import calendar
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.core.errors import ValidationError, check_version
from tracker.core.permissions import in_scope
from tracker.core.text import clean, clean_multiline, fold, search_key
from tracker.core.time import add_years, format_date, vn_today
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.history.operations import diff, record
from tracker.tasks.models import PERIODS, REVIEW_KINDS, TASK_KINDS, Task

LIMITS = {"title": 500, "description": 10_000}  # characters; the forms and the API say so
REVIEW_YEARS = (1, 50)  # a sơ kết / tổng kết comes this many years after the directive
MAX_PERIOD_YEARS = 10


def is_review_years(years) -> bool:
    """The number of years of a sơ kết / tổng kết: a whole number within REVIEW_YEARS."""
    return isinstance(years, int) and REVIEW_YEARS[0] <= years <= REVIEW_YEARS[1]


def propose_review(directive: Directive, kind: str, years: int) -> tuple[str, date]:
    """The conventional title and due date of 'sơ kết / tổng kết N năm'."""
    # The title is data, not interface text: the form proposes it, the coordinator may edit
    # it, and it is stored in the task in the language of the office; every reader sees it
    # as stored and reports cite it word for word. So the pattern is not a catalogue message.
    # (The kind word and the citation come from the labels of the instance's language.)
    word = TASK_KINDS[kind]
    title = f"{word} {years:02d} năm thực hiện {directive.citation}"
    return title, add_years(directive.issued_on, years)


def _validate(directive: Directive, data: dict) -> dict:
    errors = {}
    values = {
        "kind": data.get("kind") or "",
        "title": clean(data.get("title")),
        "description": clean_multiline(data.get("description")),
        "due_on": data.get("due_on"),
        "review_years": data.get("review_years"),
    }
    if values["kind"] not in TASK_KINDS:
        errors["kind"] = gettext("Loại nhiệm vụ: không hợp lệ.")
    if not values["title"]:
        errors["title"] = gettext("Tên nhiệm vụ: không được để trống.")
    elif len(values["title"]) > LIMITS["title"]:
        errors["title"] = gettext("Tên nhiệm vụ: không quá 500 ký tự.")
    if len(values["description"]) > LIMITS["description"]:
        errors["description"] = gettext("Nội dung, yêu cầu: không quá 10.000 ký tự.")
    if values["due_on"] is None:
        errors["due_on"] = gettext("Hạn hoàn thành: không được để trống.")
    elif values["due_on"] < directive.issued_on:
        errors["due_on"] = gettext(
            "Hạn hoàn thành: không được trước ngày ban hành văn bản (%(date)s).",
            date=format_date(directive.issued_on))
    if values["kind"] in REVIEW_KINDS:
        if not is_review_years(values["review_years"]):
            errors["review_years"] = gettext("Số năm: cần một số từ %(low)s đến %(high)s.",
                                             low=REVIEW_YEARS[0], high=REVIEW_YEARS[1])
    else:
        values["review_years"] = None
    if errors:
        raise ValidationError(errors)
    return values


def _warn(directive: Directive, values: dict, now: datetime) -> None:
    """A title the directive already has, a deadline already past: said before saving."""
    warnings = []
    key = fold(values["title"])
    same = [t for t in db.session.scalars(select(Task.title).where(
        Task.directive_id == directive.id)) if fold(t) == key]
    if same:
        warnings.append(gettext("Tên nhiệm vụ: văn bản này đã có nhiệm vụ “%(title)s”.",
                                title=same[0]))
    if values["due_on"] < vn_today(now):
        warnings.append(gettext("Hạn hoàn thành: ngày %(date)s đã qua.",
                                date=format_date(values["due_on"])))
    if warnings:
        raise ValidationError({"confirm": "\n".join(warnings)})  # one warning a line


def _search_key(task: Task, directive: Directive) -> str:
    return search_key(task.title, directive.kind_label, directive.number, task.description)


def create_task(directive: Directive, data: dict, *, actor, now: datetime,
                period: tuple[date, date] | None = None,
                parent_assignment: Assignment | None = None) -> Task:
    """Derive a task from a directive; the actor's body owns (assigns and follows) it.
    A sub-task (`parent_assignment`, see tracker/chain) is owned by that assignment's body
    and joins its chain; the assignment needs its task loaded. `data["warned"]` False (the
    web form's first save) stops at what may be a mistake (see `_warnings`)."""
    values = _validate(directive, data)
    if data.get("warned", True) is False:
        _warn(directive, values, now)
    owner_id, chain = actor.body_id, {}
    if parent_assignment is not None:
        above = parent_assignment.task
        owner_id = parent_assignment.body_id
        chain = {"parent_assignment_id": parent_assignment.id,
                 "root_task_id": above.root_task_id or above.id,
                 "chain_depth": above.chain_depth + 1}
    task = Task(**values, **chain, directive_id=directive.id, owner_body_id=owner_id,
                created_by_id=actor.id, created_at=now, updated_at=now,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None)
    task.search_key = _search_key(task, directive)
    db.session.add(task)
    db.session.flush()
    changes = {"title": task.title, "due_on": task.due_on, "directive_id": directive.id}
    if parent_assignment is not None:
        changes["parent_assignment_id"] = parent_assignment.id
    record("task", task.id, "created", actor=actor, now=now, changes=changes)
    return task


def _periods(frequency: str, first_year: int, last_year: int):
    # Words of stored task titles: data in the language of the office, like the title of
    # propose_review, so they are not translated.
    for year in range(first_year, last_year + 1):
        if frequency == "half_year":
            yield f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30)
            yield f"6 tháng cuối năm {year}", date(year, 7, 1), date(year, 12, 31)
        else:
            yield f"năm {year}", date(year, 1, 1), date(year, 12, 31)


def create_periodic_tasks(directive: Directive, data: dict, *, actor, now: datetime) -> list[Task]:
    """One 'báo cáo định kỳ' per period over a span of years, due on a day of the last month."""
    errors = {}
    frequency, first, last, due_day = (data.get("frequency"), data.get("first_year"),
                                       data.get("last_year"), data.get("due_day"))
    if frequency not in PERIODS:
        errors["frequency"] = gettext("Kỳ báo cáo: không hợp lệ.")
    if not isinstance(first, int) or not 1990 <= first <= 2100:
        errors["first_year"] = gettext("Từ năm: cần một năm hợp lệ.")
    if not isinstance(last, int) or not 1990 <= last <= 2100:
        errors["last_year"] = gettext("Đến năm: cần một năm hợp lệ.")
    elif isinstance(first, int) and not 0 <= last - first < MAX_PERIOD_YEARS:
        errors["last_year"] = gettext(
            "Đến năm: phải từ năm bắt đầu trở đi và không quá %(max)s năm.",
            max=MAX_PERIOD_YEARS)
    if not isinstance(due_day, int) or not 1 <= due_day <= 31:
        errors["due_day"] = gettext("Ngày hạn nộp trong tháng cuối kỳ: cần một số từ 1 đến 31.")
    if errors:
        raise ValidationError(errors)
    tasks = []
    for label, start, end in _periods(frequency, first, last):
        day = min(due_day, calendar.monthrange(end.year, end.month)[1])
        title = f"Báo cáo {label} thực hiện {directive.citation}"  # data: see _periods
        tasks.append(create_task(directive, {
            "kind": "bao_cao_dinh_ky", "title": title,
            "description": clean_multiline(data.get("description")),
            "due_on": date(end.year, end.month, day)}, actor=actor, now=now,
            period=(start, end)))
    return tasks


def update_task(task: Task, directive: Directive, data: dict, *, version: int, actor,
                now: datetime) -> Task:
    """Edit a task's title, description, default deadline. Assignments keep theirs."""
    check_version(task, version)
    values = _validate(directive, {**data, "kind": task.kind})
    changes = diff(task, values)
    if changes:
        task.search_key = _search_key(task, directive)
        task.updated_at = now
        record("task", task.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return task


def lead_among(bodies: list[Body], lead_id: int | None) -> Body | None:
    """The lead (chủ trì) picked by id: one of the bodies the task is given to, or none."""
    if not lead_id:
        return None
    lead = next((body for body in bodies if body.id == lead_id), None)
    if lead is None:
        raise ValidationError({"lead_id": gettext(
            "Đơn vị chủ trì: phải là một trong các đơn vị được giao.")})
    return lead


def assign_bodies(task: Task, bodies: list[Body], *, lead: Body | None, due_on: date | None,
                  actor, now: datetime, directive: Directive | None = None) -> list[Assignment]:
    """Give the task to many bodies at once: `lead` chủ trì, the others phối hợp."""
    directive = directive or db.session.get(Directive, task.directive_id)
    due = due_on or task.due_on
    errors = {}
    if not bodies:
        errors["body_ids"] = gettext("Đơn vị được giao: chọn ít nhất một đơn vị.")
    outside = [b.name for b in bodies if not in_scope(actor, b) or not b.active]
    if outside:
        errors["body_ids"] = gettext(
            "Đơn vị được giao: không thuộc phạm vi hoặc đã ngừng hoạt động: %(bodies)s.",
            bodies=", ".join(outside))
    if due < directive.issued_on:
        errors["due_on"] = gettext(
            "Hạn hoàn thành: không được trước ngày ban hành văn bản (%(date)s).",
            date=format_date(directive.issued_on))
    existing = {row.body_id: row.role for row in db.session.execute(
        select(Assignment.body_id, Assignment.role).where(Assignment.task_id == task.id))}
    again = [b.name for b in bodies if b.id in existing]
    if again:
        errors["body_ids"] = gettext("Đơn vị được giao: đã được giao nhiệm vụ này: %(bodies)s.",
                                     bodies=", ".join(again))
    if lead is not None:
        if lead.id not in {b.id for b in bodies}:
            errors["lead_id"] = gettext("Đơn vị chủ trì: phải là một trong các đơn vị được giao.")
        elif "lead" in existing.values():
            errors["lead_id"] = gettext("Đơn vị chủ trì: nhiệm vụ đã có đơn vị chủ trì.")
    if errors:
        raise ValidationError(errors)
    created = []
    for body in bodies:
        assignment = Assignment(
            task_id=task.id, body_id=body.id,
            role="lead" if lead is not None and body.id == lead.id else "support",
            due_on=due, status="not_started", progress=0, created_at=now,
            last_activity_at=now)
        db.session.add(assignment)
        created.append(assignment)
    db.session.flush()
    by_id = {body.id: body for body in bodies}
    for assignment in created:
        record("assignment", assignment.id, "assigned", actor=actor, now=now,
               changes={"body": by_id[assignment.body_id].name, "role": assignment.role,
                        "due_on": assignment.due_on})
    return created
