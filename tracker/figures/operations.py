"""Writes to a body's figure form: save it (validated, version-checked, every change in the
history), keep dialogue-fed indicators equal to the recorded dialogues, adopt a roll-up."""
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.state import is_editable, started
from tracker.core.errors import ConflictError, ValidationError, check_version
from tracker.extensions import db
from tracker.figures import queries
from tracker.figures.indicators import Indicator, format_number, format_value, parse_value
from tracker.figures.models import FigureValue
from tracker.history.operations import record

Cells = dict[tuple[str, str], tuple[int | None, str | None]]


def _check(assignment: Assignment, version: int | None) -> queries.AssignmentForm:
    check_version(assignment, version, required=False)
    if not is_editable(assignment.status):
        raise ConflictError({"status": gettext(
            "Biểu mẫu số liệu: không sửa được khi phân công đang ở trạng thái “%(status)s”.",
            status=assignment.status_label)})
    state = queries.assignment_form(assignment)
    if state is None:
        raise ValidationError({"template": gettext(
            "Biểu mẫu số liệu: nhiệm vụ này chưa có biểu mẫu.")})
    return state


def _dialogue_cells(indicator: Indicator, sums: dict) -> Cells:
    cells = {(indicator.code, key): (sums.get((indicator.source, key), 0) * 1000, None)
             for key, _ in indicator.cells()}
    total = sum(sums.get((indicator.source, level), 0)
                for (source, level) in sums if source == indicator.source)
    cells[(indicator.code, "")] = (total * 1000, None)
    return cells


def parse_form(state: queries.AssignmentForm, values: dict) -> Cells:
    """Read and check a whole form: {code: raw | {"value": raw, "cells": {key: raw}}}.
    Raises ValidationError naming every bad field."""
    errors, cells = {}, {}
    form = state.form
    for code in values:
        if form.indicator(code) is None:
            errors[code] = gettext("Chỉ tiêu “%(code)s”: không có trong biểu mẫu của nhiệm vụ "
                                   "này.", code=code)
    for indicator in form.indicators:
        raw = values.get(indicator.code)
        raw_total, raw_cells = (raw.get("value"), raw.get("cells") or {}) \
            if isinstance(raw, dict) else (raw, {})
        if not isinstance(raw_cells, dict):
            errors[indicator.code] = gettext("%(name)s: các ô phân tổ phải là {mã ô: giá trị}.",
                                             name=indicator.name)
            continue
        if indicator.source and state.locked:
            fed = _dialogue_cells(indicator, state.dialogues)
            for (code, key), (value, _) in fed.items():
                typed = raw_total if key == "" else raw_cells.get(key)
                try:
                    got = parse_value(indicator, typed, indicator.label(key))[0]
                except ValueError:
                    got = None
                if typed not in (None, "") and got != value:
                    errors[_field(code, key)] = gettext(
                        "%(label)s: lấy từ các cuộc đối thoại đã ghi nhận (%(value)s), không "
                        "nhập khác được; hãy sửa các cuộc đối thoại.",
                        label=indicator.label(key), value=format_number(value))
            cells.update(fed)
            continue
        known = dict(indicator.cells())
        for key in raw_cells:
            if key not in known:
                errors[_field(indicator.code, key)] = gettext(
                    "%(name)s: không có ô phân tổ “%(key)s”.", name=indicator.name, key=key)
        parsed = {}
        for key, label in [("", indicator.name)] + [(k, indicator.label(k)) for k in known]:
            try:
                parsed[key] = parse_value(indicator, raw_total if key == "" else
                                          raw_cells.get(key), label)
            except ValueError as error:
                errors[_field(indicator.code, key)] = str(error)
        if any(_field(indicator.code, k) in errors for k in parsed | {"": 0}):
            continue
        given = [v for k, (v, _) in parsed.items() if k and v is not None]
        total = parsed[""][0]
        if given:
            added = sum(given)
            if total is None:
                parsed[""] = (added, None)  # cells alone: their sum is the total
            elif added != total:
                errors[_field(indicator.code, "")] = gettext(
                    "%(name)s: các ô phân tổ cộng lại %(sum)s, khác tổng %(total)s (lệch "
                    "%(diff)s).", name=indicator.name, sum=format_number(added),
                    total=format_number(total), diff=format_number(abs(total - added)))
            for key in known:  # an empty cell of a filled breakdown is a zero
                if parsed[key][0] is None:
                    parsed[key] = (0, None)
        if indicator.required and parsed[""] == (None, None):
            errors[_field(indicator.code, "")] = gettext(
                "%(name)s: bắt buộc, không được để trống.", name=indicator.name)
        for key, value in parsed.items():
            cells[(indicator.code, key)] = value
    if errors:
        raise ValidationError(errors)
    return cells


def _field(code: str, key: str) -> str:
    return f"{code}.{key}" if key else code


