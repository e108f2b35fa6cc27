"""Forms to derive tasks, edit them and assign bodies."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField
from wtforms.validators import Optional

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    VNDateField,
    VNIntegerField,
    named,
)
from tracker.tasks.models import PERIODS, TASK_KINDS

SINGLE_KINDS = [(k, v) for k, v in TASK_KINDS.items() if k != "bao_cao_dinh_ky"]


class TaskForm(FlaskForm):
    kind = SelectField("Loại nhiệm vụ", choices=SINGLE_KINDS)
    review_years = VNIntegerField("Số năm (sơ kết/tổng kết)", validators=[Optional()])
    title = CleanStringField("Tên nhiệm vụ", validators=[named("Tên nhiệm vụ").required(),
                                                        named("Tên nhiệm vụ").length(500)])
    due_on = VNDateField("Hạn hoàn thành")
    description = CleanTextAreaField("Nội dung, yêu cầu", render_kw={"rows": 4},
                                     validators=[named("Nội dung, yêu cầu").length(10_000)])
    version = HiddenField()

    def data_for_operation(self) -> dict:
        return {"kind": self.kind.data, "review_years": self.review_years.data,
                "title": self.title.data, "due_on": self.due_on.data,
                "description": self.description.data}


class PeriodicTaskForm(FlaskForm):
    frequency = SelectField("Kỳ báo cáo", choices=list(PERIODS.items()))
    first_year = VNIntegerField("Từ năm")
    last_year = VNIntegerField("Đến năm")
    due_day = VNIntegerField("Hạn nộp: ngày trong tháng cuối kỳ", default=15)
    description = CleanTextAreaField("Nội dung, yêu cầu", render_kw={"rows": 3},
                                     validators=[named("Nội dung, yêu cầu").length(10_000)])

    def data_for_operation(self) -> dict:
        return {"frequency": self.frequency.data, "first_year": self.first_year.data,
                "last_year": self.last_year.data, "due_day": self.due_day.data,
                "description": self.description.data}


class AssignForm(FlaskForm):
    body_ids = SelectMultipleField("Đơn vị được giao", coerce=int, choices=[],
                                   validate_choice=False)
    pick_kind = SelectField("Chọn theo loại", choices=[("", "— Không —")]
                            + list(BODY_KINDS.items()), validators=[Optional()])
    pick_level = SelectField("và cấp", choices=[("", "— Mọi cấp —")]
                             + list(BODY_LEVELS.items()), validators=[Optional()])
    lead_id = SelectField("Đơn vị chủ trì", coerce=int, choices=[], validate_choice=False)
    due_on = VNDateField("Hạn hoàn thành", required=False)
