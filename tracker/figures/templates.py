"""Writes to figure templates: copy from the library, edit (versioned), attach to a task,
carry down to a forwarded sub-task."""
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select

from tracker.chain.signals import assignment_forwarded
from tracker.core.errors import ConflictError, ValidationError, check_version
from tracker.core.text import clean, clean_multiline
from tracker.extensions import db
from tracker.figures.indicators import check_definition, indicators_of
from tracker.figures.library import LIBRARY
from tracker.figures.models import (
    FigureValue,
    IndicatorTemplate,
    IndicatorTemplateVersion,
    TaskIndicatorTemplate,
)
from tracker.history.operations import record


def _version(template: IndicatorTemplate, number: int | None = None) -> IndicatorTemplateVersion:
    return db.session.scalar(select(IndicatorTemplateVersion).where(
        IndicatorTemplateVersion.template_id == template.id,
        IndicatorTemplateVersion.number == (number or template.current_number)))


def _check_name(name: str) -> None:
    if not name or len(name) > 200:
        raise ValidationError({"name": gettext("Tên biểu mẫu: không được để trống, không quá "
                                               "200 ký tự.")})


def create_template(data: dict, *, actor, now: datetime,
                    library_key: str = "") -> IndicatorTemplate:
    """A new template of the actor's body (a copy of a library or another template)."""
    name = clean(data.get("name"))
    _check_name(name)
    try:
        indicators = check_definition(data.get("indicators") or [])
    except ValueError as error:
        raise ValidationError({"indicators": str(error)}) from None
    template = IndicatorTemplate(owner_body_id=actor.body_id, name=name,
                                 description=clean_multiline(data.get("description"))[:2000],
                                 library_key=library_key, current_number=1,
                                 created_by_id=actor.id, created_at=now, updated_at=now)
    db.session.add(template)
    db.session.flush()
    db.session.add(IndicatorTemplateVersion(template_id=template.id, number=1,
                                            indicators=indicators, created_by_id=actor.id,
                                            created_at=now))
    record("indicator_template", template.id, "created", actor=actor, now=now,
           changes={"name": name, "library_key": library_key})
    db.session.flush()
    return template


def copy_library_template(key: str, *, actor, now: datetime) -> IndicatorTemplate:
    """Copy a shipped template into the actor's Ban, to adapt."""
    if key not in LIBRARY:
        raise ValidationError({"library_key": gettext("Biểu mẫu mẫu: không tồn tại.")})
    return create_template(LIBRARY[key], actor=actor, now=now, library_key=key)


def copy_template(template: IndicatorTemplate, *, actor, now: datetime) -> IndicatorTemplate:
    """Copy a template the actor can read (e.g. the central Ban's) into the actor's Ban."""
    version = _version(template)
    return create_template({"name": template.name, "description": template.description,
                            "indicators": version.indicators}, actor=actor, now=now,
                           library_key=template.library_key)


def _valued_cells(template: IndicatorTemplate) -> set[tuple[str, str]]:
    return {(code, cell) for code, cell in db.session.execute(
        select(FigureValue.indicator, FigureValue.cell).distinct()
        .join(IndicatorTemplateVersion,
              IndicatorTemplateVersion.id == FigureValue.template_version_id)
        .where(IndicatorTemplateVersion.template_id == template.id))}


def update_template(template: IndicatorTemplate, data: dict, *, version: int | None, actor,
                    now: datetime) -> IndicatorTemplate:
    """Change a template. Once bodies reported against its version, the change makes a
    new version (their entries keep theirs); an indicator or cell holding values cannot be
    removed."""
    check_version(template, version, required=False)
    name = clean(data.get("name"))
    _check_name(name)
    try:
        indicators = check_definition(data.get("indicators") or [])
    except ValueError as error:
        raise ValidationError({"indicators": str(error)}) from None
    valued = _valued_cells(template)
    kept = {(i.code, "") for i in indicators_of(indicators)} | {
        (i.code, key) for i in indicators_of(indicators) for key, _ in i.cells()}
    lost = sorted({code for code, cell in valued - kept})
    if lost:
        raise ValidationError({"indicators": gettext(
            "Chỉ tiêu: không thể bỏ “%(codes)s” (hoặc ô phân tổ của nó) vì đơn vị đã báo cáo "
            "số liệu theo chỉ tiêu này.", codes="”, “".join(lost))})
    current = _version(template)
    changes = {}
    if name != template.name:
        changes["name"] = [template.name, name]
    template.name = name
    template.description = clean_multiline(data.get("description"))[:2000]
    if indicators != current.indicators:
        used = db.session.scalar(select(func.count()).select_from(FigureValue).where(
            FigureValue.template_version_id == current.id))
        if used:
            template.current_number += 1
            db.session.add(IndicatorTemplateVersion(
                template_id=template.id, number=template.current_number,
                indicators=indicators, created_by_id=actor.id, created_at=now))
        else:
            current.indicators = indicators
        changes["indicators"] = [len(current.indicators), len(indicators)]
        changes["template_version"] = template.current_number
    template.updated_at = now
    record("indicator_template", template.id, "updated", actor=actor, now=now,
           changes=changes)
    db.session.flush()
    return template


def attach_template(task, template: IndicatorTemplate | None, *, actor,
                    now: datetime) -> None:
    """Give a task its figure form (or take it away while nobody reported)."""
    link = db.session.get(TaskIndicatorTemplate, task.id)
    if link is not None and (template is None or link.template_id != template.id):
        from tracker.assignments.models import Assignment
        reported = db.session.scalar(select(func.count()).select_from(FigureValue).join(
            Assignment, Assignment.id == FigureValue.assignment_id).where(
            Assignment.task_id == task.id))
        if reported:
            raise ConflictError({"template_id": gettext(
                "Biểu mẫu số liệu: đơn vị đã nhập số liệu theo biểu mẫu hiện tại, không đổi "
                "được. Hãy sửa biểu mẫu (sẽ tạo phiên bản mới) thay vì đổi.")})
        db.session.delete(link)
        db.session.flush()
        link = None
    if template is not None and link is None:
        db.session.add(TaskIndicatorTemplate(task_id=task.id, template_id=template.id))
    record("task", task.id, "figure_template", actor=actor, now=now,
           changes={"template": template.name if template else None})
    db.session.flush()
    if template is not None:
        from tracker.figures.operations import sync_task_dialogues
        sync_task_dialogues(task, actor=actor, now=now)


def carry_down(parent_task_id: int, sub_task, *, actor=None, now: datetime) -> None:
    """A forwarded sub-task reports the same indicators as its parent task."""
    link = db.session.get(TaskIndicatorTemplate, parent_task_id)
    if link is None or db.session.get(TaskIndicatorTemplate, sub_task.id) is not None:
        return
    db.session.add(TaskIndicatorTemplate(task_id=sub_task.id, template_id=link.template_id))
    db.session.flush()


@assignment_forwarded.connect
def _forwarded(assignment, *, sub_task, actor=None, now, **_):
    """Forwarding carries the template down: every level reports the same indicators."""
    carry_down(assignment.task_id, sub_task, actor=actor, now=now)
