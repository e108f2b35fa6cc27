"""Issue 13 point 2: typed work is never lost (an expired session, a sign-in from another
tab, a stale second submit)."""
import re

import pytest

from tests.conftest import PASSWORD, csrf_token, login, post
from tracker.bodies.models import Body
from tracker.extensions import db


@pytest.fixture
def officer_page(client, make_assignment, make_user):
    a = make_assignment(title="Báo cáo sơ kết 03 năm Chỉ thị 33")
    officer = make_user("officer", body=db.session.get(Body, a.body_id))
    return a, officer


def test_signing_in_again_opens_the_forms_page_not_a_405(client, officer_page):
    a, officer = officer_page
    # The session ended; the form's POST sent the user to the login page with next= its URL.
    token = csrf_token(client)
    response = client.post(f"/login?next=/assignments/{a.id}/progress", data={
        "email": officer.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/assignments/{a.id}"
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("next_, expected", [
    ("/assignments/7/extension/3/grant", "/assignments/7"),
    ("/tasks/4/assign", "/tasks/4"),
    ("/profile/mail", "/profile"),
    ("/profile/tokens/5/revoke", "/profile/tokens"),
    ("/status/overdue?age=le30", "/status/overdue?age=le30"),  # a page keeps its query
    ("/directives/new", "/directives/new"),
])
def test_a_next_that_is_a_post_only_url_goes_to_its_page(app, next_, expected):
    from tracker.core.web import safe_next
    with app.test_request_context():
        assert safe_next(next_, "/") == expected
        assert safe_next("//evil.example/x", "/") == "/"


def test_an_expired_form_token_says_so_and_leads_back_to_the_page(client, officer_page):
    a, officer = officer_page
    login(client, officer)
    response = client.post(f"/assignments/{a.id}/progress",
                           data={"csrf_token": "stale", "p-progress": "40",
                                 "p-note": "Đã họp triển khai ở 12 xã"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "CSRF" not in html and "Phiên làm việc đã hết hạn" in html
    assert re.search(rf'href="/assignments/{a.id}">Mở lại trang<', html)


def test_a_stale_second_submit_keeps_its_text_with_a_message(client, officer_page):
    a, officer = officer_page
    login(client, officer)
    version = a.version
    first = post(client, f"/assignments/{a.id}/submit",
                 {"s-note": "Báo cáo lần một", "s-version": str(version),
                  "s-confirm_empty": "1"})
    assert first.status_code == 302
    # The same page, submitted again from another tab (or a double click).
    second = post(client, f"/assignments/{a.id}/submit",
                  {"s-note": "Báo cáo chi tiết: 12 xã, 3.250 lượt người",
                   "s-version": str(version), "s-confirm_empty": "1"})
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    refused = re.search(r'<div class="alert alert-danger" role="alert" id="refused">(.*?)</div>',
                        html, re.S).group(1)
    assert "vừa được người khác cập nhật" in refused
    assert "Báo cáo chi tiết: 12 xã, 3.250 lượt người</textarea>" in refused
