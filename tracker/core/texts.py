"""The texts of the Python side (lazy_gettext of models and forms, gettext of operations)
when the instance's language has no compiled catalogue: each is its own translation."""
from babel import support
from flask import current_app
from flask_babel import Domain

_AS_WRITTEN = support.NullTranslations()


class AsWritten(Domain):
    """Flask-Babel's domain, but without a catalogue (TEXTS_AS_WRITTEN, set at start-up)
    a text is returned as written instead of looking up the locale's translations: about
    50 µs each, dozens on a page (menu labels, states, roles, form labels). An instance
    with a catalogue keeps Flask-Babel's lookup."""

    def get_translations(self):
        if current_app.config.get("TEXTS_AS_WRITTEN"):
            return _AS_WRITTEN
        return super().get_translations()
