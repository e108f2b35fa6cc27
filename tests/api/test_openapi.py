"""The OpenAPI document is generated from the routes and the schemas that check requests:
it lists every API route, its request schemas are those objects, and the reference page
runs under the app's Content-Security-Policy (no inline script)."""
from pathlib import Path

from tracker.api.openapi import openapi_document
from tracker.api.registry import OPERATIONS
from tracker.api.views import assignments, directives, tasks

DOCS_ONLY = {"api.openapi_json", "api.docs", "api.swagger_file"}


def test_every_api_route_is_in_the_document_and_nothing_else(app):
    document = openapi_document(app)
    documented = {(path, method.upper()) for path, item in document["paths"].items()
                  for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.endpoint not in DOCS_ONLY:
            path = rule.rule[len("/api/v1"):].replace("<int:", "{").replace(">", "}")
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routes
    assert {(op.endpoint, op.method) for op in OPERATIONS.values()} >= {
        (rule.endpoint, m) for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.endpoint not in DOCS_ONLY
        for m in rule.methods - {"HEAD", "OPTIONS"}}


def test_request_schemas_are_the_ones_that_validate(app):
    schemas = openapi_document(app)["components"]["schemas"]
    assert schemas["NewTask"] is tasks.NEW_TASK
    assert schemas["NewDirective"] is directives.NEW_DIRECTIVE
    assert schemas["Progress"] is assignments.PROGRESS
    assert schemas["Progress"]["additionalProperties"] is False
    assert schemas["Progress"]["required"] == ["progress", "version"]


def test_operations_document_their_errors_as_problem_details(app):
    document = openapi_document(app)
    progress = document["paths"]["/assignments/{assignment_id}/progress"]["post"]
    assert {"200", "401", "403", "404", "409", "413", "415", "422", "500"} <= set(
        progress["responses"])
    problem = progress["responses"]["409"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert document["security"] == [{"bearerAuth": []}]


def test_the_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.mimetype == "application/json"
    assert response.get_json()["openapi"].startswith("3.0")


def test_the_reference_page_has_no_inline_script_and_keeps_the_csp(client):
    response = client.get("/api/v1/docs")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.get_data(as_text=True)
    assert "<script>" not in html and "<style" not in html and 'style="' not in html
    assert "/static/api-docs.js" in html
    assert (Path(__file__).resolve().parents[2] / "static" / "api-docs.js").exists()
