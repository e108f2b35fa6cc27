"""The figure endpoints of /api/v1: the same operation as the page (Vietnamese numbers,
breakdowns, the version check), problem documents naming the field, nothing written."""
import dataclasses

import pytest
from sqlalchemy import func, select

from tests.api.conftest import bearer
from tests.conftest import NOW
from tracker.api.operations import create_token
from tracker.api.views.docs import openapi_document
from tracker.assignments.operations import accept_report, submit_report
from tracker.extensions import db
from tracker.figures.indicators import TYPES, Indicator
from tracker.figures.library import LIBRARY
from tracker.figures.models import FigureValue


@pytest.fixture
def api(client, figure_task, make_user):
    task, template, [a, b], coord = figure_task(bodies=2)
    officer = make_user("officer", body=db.session.get(type(coord.body), a.body_id))
    tokens = {}
    for name, user in (("officer", officer), ("coord", coord)):
        _token, tokens[name] = create_token(user, {"name": "iOffice"}, now=NOW)
    db.session.commit()
    return task, a, b, coord, tokens


def _count():
    return db.session.scalar(select(func.count()).select_from(FigureValue))


def test_put_and_get_the_form(client, api):
    task, a, b, coord, tokens = api
    url = f"/api/v1/assignments/{a.id}/figures"
    form = client.get(url, headers=bearer(tokens["officer"])).get_json()
    assert form["editable"] and form["indicators"][0]["code"] == "mo_hinh"
    assert "kinh_te/tap_the" in form["indicators"][0]["cells"]
    response = client.put(url, headers=bearer(tokens["officer"]), json={
        "version": form["version"], "values": {
            "mo_hinh": {"cells": {"kinh_te/tap_the": "1.781", "kinh_te/ca_nhan": 2417}},
            "tin_bai": "2.500", "danh_gia": "Tốt"}})
    assert response.status_code == 200, response.get_json()
    saved = {i["code"]: i for i in response.get_json()["indicators"]}
    assert saved["mo_hinh"]["value"] == 4198
    assert saved["mo_hinh"]["values"]["kinh_te/ca_nhan"] == 2417
    assert saved["tin_bai"]["value"] == 2500 and saved["danh_gia"]["value"] == "Tốt"
    assert response.get_json()["version"] > form["version"]


@pytest.mark.parametrize("values, field, status, words", [
    ({"mo_hinh": "12,5"}, "mo_hinh", 422, "cần một số nguyên"),
    ({"mo_hinh": {"value": 10, "cells": {"kinh_te/tap_the": 3}}}, "mo_hinh", 422, "lệch 7"),
    ({"mo_hinh": 3, "khong_co": 1}, "khong_co", 422, "không có trong biểu mẫu"),
])
def test_bad_input_is_a_problem_naming_the_field(client, api, values, field, status, words):
    task, a, b, coord, tokens = api
    response = client.put(f"/api/v1/assignments/{a.id}/figures",
                          headers=bearer(tokens["officer"]),
                          json={"version": a.version, "values": values})
    document = response.get_json()
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert words in document["errors"][field]
    assert _count() == 0


def test_stale_version_is_409_and_writes_nothing(client, api):
    task, a, b, coord, tokens = api
    response = client.put(f"/api/v1/assignments/{a.id}/figures",
                          headers=bearer(tokens["officer"]),
                          json={"version": a.version + 5, "values": {"mo_hinh": 3}})
    assert response.status_code == 409 and "version" in response.get_json()["errors"]
    assert _count() == 0


def test_task_rollup_json(client, api):
    from tracker.figures.operations import save_figures
    task, a, b, coord, tokens = api
    for x, n in ((a, "1.200"), (b, "34")):
        save_figures(x, {"mo_hinh": {"cells": {"kinh_te/tap_the": n}}}, version=x.version,
                     actor=coord, now=NOW)
        submit_report(x, note="", version=None, actor=coord, now=NOW)
    accept_report(a, note="", actor=coord, now=NOW)
    db.session.commit()
    roll = client.get(f"/api/v1/tasks/{task.id}/rollup",
                      headers=bearer(tokens["coord"])).get_json()
    assert roll["counts"] == {"accepted": 1, "submitted": 1, "missing": 0}
    mo_hinh = next(i for i in roll["indicators"] if i["code"] == "mo_hinh")
    assert mo_hinh["total"] == 1200 and mo_hinh["submitted_total"] == 34
    assert mo_hinh["values"]["kinh_te/tap_the"] == 1200
    assert {r["assignment_id"]: r["bucket"] for r in roll["bodies"]} == {
        a.id: "accepted", b.id: "submitted"}
    templates = client.get("/api/v1/indicator-templates",
                           headers=bearer(tokens["coord"])).get_json()
    assert {t["key"] for t in templates["library"]} == {"dan_van_kheo", "doi_thoai",
                                                        "so_tong_ket"}
    assert len(templates["items"]) == 1
    document = openapi_document(client.application)["components"]["schemas"]
    for name, item in (("Rollup", roll), ("RollupIndicator", mo_hinh),
                       ("RollupBody", roll["bodies"][0]), ("OwnTemplate", templates["items"][0])):
        assert set(item) == set(document[name]["properties"]), name  # each member, no other


def test_an_indicator_is_described_once():
    """The API's Indicator reads the figures' own Indicator (and a stored definition, a
    library entry): a member added to one of them and not to the others fails here."""
    from tracker.api.views.figures import Indicator as IndicatorSchema
    members = {f.name for f in dataclasses.fields(Indicator)}
    assert set(IndicatorSchema().fields) == members
    assert all(set(i) == members for item in LIBRARY.values() for i in item["indicators"])
    assert IndicatorSchema().fields["type"].metadata["enum"] == list(TYPES)
