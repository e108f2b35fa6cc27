"""Reads of figure templates and of one assignment's figure form, scoped to the actor."""
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager

from tracker.assignments.models import Assignment, Dialogue
from tracker.bodies.models import Body
from tracker.core.permissions import readable_owner_filter
from tracker.extensions import db
from tracker.figures.indicators import Indicator, indicators_of
from tracker.figures.models import (
    FigureValue,
    IndicatorTemplate,
    IndicatorTemplateVersion,
    TaskIndicatorTemplate,
)
from tracker.tasks.models import Task


@cache
def _owners():
    """The owners' alias for readable_owner_filter, made once at its first use."""
    return aliased(Body, name="template_owner")


def visible_templates(actor) -> list[IndicatorTemplate]:
    """Templates of the actor's subtree and of the bodies above (the central Ban's)."""
    return list(db.session.scalars(
        select(IndicatorTemplate).join(IndicatorTemplate.owner_body)
        .options(contains_eager(IndicatorTemplate.owner_body))
        .where(readable_owner_filter(actor, IndicatorTemplate.owner_body_id, _owners()))
        .order_by(IndicatorTemplate.name, IndicatorTemplate.id)))


def get_template(actor, template_id: int) -> IndicatorTemplate | None:
    return db.session.scalar(
        select(IndicatorTemplate).join(IndicatorTemplate.owner_body)
        .options(contains_eager(IndicatorTemplate.owner_body))
        .where(IndicatorTemplate.id == template_id,
               readable_owner_filter(actor, IndicatorTemplate.owner_body_id, _owners())))


def current_versions(template_ids) -> dict[int, IndicatorTemplateVersion]:
    """The current version of each template, in one statement."""
    if not template_ids:
        return {}
    rows = db.session.scalars(
        select(IndicatorTemplateVersion).join(
            IndicatorTemplate, (IndicatorTemplate.id == IndicatorTemplateVersion.template_id)
            & (IndicatorTemplate.current_number == IndicatorTemplateVersion.number))
        .where(IndicatorTemplate.id.in_(list(template_ids))))
    return {v.template_id: v for v in rows}


@dataclass
class TaskForm:
    """A task's figure form: the template and the indicators of its current version."""
    template: IndicatorTemplate
    version: IndicatorTemplateVersion
    indicators: list[Indicator]

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


def form_of_task(task_id: int) -> TaskForm | None:
    row = db.session.execute(
        select(IndicatorTemplate, IndicatorTemplateVersion)
        .join(TaskIndicatorTemplate, TaskIndicatorTemplate.template_id == IndicatorTemplate.id)
        .join(IndicatorTemplateVersion,
              (IndicatorTemplateVersion.template_id == IndicatorTemplate.id)
              & (IndicatorTemplateVersion.number == IndicatorTemplate.current_number))
        .where(TaskIndicatorTemplate.task_id == task_id)).first()
    if row is None:
        return None
    template, version = row
    return TaskForm(template, version, indicators_of(version.indicators))


def sub_tasks_of(assignment_id: int):
    """Ids of the tasks created by forwarding this assignment (a sub-select)."""
    return select(Task.id).where(Task.parent_assignment_id == assignment_id)


def sub_task_ids(assignment_id: int) -> list[int]:
    """Ids of the tasks created by forwarding this assignment."""
    return list(db.session.scalars(sub_tasks_of(assignment_id)))


def is_forwarded(assignment_id: int) -> bool:
    return db.session.scalar(select(func.count()).select_from(Task).where(
        Task.id.in_(sub_tasks_of(assignment_id)))) > 0


def dialogue_sums(assignment_ids) -> dict[int, dict[tuple[str, str], int]]:
    """{assignment id: {(source, level): sum}} of the recorded dialogues."""
    result: dict[int, dict] = {}
    if not assignment_ids:
        return result
    for aid, level, count, people, raised, settled in db.session.execute(
            select(Dialogue.assignment_id, Dialogue.level, func.count(),
                   func.sum(Dialogue.participants), func.sum(Dialogue.opinions_raised),
                   func.sum(Dialogue.opinions_settled))
            .where(Dialogue.assignment_id.in_(list(assignment_ids)))
            .group_by(Dialogue.assignment_id, Dialogue.level)):
        sums = result.setdefault(aid, {})
        for source, value in (("dialogues.count", count), ("dialogues.participants", people),
                              ("dialogues.opinions_raised", raised),
                              ("dialogues.opinions_settled", settled)):
            sums[(source, level)] = int(value or 0)
    return result


@dataclass
class AssignmentForm:
    """What the figure form page of one assignment shows."""
    form: TaskForm
    values: dict[tuple[str, str], FigureValue]
    dialogues: dict[tuple[str, str], int]
    locked: bool  # dialogue-fed indicators come from the recorded dialogues
    older_versions: list[int] = field(default_factory=list)


def assignment_form(assignment: Assignment) -> AssignmentForm | None:
    form = form_of_task(assignment.task_id)
    if form is None:
        return None
    values = {(v.indicator, v.cell): v for v in db.session.scalars(
        select(FigureValue).where(FigureValue.assignment_id == assignment.id))}
    dialogues = dialogue_sums([assignment.id]).get(assignment.id, {})
    locked = bool(dialogues) and not is_forwarded(assignment.id)
    older = sorted({v.template_version_id for v in values.values()
                    if v.template_version_id != form.version.id})
    return AssignmentForm(form, values, dialogues, locked, older)


@dataclass
class TaskSection:
    """The figure part of a task page: its form, and what a coordinator may attach."""
    form: TaskForm | None
    choices: list[tuple[str, str]]


def task_section(actor, task, can_manage: bool) -> TaskSection:
    from tracker.figures.library import LIBRARY
    choices = []
    if can_manage:
        choices = [(str(t.id), t.name) for t in visible_templates(actor)] + [
            (f"library:{key}", f"{item['name']} (mẫu)") for key, item in LIBRARY.items()]
    return TaskSection(form_of_task(task.id), choices)


def assignment_links(assignment: Assignment) -> dict:
    """What the assignment page links to: the figure form, the roll-up of its sub-tasks."""
    has_form = db.session.scalar(select(func.count()).select_from(TaskIndicatorTemplate)
                                 .where(TaskIndicatorTemplate.task_id == assignment.task_id))
    return {"form": bool(has_form), "forwarded": bool(has_form) and is_forwarded(assignment.id)}
