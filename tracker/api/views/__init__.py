"""The API's routes, one module per resource; `register` adds them all to the app."""
from tracker.api.framework import ApiBlueprint

bp = ApiBlueprint("api", __name__, url_prefix="/api/v1")


def register(api) -> None:
    from tracker.api.views import assignments, bodies, chain, directives, figures, reports, tasks  # noqa: F401
    api.register_blueprint(bp)


@bp.after_request
def _not_cached(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response
