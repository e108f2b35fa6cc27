"""The status filters are declared once (tracker/status/filters.py FILTERS); the parser,
the filter form, the /api/v1/stats parameters and the words at the top of an export all
follow that list. Each test fails when one of the four drifts from it (a filter added,
renamed or given other choices in one place only)."""
from dataclasses import fields
from datetime import date

import pytest

from tests.conftest import login
from tracker.core.errors import ValidationError
from tracker.status.exports import describe_filters
from tracker.status.filters import FILTERS, StatusFilters, parse_filters


def sample(one, world) -> str:
    """A valid query-string value of the filter."""
    if one.name == "directive_id":
        return str(world.directive_a.id)
    if one.kind == "date":
        return "01/01/2026" if one.name == "start" else "31/12/2026"
    if one.choices:
        return str(next(iter(one.choices)))
    return str(one.minimum + 36 if one.maximum > 2000 else one.minimum)


def test_the_filters_object_has_one_attribute_per_filter():
    assert [f.name for f in fields(StatusFilters)] == [one.name for one in FILTERS]


def test_the_parser_reads_and_refuses_each_filter(known_world):
    values = {one.name: sample(one, known_world) for one in FILTERS}
    parsed = parse_filters(values)
    for one in FILTERS:
        assert getattr(parsed, one.name) not in (None, ""), one.name
        with pytest.raises(ValidationError) as refused:
            parse_filters({**values, one.name: "?"})
        assert one.name in refused.value.errors
        assert str(one.label) in refused.value.errors[one.name]


def test_the_form_has_one_control_per_filter_with_its_label(app, known_world):
    import re
    client = login(app.test_client(), known_world.users["leader_a"])
    query = {one.name: sample(one, known_world) for one in FILTERS}
    html = client.get("/status/", query_string=query).get_data(as_text=True)
    form = html[html.index('aria-label="Bộ lọc"'):]
    form = form[:form.index("</form>")]
    names = re.findall(r'<(?:input|select)[^>]* name="([^"]+)"', form)
    assert [n for n in names if n != "sort"] == [one.name for one in FILTERS]
    for one in FILTERS:
        assert f">{one.label}</label>" in form, one.name
        for key, label in one.choices.items():
            assert f'<option value="{key}" selected>{label}</option>' in form or \
                f'<option value="{key}" >{label}</option>' in form, (one.name, key)


def test_a_directive_page_offers_the_period_only(app, known_world):
    """The directive is the page's own; its form keeps the period filters."""
    import re
    client = login(app.test_client(), known_world.users["leader_a"])
    html = client.get(f"/status/directives/{known_world.directive_a.id}").get_data(
        as_text=True)
    form = html[html.index('aria-label="Bộ lọc"'):]
    form = form[:form.index("</form>")]
    names = re.findall(r'<(?:input|select)[^>]* name="([^"]+)"', form)
    assert names == [one.name for one in FILTERS if one.kind != "choice"
                     and one.name != "directive_id"]


def test_the_api_parameters_are_the_filters(client, app, known_world):
    login(client, known_world.users["leader_a"])
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p["schema"] for p in
                  document["paths"]["/stats/provinces"]["get"]["parameters"]}
    assert set(parameters) - {"sort"} == {one.name for one in FILTERS}
    for one in FILTERS:
        schema = parameters[one.name]
        assert schema["title"] == str(one.label)
        if one.kind == "choice":
            assert schema["enum"] == list(one.choices)
        if one.kind == "int":
            assert (schema["minimum"], schema["maximum"]) == (one.minimum, one.maximum)
        if one.kind == "date":
            assert schema["format"] == "date"


def test_the_export_words_each_filter(app):
    with app.test_request_context():
        nothing = describe_filters(StatusFilters())
        for one in FILTERS:
            value = {"int": 2026 if one.name == "year" else 1, "date": date(2026, 1, 1),
                     "choice": next(iter(one.choices), "")}[one.kind]
            given = StatusFilters(**{one.name: value, **({"year": 2026} if one.name == "half"
                                                         else {})})
            if one.name == "half":  # the half of a year, not the year alone
                nothing = describe_filters(StatusFilters(year=2026))
            assert describe_filters(given) != nothing, one.name
            nothing = describe_filters(StatusFilters())