def _write(assignment: Assignment, state: queries.AssignmentForm, cells: Cells, *, source: str,
           actor, now: datetime, keep_sources: bool = False) -> dict:
    """Upsert the non-empty cells, delete emptied ones; return the history changes."""
    form = state.form
    changes = {}
    for (code, key), (value, text) in cells.items():
        indicator = form.indicator(code)
        old = state.values.get((code, key))
        label = indicator.label(key)
        if value is None and text is None:
            if old is not None:
                changes[label] = [format_value(indicator, old.value, old.text_value), None]
                db.session.delete(old)
            continue
        cell_source = source
        if indicator.source and state.locked:
            cell_source = "dialogues"
        if old is None:
            db.session.add(FigureValue(
                assignment_id=assignment.id, template_version_id=form.version.id,
                indicator=code, cell=key, value=value, text_value=text, source=cell_source,
                updated_by_id=actor.id if actor else None, updated_at=now))
            changes[label] = [None, format_value(indicator, value, text)]
        elif (old.value, old.text_value) != (value, text) \
                or old.template_version_id != form.version.id:
            if (old.value, old.text_value) != (value, text):
                changes[label] = [format_value(indicator, old.value, old.text_value),
                                  format_value(indicator, value, text)]
                if not keep_sources or cell_source != "typed":
                    old.source = cell_source
            old.value, old.text_value = value, text
            old.template_version_id = form.version.id
            old.updated_by_id, old.updated_at = (actor.id if actor else None), now
    return changes


def save_figures(assignment: Assignment, values: dict, *, version: int | None, actor,
                 now: datetime) -> dict:
    """Save the whole figure form of an assignment; returns the changes recorded."""
    state = _check(assignment, version)
    cells = parse_form(state, values)
    changes = _write(assignment, state, cells, source="typed", actor=actor, now=now)
    if changes:
        assignment.last_activity_at = now
        assignment.status = started(assignment.status)
        record("assignment", assignment.id, "figures", actor=actor, now=now,
               changes={**changes, "template_version": state.form.version.number})
    db.session.flush()
    return changes


def sync_dialogues(assignment: Assignment, *, actor, now: datetime) -> None:
    """After a dialogue is recorded: the dialogue-fed indicators follow the records."""
    state = queries.assignment_form(assignment)
    if state is None or not state.locked:
        return
    cells = {}
    for indicator in state.form.indicators:
        if indicator.source:
            cells.update(_dialogue_cells(indicator, state.dialogues))
    if not cells:
        return
    changes = _write(assignment, state, cells, source="dialogues", actor=actor, now=now)
    if changes:
        record("assignment", assignment.id, "figures_from_dialogues", actor=actor, now=now,
               changes=changes)
    db.session.flush()


def sync_task_dialogues(task, *, actor, now: datetime) -> None:
    """When a template is attached: fill its dialogue-fed indicators everywhere."""
    ids = set(queries.dialogue_sums(list(db.session.scalars(
        select(Assignment.id).where(Assignment.task_id == task.id)))))
    for assignment in db.session.scalars(select(Assignment).where(Assignment.id.in_(ids))):
        sync_dialogues(assignment, actor=actor, now=now)


def adopt_rollup(assignment: Assignment, *, version: int | None, actor,
                 now: datetime) -> dict:
    """The forwarding body takes the sums of its sub-assignments' accepted figures as its
    own (plus its own recorded dialogues); it may edit them afterwards. The history names
    the assignments each value came from."""
    from tracker.figures.rollup import rollup_of_assignment
    state = _check(assignment, version)
    roll = rollup_of_assignment(None, assignment)
    if not roll.accepted:
        raise ValidationError({"rollup": gettext(
            "Tổng hợp: chưa có báo cáo nào của cấp dưới được tiếp nhận.")})
    cells = {}
    for indicator in state.form.indicators:
        if indicator.type not in ("integer", "decimal"):
            continue
        keys = [""] + [k for k, _ in indicator.cells()]
        own = _dialogue_cells(indicator, state.dialogues) if indicator.source else {}
        for key in keys:
            total = roll.accepted_sums.get((indicator.code, key))
            mine = own.get((indicator.code, key), (0, None))[0]
            if total is not None or mine:
                cells[(indicator.code, key)] = ((total or 0) + mine, None)
    changes = _write(assignment, state, cells, source="adopted", actor=actor, now=now)
    assignment.last_activity_at = now
    assignment.status = started(assignment.status)
    record("assignment", assignment.id, "figures_adopted", actor=actor, now=now,
           note=gettext("Lấy số liệu tổng hợp từ %(n)s đơn vị cấp dưới đã được tiếp nhận: "
                        "%(bodies)s.", n=len(roll.accepted),
                        bodies=", ".join(r.body.name for r in roll.accepted)),
           changes={**changes, "source_assignments": [r.assignment.id for r in roll.accepted]})
    db.session.flush()
    return changes
