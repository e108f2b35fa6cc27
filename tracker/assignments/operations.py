"""Writes to an assignment: progress, files, figures, dialogues, the report workflow and
deadline extensions. Each records a history entry; none deletes what a unit entered."""
from datetime import date, datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, inspect, select
from sqlalchemy.orm import joinedload

from tracker.assignments import state
from tracker.assignments.models import (
    DIALOGUE_LEVELS,
    Assignment,
    Attachment,
    Dialogue,
    ExtensionRequest,
    Figure,
)
from tracker.assignments.signals import report_event
from tracker.core import permissions
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError, check_version
from tracker.core.permissions import in_scope
from tracker.core.text import clean, clean_multiline, fold, format_number
from tracker.core.time import format_date, vn_today
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.history.models import HistoryEntry
from tracker.history.operations import diff, record
from tracker.tasks.models import Task

MAX_NOTE = 5000


def _note(text: str | None, label: str = _l("Ghi chú"), required: bool = False) -> str:
    note = clean_multiline(text)
    if required and not note:
        raise ValidationError({"note": gettext("%(label)s: không được để trống.", label=label)})
    if len(note) > MAX_NOTE:
        limit = format_number(MAX_NOTE)
        raise ValidationError({"note": gettext("%(label)s: không quá %(max)s ký tự.",
                                               label=label, max=limit)})
    return note


def _touch(assignment: Assignment, now: datetime) -> None:
    assignment.last_activity_at = now


def update_progress(assignment: Assignment, data: dict, *, version: int | None, actor,
                    now: datetime) -> Assignment:
    """The unit reports how far it has got (percent and a note)."""
    check_version(assignment, version, required=False)
    if not state.is_editable(assignment.status):
        raise ConflictError({"status": gettext(
            "Tiến độ: không cập nhật được khi phân công đang ở trạng thái “%(status)s”.",
            status=assignment.status_label)})
    progress = data.get("progress")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": gettext(
            "Tiến độ (%): cần một số nguyên từ 0 đến 100.")})
    note = _note(data.get("note"))
    # A returned report stays returned until the unit submits again.
    status = state.started(assignment.status) if progress > 0 or note else assignment.status
    changes = diff(assignment, {"progress": progress, "status": status})
    if not changes and not note:
        raise ValidationError({"progress": gettext(
            "Tiến độ (%): không có thay đổi nào để lưu.")})
    _touch(assignment, now)
    record("assignment", assignment.id, "progress", actor=actor, now=now, note=note,
           changes=changes)
    db.session.flush()
    return assignment


def set_figure(assignment: Assignment, data: dict, *, actor, now: datetime) -> Figure:
    """Record a named count; changing it keeps the old value in the history."""
    name, unit = clean(data.get("name")), clean(data.get("unit"))
    value = data.get("value")
    errors = {}
    if not name:
        errors["name"] = gettext("Tên số liệu: không được để trống.")
    elif len(name) > 200:
        errors["name"] = gettext("Tên số liệu: không quá 200 ký tự.")
    if len(unit) > 50:
        errors["unit"] = gettext("Đơn vị tính: không quá 50 ký tự.")
    if not isinstance(value, int) or not 0 <= value <= 10**12:
        errors["value"] = gettext("Giá trị: cần một số nguyên không âm.")
    if not state.is_open(assignment.status):
        errors["value"] = gettext("Giá trị: phân công đã hoàn thành, không sửa số liệu được "
                                  "nữa.")
    if errors:
        raise ValidationError(errors)
    figure = db.session.scalar(select(Figure).where(
        Figure.assignment_id == assignment.id, Figure.name_key == fold(name)))
    if figure is None:
        figure = Figure(assignment_id=assignment.id, name=name, name_key=fold(name),
                        unit=unit, value=value, updated_by_id=actor.id, updated_at=now)
        db.session.add(figure)
        changes = {name: [None, value]}
    else:
        changes = {name: [figure.value, value]}
        figure.value, figure.unit = value, unit or figure.unit
        figure.updated_by_id, figure.updated_at = actor.id, now
    _touch(assignment, now)
    record("assignment", assignment.id, "figure", actor=actor, now=now, changes=changes)
    db.session.flush()
    return figure


