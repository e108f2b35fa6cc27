"""Admin forms: reminder policy, holidays, test mail."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from tracker.core.forms import CleanStringField, VNDateField, VNIntegerField, VNSelectField, named

WEEKDAYS = [(0, _l("Thứ Hai")), (1, _l("Thứ Ba")), (2, _l("Thứ Tư")), (3, _l("Thứ Năm")),
            (4, _l("Thứ Sáu"))]


class PolicyForm(FlaskForm):
    before_days = CleanStringField(_l("Nhắc trước hạn (ngày)"),
                                   validators=[named(_l("Nhắc trước hạn (ngày)")).required()])
    overdue_every_working_days = VNIntegerField(_l("Nhắc quá hạn mỗi (ngày làm việc)"))
    escalate_after_days = VNIntegerField(_l("Báo cáo lãnh đạo sau (ngày quá hạn)"))
    send_hour = VNIntegerField(_l("Giờ gửi"))
    send_minute = VNIntegerField(_l("Phút gửi"))
    digest_weekday = VNSelectField(_l("Ngày gửi tổng hợp tuần"), coerce=int, choices=WEEKDAYS)
    digest_hour = VNIntegerField(_l("Giờ gửi tổng hợp tuần"))

    def data_for_operation(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "before_days", "overdue_every_working_days", "escalate_after_days", "send_hour",
            "send_minute", "digest_weekday", "digest_hour")}


class HolidayForm(FlaskForm):
    day = VNDateField(_l("Ngày nghỉ"))
    until = VNDateField(_l("Đến ngày"), required=False,
                        description=_l("Để trống nếu chỉ một ngày."))
    working = BooleanField(_l("Ngày làm bù (thứ Bảy, Chủ nhật đi làm)"))
    name = CleanStringField(_l("Tên ngày nghỉ"), validators=[named(_l("Tên ngày nghỉ")).required()],
                            render_kw={"placeholder": _l("VD: Tết Nguyên đán")})


class TestMailForm(FlaskForm):
    email = CleanStringField(_l("Email nhận thư thử"),
                             validators=[named(_l("Email nhận thư thử")).required()])
