"""Forms on the assignment page."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField

from tracker.assignments.models import DIALOGUE_LEVELS
from tracker.assignments.operations import MAX_NOTE
from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    PageSectionForm,
    VersionField,
    VNDateField,
    VNIntegerField,
    VNSelectField,
    named,
)


class ProgressForm(PageSectionForm):
    progress = VNIntegerField(_l("Tiến độ (%)"))
    note = CleanTextAreaField(_l("Ghi chú"), render_kw={"rows": 3},
                              validators=[named(_l("Ghi chú")).length(MAX_NOTE)])
    version = VersionField()


class SubmitForm(PageSectionForm):
    note = CleanTextAreaField(_l("Nội dung báo cáo"), render_kw={"rows": 3},
                              validators=[named(_l("Nội dung báo cáo")).length(MAX_NOTE)])
    version = VersionField()
    # "1" once the officer was told the report is empty and submits it all the same.
    confirm_empty = HiddenField()


class FileForm(PageSectionForm):
    file = FileField(_l("Tệp đính kèm"))


class FigureForm(PageSectionForm):
    name = CleanStringField(_l("Tên số liệu"),
                            validators=[named(_l("Tên số liệu")).required()],
                            render_kw={"list": "figure-names",
                                       "placeholder": _l("VD: Số cuộc đối thoại")})
    unit = CleanStringField(_l("Đơn vị tính"), render_kw={"placeholder": _l("VD: cuộc")})
    value = VNIntegerField(_l("Giá trị"))


class DialogueForm(PageSectionForm):
    held_on = VNDateField(_l("Ngày đối thoại"))
    level = VNSelectField(_l("Cấp đối thoại"), choices=list(DIALOGUE_LEVELS.items()))
    host = CleanStringField(_l("Người chủ trì"),
                            validators=[named(_l("Người chủ trì")).required()])
    place = CleanStringField(_l("Địa điểm"), validators=[named(_l("Địa điểm")).required()])
    participants = VNIntegerField(_l("Số người tham gia"))
    opinions_raised = VNIntegerField(_l("Số ý kiến, kiến nghị"))
    opinions_settled = VNIntegerField(_l("Số ý kiến đã giải quyết"))


class ReviewForm(PageSectionForm):
    """Accept or return a submitted report."""
    note = CleanTextAreaField(_l("Nhận xét / Lý do trả lại"), render_kw={"rows": 2})


class ExtensionRequestForm(PageSectionForm):
    requested_due_on = VNDateField(_l("Hạn mới đề nghị"))
    reason = CleanTextAreaField(_l("Lý do xin gia hạn"), render_kw={"rows": 2},
                                validators=[named(_l("Lý do xin gia hạn")).required()])


class ExtensionDecisionForm(PageSectionForm):
    note = CleanTextAreaField(_l("Ghi chú / Lý do từ chối"), render_kw={"rows": 2})


class ExtendForm(PageSectionForm):
    new_due_on = VNDateField(_l("Hạn mới"))
    reason = CleanTextAreaField(_l("Lý do gia hạn"), render_kw={"rows": 2},
                                validators=[named(_l("Lý do gia hạn")).required()])


FIGURE_SUGGESTIONS = [
    (_l("Số cuộc đối thoại"), _l("cuộc")), (_l("Số lượt người tham gia"), _l("lượt người")),
    (_l("Số mô hình “Dân vận khéo”"), _l("mô hình")),
    (_l("Số hội nghị quán triệt"), _l("hội nghị")),
    (_l("Số đơn thư đã giải quyết"), _l("đơn thư")), (_l("Số lớp tập huấn"), _l("lớp")),
    (_l("Số cuộc kiểm tra, giám sát"), _l("cuộc")),
]


class UrgeForm(PageSectionForm):
    note = CleanTextAreaField(_l("Ý kiến đôn đốc"), render_kw={"rows": 2},
                              validators=[named(_l("Ý kiến đôn đốc")).length(2000)])


class ReassignForm(PageSectionForm):
    body_id = VNIntegerField(_l("Đơn vị mới"))
    reason = CleanTextAreaField(_l("Lý do chuyển đơn vị"), render_kw={"rows": 2},
                                validators=[named(_l("Lý do chuyển đơn vị")).required()])