def record_dialogue(assignment: Assignment, data: dict, *, actor, now: datetime) -> Dialogue:
    """Record one dialogue held with the people (date, level, host, figures)."""
    errors = {}
    held_on = data.get("held_on")
    if held_on is None:
        errors["held_on"] = gettext("Ngày đối thoại: không được để trống.")
    elif held_on > vn_today(now):
        errors["held_on"] = gettext("Ngày đối thoại: không được sau ngày hôm nay.")
    level = data.get("level")
    if level not in DIALOGUE_LEVELS:
        errors["level"] = gettext("Cấp đối thoại: không hợp lệ.")
    host, place = clean(data.get("host")), clean(data.get("place"))
    for field, value, label in (("host", host, _l("Người chủ trì")),
                                ("place", place, _l("Địa điểm"))):
        if not value:
            errors[field] = gettext("%(label)s: không được để trống.", label=label)
        elif len(value) > 255:
            errors[field] = gettext("%(label)s: không quá %(max)s ký tự.", label=label, max=255)
    numbers = {}
    for field, label in (("participants", _l("Số người tham gia")),
                         ("opinions_raised", _l("Số ý kiến, kiến nghị")),
                         ("opinions_settled", _l("Số ý kiến đã giải quyết"))):
        value = data.get(field)
        if not isinstance(value, int) or not 0 <= value <= 10**7:
            errors[field] = gettext("%(label)s: cần một số nguyên không âm.", label=label)
        numbers[field] = value
    if not errors and numbers["opinions_settled"] > numbers["opinions_raised"]:
        errors["opinions_settled"] = gettext("Số ý kiến đã giải quyết: không được lớn hơn số ý "
                                             "kiến, kiến nghị.")
    if errors:
        raise ValidationError(errors)
    dialogue = Dialogue(assignment_id=assignment.id, held_on=held_on, level=level, host=host,
                        place=place, **numbers, recorded_by_id=actor.id, recorded_at=now)
    db.session.add(dialogue)
    db.session.flush()
    _touch(assignment, now)
    assignment.status = state.started(assignment.status)
    record("assignment", assignment.id, "dialogue", actor=actor, now=now,
           changes={"held_on": held_on, "level": level, "host": host, "place": place,
                    **numbers})
    # The figure form's dialogue indicators follow the records, so the two never disagree.
    from tracker.figures.operations import sync_dialogues
    sync_dialogues(assignment, actor=actor, now=now)
    return dialogue


def _is_empty(assignment: Assignment) -> bool:
    """No file, no figure, no dialogue and 0 %: nothing of a report yet."""
    if assignment.progress:
        return False
    return not any(db.session.scalar(select(exists().where(*where))) for where in (
        (Attachment.assignment_id == assignment.id, Attachment.removed_at.is_(None)),
        (Figure.assignment_id == assignment.id,),
        (FigureValue.assignment_id == assignment.id,),  # the figure form counts too
        (Dialogue.assignment_id == assignment.id,)))


def submit_report(assignment: Assignment, *, note: str | None, version: int | None, actor,
                  now: datetime, confirm_empty: bool = True) -> Assignment:
    """The unit submits its report; the Ban will accept or return it. With
    `confirm_empty=False` an empty report is refused until the officer confirms it."""
    check_version(assignment, version, required=False)
    if not state.is_editable(assignment.status):
        raise ConflictError({"status": gettext(
            "Nộp báo cáo: phân công đang ở trạng thái “%(status)s”.",
            status=assignment.status_label)})
    note = _note(note, gettext("Nội dung báo cáo"))
    if not confirm_empty and _is_empty(assignment):
        raise ValidationError({"confirm_empty": gettext(
            "Nộp báo cáo: chưa có tệp báo cáo, chưa có số liệu và tiến độ đang là 0%%. Nếu "
            "vẫn muốn nộp, bấm “Vẫn nộp báo cáo”.")})
    assignment.status = state.SUBMITTED
    assignment.submitted_on = vn_today(now)
    _touch(assignment, now)
    entry = record("assignment", assignment.id, "submitted", actor=actor, now=now, note=note,
                   changes={"submitted_on": assignment.submitted_on})
    db.session.flush()
    report_event.send(assignment, kind="submitted", entry=entry, note=note, request=None,
                      actor=actor, now=now)
    return assignment


def last_submitted_at(assignment: Assignment) -> datetime | None:
    return db.session.scalar(select(func.max(HistoryEntry.at)).where(
        HistoryEntry.entity == "assignment", HistoryEntry.entity_id == assignment.id,
        HistoryEntry.action == "submitted"))


