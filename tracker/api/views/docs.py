"""The OpenAPI document and its reference page (Swagger UI, served from the
swagger-ui-bundle package: no CDN, works offline)."""
from flask import Blueprint, abort, current_app, render_template, send_from_directory

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

# The files of Swagger UI the page loads; nothing else of the package is served.
SWAGGER_FILES = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"}


def openapi_document(app) -> dict:
    """The OpenAPI 3 document flask-smorest builds from the routes and their schemas."""
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3 document of this API, generated from its routes."""
    response = current_app.json.response(openapi_document(current_app))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/docs")
def docs():
    """A readable reference of the API (Swagger UI)."""
    return render_template("api/docs.html")


@bp.get("/docs/<name>")
def swagger_file(name: str):
    """Swagger UI's own files, from the installed package."""
    from swagger_ui_bundle import swagger_ui_path
    if name not in SWAGGER_FILES:
        abort(404)
    return send_from_directory(swagger_ui_path, name, max_age=86400)
