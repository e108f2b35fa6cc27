"""The task form asks the server for the review proposal: one rule (tasks.operations
.propose_review), in Python only; the browser no longer restates it."""
from datetime import date
from pathlib import Path

from tests.conftest import login


def test_the_proposal_of_a_directive_issued_on_29_february(client, make_directive, make_user):
    coordinator = make_user("coordinator")
    directive = make_directive(actor=coordinator, number="01-CT/TU", issued_on=date(2024, 2, 29),
                               issuer="Tỉnh ủy Lào Cai", title="Thử nghiệm")
    login(client, coordinator)
    url = f"/tasks/proposal?directive_id={directive.id}"
    answer = client.get(url + "&kind=so_ket&years=1")
    assert answer.status_code == 200
    assert answer.json == {"title": "Sơ kết 01 năm thực hiện Chỉ thị số 01-CT/TU, ngày "
                                    "29/02/2024 của Tỉnh ủy Lào Cai", "due_on": "28/02/2025"}
    assert client.get(url + "&kind=tong_ket&years=4").json["due_on"] == "29/02/2028"
    for bad in ("&kind=so_ket&years=0", "&kind=so_ket&years=51", "&kind=ke_hoach&years=3",
                "&kind=so_ket&years=ba"):
        refused = client.get(url + bad)
        assert refused.status_code == 422 and "Số năm" in refused.json["error"]


def test_the_script_holds_no_rule():
    """No year arithmetic and no Vietnamese words in the script: it asks the server."""
    script = (Path(__file__).resolve().parents[2] / "static" / "task_form.js").read_text()
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    for restated in ("% 4", "% 400", "Sơ kết", "Tổng kết", "năm thực hiện", "getFullYear"):
        assert restated not in code


def test_the_years_of_a_review_are_one_range(client, make_directive, make_user, app):
    """REVIEW_YEARS (tasks.operations) bounds the form's check, the proposal, the import and
    the API's document; the script leaves the bounds to the server."""
    from tracker.tasks.operations import REVIEW_YEARS, is_review_years
    low, high = REVIEW_YEARS
    assert [is_review_years(n) for n in (low - 1, low, high, high + 1)] == \
        [False, True, True, False]
    coordinator = make_user("coordinator")
    directive = make_directive(actor=coordinator, number="02-CT/TU", issued_on=date(2024, 3, 1),
                               issuer="Tỉnh ủy Lào Cai", title="Thử nghiệm")
    login(client, coordinator)
    url = f"/tasks/proposal?directive_id={directive.id}&kind=tong_ket&years="
    assert [client.get(url + str(n)).status_code for n in (low - 1, low, high, high + 1)] \
        == [422, 200, 200, 422]
    document = client.get("/api/v1/openapi.json").json
    field = document["components"]["schemas"]["Task"]["properties"]["review_years"]
    assert (field["minimum"], field["maximum"]) == REVIEW_YEARS
    script = (Path(__file__).resolve().parents[2] / "static" / "task_form.js").read_text()
    assert str(high) not in script
