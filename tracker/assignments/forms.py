"""Forms on the assignment page."""
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField

from tracker.assignments.models import DIALOGUE_LEVELS
from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    PageSectionForm,
    VNDateField,
    VNIntegerField,
    named,
)


class ProgressForm(PageSectionForm):
    progress = VNIntegerField("Tiến độ (%)")
    note = CleanTextAreaField("Ghi chú", render_kw={"rows": 3},
                              validators=[named("Ghi chú").length(5000)])
    version = HiddenField()


class SubmitForm(PageSectionForm):
    note = CleanTextAreaField("Nội dung báo cáo", render_kw={"rows": 3},
                              validators=[named("Nội dung báo cáo").length(5000)])
    version = HiddenField()


class FileForm(PageSectionForm):
    file = FileField("Tệp đính kèm")


class FigureForm(PageSectionForm):
    name = CleanStringField("Tên số liệu", validators=[named("Tên số liệu").required()],
                            render_kw={"list": "figure-names",
                                       "placeholder": "VD: Số cuộc đối thoại"})
    unit = CleanStringField("Đơn vị tính", render_kw={"placeholder": "VD: cuộc"})
    value = VNIntegerField("Giá trị")


class DialogueForm(PageSectionForm):
    held_on = VNDateField("Ngày đối thoại")
    level = SelectField("Cấp đối thoại", choices=list(DIALOGUE_LEVELS.items()))
    host = CleanStringField("Người chủ trì", validators=[named("Người chủ trì").required()])
    place = CleanStringField("Địa điểm", validators=[named("Địa điểm").required()])
    participants = VNIntegerField("Số người tham gia")
    opinions_raised = VNIntegerField("Số ý kiến, kiến nghị")
    opinions_settled = VNIntegerField("Số ý kiến đã giải quyết")


class ReviewForm(PageSectionForm):
    """Accept or return a submitted report."""
    note = CleanTextAreaField("Nhận xét / Lý do trả lại", render_kw={"rows": 2})


class ExtensionRequestForm(PageSectionForm):
    requested_due_on = VNDateField("Hạn mới đề nghị")
    reason = CleanTextAreaField("Lý do xin gia hạn", render_kw={"rows": 2},
                                validators=[named("Lý do xin gia hạn").required()])


class ExtensionDecisionForm(PageSectionForm):
    note = CleanTextAreaField("Ghi chú / Lý do từ chối", render_kw={"rows": 2})


class ExtendForm(PageSectionForm):
    new_due_on = VNDateField("Hạn mới")
    reason = CleanTextAreaField("Lý do gia hạn", render_kw={"rows": 2},
                                validators=[named("Lý do gia hạn").required()])


FIGURE_SUGGESTIONS = [
    ("Số cuộc đối thoại", "cuộc"), ("Số lượt người tham gia", "lượt người"),
    ("Số mô hình “Dân vận khéo”", "mô hình"), ("Số hội nghị quán triệt", "hội nghị"),
    ("Số đơn thư đã giải quyết", "đơn thư"), ("Số lớp tập huấn", "lớp"),
    ("Số cuộc kiểm tra, giám sát", "cuộc"),
]
