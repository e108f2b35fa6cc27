"""Forms to derive tasks, edit them and assign bodies."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import Optional

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    VNDateField,
    VNIntegerField,
    VNSelectField,
    VNSelectMultipleField,
    named,
)
from tracker.tasks.models import PERIODS, TASK_KINDS
from tracker.tasks.operations import LIMITS

SINGLE_KINDS = [(k, v) for k, v in TASK_KINDS.items() if k != "bao_cao_dinh_ky"]


class TaskForm(FlaskForm):
    kind = VNSelectField(_l("Loại nhiệm vụ"), choices=SINGLE_KINDS)
    review_years = VNIntegerField(_l("Số năm (sơ kết/tổng kết)"), validators=[Optional()])
    title = CleanStringField(_l("Tên nhiệm vụ"),
                             validators=[named(_l("Tên nhiệm vụ")).required(),
                                         named(_l("Tên nhiệm vụ")).length(LIMITS["title"])])
    due_on = VNDateField(_l("Hạn hoàn thành"))
    description = CleanTextAreaField(_l("Nội dung, yêu cầu"), render_kw={"rows": 4},
                                     validators=[named(_l("Nội dung, yêu cầu")).length(
                                         LIMITS["description"])])
    version = HiddenField()
    confirm = HiddenField()  # "1": the warnings were shown and the user saves all the same

    def data_for_operation(self) -> dict:
        return {"kind": self.kind.data, "review_years": self.review_years.data,
                "title": self.title.data, "due_on": self.due_on.data,
                "description": self.description.data, "warned": self.confirm.data == "1"}


class PeriodicTaskForm(FlaskForm):
    frequency = VNSelectField(_l("Kỳ báo cáo"), choices=list(PERIODS.items()))
    first_year = VNIntegerField(_l("Từ năm"))
    last_year = VNIntegerField(_l("Đến năm"))
    due_day = VNIntegerField(_l("Hạn nộp: ngày trong tháng cuối kỳ"), default=15)
    description = CleanTextAreaField(_l("Nội dung, yêu cầu"), render_kw={"rows": 3},
                                     validators=[named(_l("Nội dung, yêu cầu")).length(
                                         LIMITS["description"])])

    def data_for_operation(self) -> dict:
        return {"frequency": self.frequency.data, "first_year": self.first_year.data,
                "last_year": self.last_year.data, "due_day": self.due_day.data,
                "description": self.description.data}


class AssignForm(FlaskForm):
    body_ids = VNSelectMultipleField(_l("Đơn vị được giao"), coerce=int, choices=[],
                                   validate_choice=False)
    pick_kind = VNSelectField(_l("Chọn theo loại"), choices=[("", _l("— Không —"))]
                            + list(BODY_KINDS.items()), validators=[Optional()])
    pick_level = VNSelectField(_l("và cấp"), choices=[("", _l("— Mọi cấp —"))]
                             + list(BODY_LEVELS.items()), validators=[Optional()])
    lead_id = VNSelectField(_l("Đơn vị chủ trì"), coerce=int, choices=[], validate_choice=False)
    due_on = VNDateField(_l("Hạn hoàn thành"), required=False)


class ImportSheetForm(FlaskForm):
    file = FileField(_l("Tệp nhiệm vụ"),
                     validators=[FileRequired(_l("Tệp nhiệm vụ: chưa chọn tệp Excel (.xlsx)."))],
                     render_kw={"accept": ".xlsx"})


class ConfirmImportForm(FlaskForm):
    token = HiddenField()
