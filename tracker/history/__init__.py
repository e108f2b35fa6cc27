"""The append-only history of every change a user makes."""
from flask import Flask


def init_app(app: Flask) -> None:
    """The history's words for every template (globals: imported macros see them too)."""
    from tracker.core.web import _iso_to_vn
    from tracker.history import labels
    app.jinja_env.filters["history_value"] = lambda value, field: _iso_to_vn(
        labels.value_label(value, field))
    app.jinja_env.globals.update(HISTORY_ACTIONS=labels.ACTIONS, HISTORY_FIELDS=labels.FIELDS,
                                 HISTORY_HIDDEN=labels.HIDDEN)
