"""A page number past the end shows the last page, not an empty list saying "nothing yet"."""
from datetime import date

import pytest

from tests.conftest import login


@pytest.fixture
def three_directives(app, make_body, make_user, make_directive, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    coordinator = make_user("coordinator", body=make_body("Tỉnh Lào Cai"))
    for n in (1, 2, 3):
        make_directive(actor=coordinator, number=f"{n}-KH/TU", issued_on=date(2020, n, 1))
    return coordinator


@pytest.mark.parametrize("page", ["2", "9", "999999"])
def test_a_page_past_the_end_shows_the_last_page(client, three_directives, page):
    login(client, three_directives)
    response = client.get(f"/directives/?sort=issued_on&page={page}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chưa có văn bản nào" not in html
    assert html.count("-KH/TU") >= 1 and 'aria-current="page">2<' in html


def test_the_body_tree_too(client, app, make_body, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    province = make_body("Tỉnh Lào Cai")
    for name in ("Sở Nội vụ", "Sở Tư pháp", "Sở Y tế"):
        make_body(name, parent=province, kind="so_nganh")
    login(client, make_user("admin", body=province))
    html = client.get("/admin/bodies?page=50").get_data(as_text=True)
    assert 'aria-current="page">2<' in html and "Chưa có đơn vị nào" not in html