def check_removable(assignment: Assignment, attachment: Attachment) -> None:
    """Until the report is submitted a file can go; a file submitted with it is frozen."""
    if not state.is_editable(assignment.status):
        raise ConflictError({"file": gettext(
            "Tệp đính kèm: báo cáo đang ở trạng thái “%(status)s”, không gỡ hoặc thay tệp được.",
            status=assignment.status_label)})
    if attachment.removed_at is not None:
        raise ConflictError({"file": gettext("Tệp đính kèm: tệp này đã được gỡ.")})
    submitted_at = last_submitted_at(assignment)
    if submitted_at is not None and attachment.uploaded_at <= submitted_at:
        raise ConflictError({"file": gettext(
            "Tệp đính kèm: tệp đã nộp cùng báo cáo trước, không gỡ hoặc thay được.")})


def remove_attachment(assignment: Assignment, attachment: Attachment, *, actor, now: datetime,
                      replaced_by: str | None = None) -> Attachment:
    """Take a file added by mistake off the report before it is submitted. The file and its
    row stay (the history names it)."""
    check_removable(assignment, attachment)
    attachment.removed_at, attachment.removed_by_id = now, actor.id
    _touch(assignment, now)
    changes = {"file": attachment.original_name, "attachment_id": attachment.id}
    if replaced_by is not None:
        changes["replaced_by"] = replaced_by
    record("assignment", assignment.id,
           "attachment_replaced" if replaced_by is not None else "attachment_removed",
           actor=actor, now=now, changes=changes)
    db.session.flush()
    return attachment


def _task_with_owner(assignment: Assignment) -> Task:
    """The task and its owning body, which pages load with the assignment; read them when
    the caller (the CLI, a test) did not."""
    unloaded = inspect(assignment).unloaded
    if "task" not in unloaded and "owner_body" not in inspect(assignment.task).unloaded:
        return assignment.task
    return db.session.scalar(select(Task).options(joinedload(Task.owner_body))
                             .where(Task.id == assignment.task_id))


def _check_reviewer(assignment: Assignment, actor) -> None:
    """Accepting and returning are checked here, for the page, the API and the CLI alike."""
    if not permissions.can_manage_task(actor, _task_with_owner(assignment)):
        raise PermissionDenied({"note": gettext(
            "Tiếp nhận, trả lại: chỉ Ban giao nhiệm vụ mới xét báo cáo.")})


def accept_report(assignment: Assignment, *, note: str | None, actor, now: datetime) -> Assignment:
    """The Ban accepts: the assignment is done as of the day the report was submitted."""
    _check_reviewer(assignment, actor)
    if not state.is_waiting_for_review(assignment.status):
        raise ConflictError({"status": gettext(
            "Tiếp nhận: báo cáo không ở trạng thái chờ tiếp nhận (có thể đã được xử lý).")})
    note = _note(note, gettext("Nhận xét"))
    assignment.status = state.DONE
    assignment.completed_on = assignment.submitted_on
    assignment.progress = 100
    _touch(assignment, now)
    entry = record("assignment", assignment.id, "accepted", actor=actor, now=now, note=note,
                   changes={"completed_on": assignment.completed_on})
    db.session.flush()
    report_event.send(assignment, kind="accepted", entry=entry, note=note, request=None,
                      actor=actor, now=now)
    return assignment


def return_report(assignment: Assignment, *, reason: str | None, actor,
                  now: datetime) -> Assignment:
    """The Ban returns the report with a reason; the unit revises and submits again."""
    _check_reviewer(assignment, actor)
    if not state.is_waiting_for_review(assignment.status):
        raise ConflictError({"status": gettext(
            "Trả lại: báo cáo không ở trạng thái chờ tiếp nhận (có thể đã được xử lý).")})
    reason = _note(reason, gettext("Lý do trả lại"), required=True)
    assignment.status = "returned"
    _touch(assignment, now)
    entry = record("assignment", assignment.id, "returned", actor=actor, now=now, note=reason)
    db.session.flush()
    report_event.send(assignment, kind="returned", entry=entry, note=reason, request=None,
                      actor=actor, now=now)
    return assignment


def _check_new_deadline(assignment: Assignment, new_due: date | None, field: str) -> None:
    if new_due is None:
        raise ValidationError({field: gettext("Hạn mới: không được để trống.")})
    if new_due <= assignment.effective_due_on:
        raise ValidationError({field: gettext("Hạn mới: phải sau hạn hiện tại (%(due)s).",
                                              due=format_date(assignment.effective_due_on))})
    if not state.is_open(assignment.status):
        raise ConflictError({field: gettext("Hạn mới: phân công đã hoàn thành.")})


