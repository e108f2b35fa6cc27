"""The API's routes, one module per resource; importing this package registers them all."""
from tracker.api.registry import bp
from tracker.api.views import assignments, bodies, directives, docs, stats, tasks  # noqa: F401

__all__ = ["bp"]
