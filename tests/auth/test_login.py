"""Signing in and out: failures, lock-out, inactive accounts, cookies, redirects."""
from urllib.parse import urlsplit

import pytest
from argon2 import extract_parameters, profiles
from sqlalchemy import select

from tests.conftest import CHEAP_HASHER, PASSWORD, csrf_token, login, post
from tracker.auth.models import LoginAttempt, User
from tracker.extensions import db


def sign_in(client, email, password, url="/login"):
    return client.post(url, data={"email": email, "password": password,
                                  "csrf_token": csrf_token(client)})


def test_a_wrong_password_is_401(client, make_user):
    user = make_user("coordinator")
    response = sign_in(client, user.email, "khong-dung-mat-khau")
    assert response.status_code == 401
    assert "Email hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/directives/").status_code == 302  # still signed out


def test_passwords_are_hashed_at_the_production_cost(client, make_user, real_passwords):
    """The suite hashes cheaply (tests/conftest.py); the application itself uses Argon2id
    at RFC 9106's low-memory parameters, and a hash made with weaker ones is replaced when
    its owner next signs in."""
    user = make_user("coordinator")
    assert extract_parameters(user.password_hash) == profiles.RFC_9106_LOW_MEMORY
    user.password_hash = CHEAP_HASHER.hash(PASSWORD)
    db.session.commit()
    assert extract_parameters(user.password_hash).memory_cost == 8
    login(client, user)
    db.session.expire_all()
    assert extract_parameters(user.password_hash) == profiles.RFC_9106_LOW_MEMORY


def test_an_unknown_email_looks_the_same_as_a_wrong_password(client):
    response = sign_in(client, "khong-co@example.vn", PASSWORD)
    assert response.status_code == 401
    assert "Email hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_five_failures_lock_their_pair_even_for_the_right_password(client, make_user, app,
                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_DELAY_SECONDS", 0)  # the delays: test_lockout.py
    user = make_user("coordinator")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert sign_in(client, user.email, "sai-mat-khau-roi").status_code == 401
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Đăng nhập sai nhiều lần từ máy này" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/directives/").status_code == 302
    # The attempts are counted by account name, whatever its case.
    assert sign_in(client, user.email.upper(), PASSWORD).status_code == 429
    failures = db.session.scalars(select(LoginAttempt.succeeded)).all()
    assert failures.count(False) == app.config["LOGIN_MAX_FAILURES"]
    # From another address the right password opens the account.
    other = app.test_client()
    response = other.post("/login", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": csrf_token(other)},
                          environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 302


def test_an_inactive_user_is_refused(client, make_user):
    user = make_user("officer", active=False)
    assert sign_in(client, user.email, PASSWORD).status_code == 401
    assert client.get("/assignments/").status_code == 302


def test_a_deactivated_user_loses_an_open_session(client, make_user):
    user = make_user("officer")
    login(client, user)
    assert client.get("/assignments/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    response = client.get("/assignments/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user("coordinator")
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_logout_is_post_only(client, make_user):
    user = make_user("coordinator")
    login(client, user)
    assert client.get("/logout").status_code == 405
    assert client.get("/directives/").status_code == 200  # a GET did not sign out
    assert post(client, "/logout").status_code == 302
    assert client.get("/directives/").status_code == 302


@pytest.mark.parametrize("target", [
    "//evil.example", "//evil.example/login", "https://evil.example/", "http:evil.example",
    "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)",
])
def test_next_cannot_leave_the_site(client, make_user, target):
    user = make_user("coordinator")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    location = response.headers["Location"]
    # Home, or a path of this site ("/\\x" goes out quoted as "/%5Cx", which stays here).
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "\t" not in location, location
    assert urlsplit(location).netloc == ""


def test_next_within_the_site_is_followed(client, make_user):
    user = make_user("coordinator")
    response = client.post("/login", query_string={"next": "/tasks/?q=tao+hon"},
                           data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/tasks/?q=tao+hon"


def test_a_protected_page_sends_to_login_with_next(client, make_user):
    response = client.get("/tasks/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