def request_extension(assignment: Assignment, data: dict, *, actor,
                      now: datetime) -> ExtensionRequest:
    """The unit asks for a later deadline, with a reason."""
    _check_new_deadline(assignment, data.get("requested_due_on"), "requested_due_on")
    reason = clean_multiline(data.get("reason"))
    if not reason:
        raise ValidationError({"reason": gettext("Lý do xin gia hạn: không được để trống.")})
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": gettext("Lý do xin gia hạn: không quá 5.000 ký tự.")})
    pending = db.session.scalar(select(ExtensionRequest.id).where(
        ExtensionRequest.assignment_id == assignment.id, ExtensionRequest.status == "pending"))
    if pending is not None:
        raise ConflictError({"requested_due_on": gettext(
            "Hạn mới: đã có một đề nghị gia hạn đang chờ xử lý.")})
    request = ExtensionRequest(assignment_id=assignment.id,
                               requested_due_on=data["requested_due_on"], reason=reason,
                               requested_by_id=actor.id, requested_at=now)
    db.session.add(request)
    db.session.flush()
    _touch(assignment, now)
    record("assignment", assignment.id, "extension_requested", actor=actor, now=now,
           note=reason, changes={"requested_due_on": request.requested_due_on,
                                 "request_id": request.id})
    return request


def decide_extension(request: ExtensionRequest, assignment: Assignment, *, grant: bool,
                     note: str | None, actor, now: datetime) -> ExtensionRequest:
    """Grant (the deadline moves; the original stays) or refuse with a reason."""
    if request.status != "pending":
        raise ConflictError({"status": gettext("Đề nghị gia hạn này đã được xử lý.")})
    note = _note(note, gettext("Lý do từ chối") if not grant else gettext("Ghi chú"),
                 required=not grant)
    if grant:
        _check_new_deadline(assignment, request.requested_due_on, "requested_due_on")
        old = assignment.effective_due_on
        assignment.extended_due_on = request.requested_due_on
    request.status = "granted" if grant else "refused"
    request.decided_by_id, request.decided_at, request.decision_note = actor.id, now, note
    _touch(assignment, now)
    changes = {"request_id": request.id}
    if grant:
        changes["due"] = [old, assignment.extended_due_on]
    kind = "extension_granted" if grant else "extension_refused"
    entry = record("assignment", assignment.id, kind, actor=actor, now=now, note=note,
                   changes=changes)
    db.session.flush()
    report_event.send(assignment, kind=kind, entry=entry, note=note, request=request,
                      actor=actor, now=now)
    return request


def extend_deadline(assignment: Assignment, data: dict, *, actor, now: datetime) -> Assignment:
    """The Ban moves a deadline itself (the original deadline is kept)."""
    new_due = data.get("new_due_on")
    _check_new_deadline(assignment, new_due, "new_due_on")
    reason = _note(data.get("reason"), gettext("Lý do gia hạn"), required=True)
    old = assignment.effective_due_on
    assignment.extended_due_on = new_due
    _touch(assignment, now)
    record("assignment", assignment.id, "deadline_extended", actor=actor, now=now, note=reason,
           changes={"due": [old, new_due]})
    db.session.flush()
    return assignment


def reassign(assignment: Assignment, new_body, *, reason: str | None, actor,
             now: datetime) -> Assignment:
    """Give an open assignment to another body (a wrong body, a reorganisation); its
    history, files and figures move with it and the change is recorded."""
    reason = _note(reason, gettext("Lý do chuyển đơn vị"), required=True)
    if not state.is_open(assignment.status):
        raise ConflictError({"body_id": gettext("Đơn vị mới: phân công đã hoàn thành.")})
    if new_body is None or not new_body.active or not in_scope(actor, new_body):
        raise ValidationError({"body_id": gettext(
            "Đơn vị mới: không tồn tại, ngoài phạm vi hoặc đã ngừng hoạt động.")})
    taken = db.session.scalar(select(Assignment.id).where(
        Assignment.task_id == assignment.task_id, Assignment.body_id == new_body.id))
    if taken is not None:
        raise ValidationError({"body_id": gettext(
            "Đơn vị mới: %(body)s đã được giao nhiệm vụ này.", body=new_body.name)})
    old_body_id = assignment.body_id
    assignment.body_id = new_body.id
    _touch(assignment, now)
    record("assignment", assignment.id, "reassigned", actor=actor, now=now, note=reason,
           changes={"body_id": [old_body_id, new_body.id], "body": new_body.name})
    db.session.flush()
    return assignment
