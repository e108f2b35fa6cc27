"""Form fields shared by the features: Vietnamese dates, NFC text, field-named messages."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError as FieldError

from tracker.core.text import clean, clean_multiline
from tracker.core.time import format_date, parse_date


class VNDateField(StringField):
    """A date typed as dd/mm/yyyy. '15/15/2022' is refused with a message naming the field."""

    def __init__(self, label=None, validators=None, required=True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.render_kw = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                          "autocomplete": "off", **(self.render_kw or {})}

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_date(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = [text]
        if not text:
            return
        try:
            self.data = parse_date(text)
        except ValueError as exc:
            self.data = None
            raise ValueError(gettext("%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s).",
                                     label=str(self.label.text), text=text,
                                     reason=str(exc))) from None

    def pre_validate(self, form):
        if self.required and self.data is None and not self.errors:
            raise FieldError(gettext("%(label)s: không được để trống.",
                                     label=str(self.label.text)))


class VNIntegerField(IntegerField):
    """A whole number; "abc" gets a Vietnamese message naming the field."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(gettext("%(label)s: cần một số nguyên.",
                                     label=str(self.label.text))) from None


class _VietnameseRefusals:
    """Choice fields whose refusals name the field in Vietnamese (WTForms has no vi
    messages: "Not a valid choice", "Invalid Choice: could not coerce")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(gettext("%(label)s: không hợp lệ.",
                                     label=str(self.label.text))) from None

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except FieldError:
            raise FieldError(gettext("%(label)s: không hợp lệ.",
                                     label=str(self.label.text))) from None


class VNSelectField(_VietnameseRefusals, SelectField):
    """A select whose refusals name the field in Vietnamese."""


class VNSelectMultipleField(_VietnameseRefusals, SelectMultipleField):
    """A multiple select whose refusals name the field in Vietnamese."""


class VersionField(HiddenField):
    """The version of the record the page showed, sent back with the form so that a save
    over a colleague's newer one is refused. A form without it cannot save blindly."""

    def pre_validate(self, form):
        try:
            self.data = int(self.data)
        except (TypeError, ValueError):
            raise StopValidation(gettext(
                "Phiên bản của trang: thiếu hoặc không hợp lệ; vui lòng tải lại trang rồi "
                "nhập lại.")) from None


class CleanStringField(StringField):
    """Single-line text stored NFC with whitespace collapsed."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = clean(self.data)


class CleanTextAreaField(TextAreaField):
    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = clean_multiline(self.data)


def named(label):
    """Validators whose messages name the field, as users read them out of context.

    `label` is usually a lazy_gettext string; the messages are lazy too, so that they are
    translated when shown, in the language of the request."""
    from wtforms.validators import DataRequired, Length

    class _Named:
        @staticmethod
        def required():
            return DataRequired(message=_l("%(label)s: không được để trống.", label=label))

        @staticmethod
        def length(max_len: int):
            validator = Length(max=max_len, message=_l("%(label)s: không quá %(max)s ký tự.",
                                                       label=label, max=max_len))
            # No maxlength attribute: the browser would cut a pasted title silently; the
            # server says it is too long and keeps the whole text in the field.
            validator.field_flags = {}
            return validator
    return _Named


def apply_domain_errors(form, error) -> None:
    """Show an operation's field errors next to the matching form fields."""
    for field, message in error.errors.items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors) + [message]
        else:
            form.form_errors.append(message)


class PageSectionForm(FlaskForm):
    """One of several forms on a page, told apart by a prefix.

    The app-wide CSRFProtect checks the token of every POST (the template renders it with
    the csrf() macro), so the form does not check it a second time under a prefixed name.
    """

    class Meta:
        csrf = False
