"""The directive form."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import Optional

from tracker.core.forms import CleanStringField, CleanTextAreaField, VNDateField, named
from tracker.directives.models import DIRECTIVE_KINDS, ISSUERS


class DirectiveForm(FlaskForm):
    number = CleanStringField("Số, ký hiệu", validators=[named("Số, ký hiệu").required(),
                                                         named("Số, ký hiệu").length(60)],
                              render_kw={"placeholder": "VD: 33-CT/TU"})
    kind = SelectField("Loại văn bản", choices=list(DIRECTIVE_KINDS.items()))
    issuer = CleanStringField("Cơ quan ban hành",
                              validators=[named("Cơ quan ban hành").required(),
                                          named("Cơ quan ban hành").length(255)],
                              render_kw={"list": "issuers",
                                         "placeholder": "VD: Tỉnh ủy Lào Cai"})
    issued_on = VNDateField("Ngày ban hành")
    title = CleanStringField("Trích yếu", validators=[named("Trích yếu").required(),
                                                     named("Trích yếu").length(500)])
    summary = CleanTextAreaField("Tóm tắt nội dung",
                                 validators=[named("Tóm tắt nội dung").length(10_000)],
                                 render_kw={"rows": 4})
    parent_id = SelectField("Thực hiện văn bản (cấp trên)", coerce=int, choices=[],
                            validators=[Optional()])
    version = HiddenField()
    issuers = ISSUERS

    def data_for_operation(self, parent) -> dict:
        return {"number": self.number.data, "kind": self.kind.data, "issuer": self.issuer.data,
                "issued_on": self.issued_on.data, "title": self.title.data,
                "summary": self.summary.data, "parent": parent}

