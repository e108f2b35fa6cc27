"""The directive form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import Optional

from tracker.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    VNDateField,
    VNSelectField,
    named,
)
from tracker.directives.models import DIRECTIVE_KINDS, ISSUERS
from tracker.directives.operations import LIMITS


class DirectiveForm(FlaskForm):
    number = CleanStringField(_l("Số, ký hiệu"),
                              validators=[named(_l("Số, ký hiệu")).required(),
                                          named(_l("Số, ký hiệu")).length(LIMITS["number"])],
                              render_kw={"placeholder": _l("VD: 33-CT/TU")})
    kind = VNSelectField(_l("Loại văn bản"), choices=list(DIRECTIVE_KINDS.items()))
    issuer = CleanStringField(_l("Cơ quan ban hành"),
                              validators=[named(_l("Cơ quan ban hành")).required(),
                                          named(_l("Cơ quan ban hành")).length(LIMITS["issuer"])],
                              render_kw={"list": "issuers",
                                         "placeholder": _l("VD: Tỉnh ủy Lào Cai")})
    issued_on = VNDateField(_l("Ngày ban hành"))
    title = CleanStringField(_l("Trích yếu"),
                             validators=[named(_l("Trích yếu")).required(),
                                         named(_l("Trích yếu")).length(LIMITS["title"])])
    summary = CleanTextAreaField(_l("Tóm tắt nội dung"),
                                 validators=[named(_l("Tóm tắt nội dung")).length(
                                     LIMITS["summary"])],
                                 render_kw={"rows": 4})
    parent_id = VNSelectField(_l("Thực hiện văn bản (cấp trên)"), coerce=int, choices=[],
                            validators=[Optional()])
    version = HiddenField()
    confirm = HiddenField()  # "1": the warnings were shown and the user saves all the same
    issuers = ISSUERS

    def data_for_operation(self, parent) -> dict:
        return {"number": self.number.data, "kind": self.kind.data, "issuer": self.issuer.data,
                "issued_on": self.issued_on.data, "title": self.title.data,
                "summary": self.summary.data, "parent": parent,
                "warned": self.confirm.data == "1"}

