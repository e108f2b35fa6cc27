"""The API's routes, one module per resource, on one blueprint."""
from tracker.api.framework import ApiBlueprint

bp = ApiBlueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def _not_cached(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


from tracker.api.views import assignments, bodies, chain, directives, figures, reports, tasks  # noqa: E402, F401, I001
