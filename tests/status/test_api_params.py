"""The /api/v1/stats documents take the query string their OpenAPI description gives, like
the rest of /api/v1: an unknown, repeated or malformed parameter answers 400, filters that
contradict each other 422, each a problem document naming the parameter."""
import pytest

from tests.conftest import login


@pytest.fixture
def client(app, known_world):
    return login(app.test_client(), known_world.users["leader_a"])


def endpoints(w) -> dict[str, str]:
    return {"table": "/api/v1/stats/provinces", "body": f"/api/v1/stats/bodies/{w.a.id}",
            "overdue": "/api/v1/stats/overdue",
            "directive": f"/api/v1/stats/directives/{w.directive_a.id}",
            "dialogues": "/api/v1/stats/dialogues"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data()[:300])
    assert response.mimetype == "application/problem+json"
    document = response.get_json()
    assert document["status"] == status and document["title"] and document["detail"]
    return document["errors"]


@pytest.mark.parametrize("name", ["table", "body", "overdue", "directive", "dialogues"])
def test_an_unknown_parameter_is_refused_as_in_the_rest_of_the_api(client, known_world, name):
    url = endpoints(known_world)[name]
    errors = problem(client.get(url, query_string={"foo": "1"}), 400)
    assert errors == {"foo": "foo: tham số này không được hỗ trợ."}
    # The same answer as the assignments list gives.
    assert problem(client.get("/api/v1/assignments?foo=1"), 400) == errors
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name, args, field", [
    ("overdue", {"age": "bogus"}, "age"),
    ("overdue", {"age": "LE30"}, "age"),
    ("overdue", {"page": "0"}, "page"),
    ("overdue", {"page": "two"}, "page"),
    ("table", {"sort": "bogus"}, "sort"),
    ("table", {"year": "abc"}, "year"),
    ("body", {"year": "1800"}, "year"),
    ("table", {"half": "3", "year": "2026"}, "half"),
    ("table", {"task_kind": "xyz"}, "task_kind"),
    ("overdue", {"body_level": "thon"}, "body_level"),
    ("dialogues", {"body_kind": "?"}, "body_kind"),
    ("dialogues", {"body_id": "abc"}, "body_id"),
    ("dialogues", {"start": "31/02/2026"}, "start"),
    ("directive", {"end": "2026-13-01"}, "end"),
    ("overdue", {"directive_id": "99999999999"}, "directive_id"),
    ("directive", {"directive_id": "1"}, "directive_id"),  # the directive is the path's
])
def test_a_bad_value_is_refused_naming_the_parameter(client, known_world, name, args, field):
    errors = problem(client.get(endpoints(known_world)[name], query_string=args), 400)
    assert list(errors) == [field]
    assert errors[field]


def test_a_repeated_parameter_is_refused(client, known_world):
    errors = problem(client.get("/api/v1/stats/overdue?year=2025&year=2026"), 400)
    assert list(errors) == ["year"]


@pytest.mark.parametrize("args, field", [({"half": "1"}, "half"),
                                         ({"start": "01/10/2026", "end": "01/09/2026"}, "end")])
def test_filters_that_contradict_each_other_answer_422(client, known_world, args, field):
    for url in endpoints(known_world).values():
        errors = problem(client.get(url, query_string=args), 422)
        assert list(errors) == [field], url


def test_empty_values_are_no_filter_and_valid_ones_pass(client, known_world):
    w = known_world
    empty = {"year": "", "half": "", "start": "", "end": "", "task_kind": "",
             "body_kind": "", "body_level": ""}
    for name, url in endpoints(w).items():
        extra = {"overdue": {"age": "", "page": "", "directive_id": ""},
                 "table": {"sort": "", "directive_id": ""}, "body": {"sort": "-overdue"},
                 "dialogues": {"body_id": "", "directive_id": ""}}.get(name, {})
        response = client.get(url, query_string={**empty, **extra})
        assert response.status_code == 200, (url, response.get_data()[:300])
        assert response.get_json() == client.get(url, query_string={
            k: v for k, v in extra.items() if v}).get_json(), url
    data = client.get("/api/v1/stats/overdue", query_string={
        "age": "gt120", "page": "1", "year": "2026", "half": "1", "task_kind": "so_ket",
        "body_kind": "dia_phuong", "body_level": "xa", "start": "", "end": ""}).get_json()
    assert set(data["ages"]) == {"le30", "31_90", "91_120", "gt120"}


def test_pages_stay_lenient(client):
    """The HTML pages read what they know and ignore the rest (links and bookmarks)."""
    assert client.get("/status/overdue?age=bogus&foo=1").status_code == 200
    assert client.get("/status/?sort=bogus&foo=1").status_code == 200


def test_the_openapi_document_says_so(client):
    document = client.get("/api/v1/openapi.json").get_json()
    overdue = document["paths"]["/stats/overdue"]["get"]
    parameters = {p["name"]: p for p in overdue["parameters"]}
    assert parameters["age"]["schema"]["enum"] == ["le30", "31_90", "91_120", "gt120"]
    assert parameters["page"]["schema"]["minimum"] == 1
    assert "400" in overdue["responses"] and "422" in overdue["responses"]
    directive = document["paths"]["/stats/directives/{directive_id}"]["get"]
    assert "directive_id" not in {p["name"] for p in directive["parameters"]
                                  if p["in"] == "query"}
