"""The form to forward an assignment to the body's own bodies."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Optional

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    VNDateField,
    VNSelectField,
    VNSelectMultipleField,
    named,
)
from tracker.tasks.operations import LIMITS


class ForwardForm(FlaskForm):
    title = CleanStringField(_l("Tên nhiệm vụ"),
                             validators=[named(_l("Tên nhiệm vụ")).required(),
                                         named(_l("Tên nhiệm vụ")).length(LIMITS["title"])])
    description = CleanTextAreaField(_l("Nội dung, yêu cầu"), render_kw={"rows": 4},
                                     validators=[named(_l("Nội dung, yêu cầu")).length(
                                         LIMITS["description"])])
    due_on = VNDateField(_l("Hạn hoàn thành"))
    body_ids = VNSelectMultipleField(_l("Đơn vị được giao"), coerce=int, choices=[],
                                     validate_choice=False)
    pick_kind = VNSelectField(_l("Chọn theo loại"), choices=[("", _l("— Không —"))]
                              + list(BODY_KINDS.items()), validators=[Optional()])
    pick_level = VNSelectField(_l("và cấp"), choices=[("", _l("— Mọi cấp —"))]
                               + list(BODY_LEVELS.items()), validators=[Optional()])
    lead_id = VNSelectField(_l("Đơn vị chủ trì"), coerce=int, choices=[], validate_choice=False)
