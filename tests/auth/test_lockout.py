"""Lock-out is no weapon: failures count per (account, address) pair, slow that pair down
with a growing delay and then lock that pair only; the admin sees every lock-out."""
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from tests.conftest import NOW, PASSWORD, csrf_token, login
from tracker import create_app
from tracker.auth.models import LoginAttempt
from tracker.auth.operations import TooManyAttempts, authenticate
from tracker.extensions import db


def attempt(email, password, addr, at):
    try:
        return authenticate(email, password, remote_addr=addr, now=at)
    finally:
        db.session.commit()


def fail_until_locked(email, addr, app, start=NOW):
    """Wrong passwords from `addr`, each after the pair's delay; returns the instant of the
    last one, which locked the pair."""
    at = start
    for number in range(app.config["LOGIN_MAX_FAILURES"]):
        if number:
            at += timedelta(seconds=app.config["LOGIN_DELAY_SECONDS"] * 2 ** (number - 1))
        assert attempt(email, "sai-mat-khau-roi", addr, at) is None
    return at


def test_an_attacker_locks_out_only_their_own_pair(app, make_user):
    user = make_user("officer")
    at = fail_until_locked(user.email, "203.0.113.9", app)
    with pytest.raises(TooManyAttempts):
        attempt(user.email, PASSWORD, "203.0.113.9", at)
    # The owner, from their office, signs in at once with the right password.
    assert attempt(user.email, PASSWORD, "198.51.100.7", at) == user
    locked = db.session.scalars(select(LoginAttempt).where(LoginAttempt.locked_out)).all()
    assert [(row.email, row.remote_addr) for row in locked] == [(user.email, "203.0.113.9")]


def test_a_shared_address_does_not_lock_its_other_users(app, make_user):
    """Behind a proxy or an office NAT everyone shares one address: twenty people's
    failures there do not keep a twenty-first out."""
    victims = [make_user("officer") for _ in range(5)]
    for victim in victims:
        for number in range(4):
            attempt(victim.email, "sai-mat-khau-roi", "10.0.0.1",
                    NOW + timedelta(minutes=number))
    user = make_user("coordinator")
    assert attempt(user.email, PASSWORD, "10.0.0.1", NOW + timedelta(minutes=5)) == user


def test_each_failure_doubles_the_pairs_wait(app, make_user):
    user = make_user("officer")
    delay = app.config["LOGIN_DELAY_SECONDS"]
    assert delay > 0
    at = NOW
    for number in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert attempt(user.email, "sai-mat-khau-roi", "192.0.2.1", at) is None
        wait = timedelta(seconds=delay * 2 ** number)
        with pytest.raises(TooManyAttempts) as refused:
            attempt(user.email, PASSWORD, "192.0.2.1", at + wait - timedelta(seconds=1))
        assert refused.value.until == at + wait
        at += wait
    # A try refused during the wait is not checked, and not counted.
    assert db.session.scalar(select(db.func.count()).select_from(LoginAttempt)) == \
        app.config["LOGIN_MAX_FAILURES"] - 1
    assert attempt(user.email, PASSWORD, "192.0.2.1", at) == user


def test_the_lock_ends_with_the_window(app, make_user):
    user = make_user("officer")
    at = fail_until_locked(user.email, "192.0.2.1", app)
    window = timedelta(minutes=app.config["LOGIN_WINDOW_MINUTES"])
    with pytest.raises(TooManyAttempts):
        attempt(user.email, PASSWORD, "192.0.2.1", at + window - timedelta(seconds=1))
    assert attempt(user.email, PASSWORD, "192.0.2.1", at + window) == user


def test_an_unknown_email_costs_one_password_check(app, monkeypatch):
    """The answer takes as long as for a real account: a dummy hash is checked."""
    calls = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):  # noqa: A002
            calls.append(hash)
            return super().verify(hash, password)
    monkeypatch.setattr("tracker.auth.passwords._hasher",
                        Counting(time_cost=1, memory_cost=8, parallelism=1))
    assert attempt("khong-co@example.vn", PASSWORD, "192.0.2.1", NOW) is None
    assert len(calls) == 1 and calls[0].startswith("$argon2")


def test_the_client_address_comes_from_trusted_proxies_only(app, make_user):
    user = make_user("officer")

    def sign_in_through(client, forwarded):
        return client.post("/login", headers={"X-Forwarded-For": forwarded},
                           data={"email": user.email, "password": "sai-mat-khau-roi",
                                 "csrf_token": csrf_token(client)})
    # Without TRUSTED_PROXIES a client cannot pick its address with a header.
    assert sign_in_through(app.test_client(), "198.51.100.1").status_code == 401
    assert db.session.scalar(select(LoginAttempt.remote_addr)) == "127.0.0.1"

    BehindOneProxy = type("BehindOneProxy", (), {
        **{key: value for key, value in app.config.items() if key.isupper()},
        "TRUSTED_PROXIES": 1})
    proxied = create_app(BehindOneProxy)
    with proxied.app_context():
        client = proxied.test_client()
        # The proxy appends the real peer: only the last hop is believed.
        assert sign_in_through(client, "6.6.6.6, 198.51.100.2").status_code == 401
        db.session.remove()
        db.engine.dispose()
    addresses = db.session.scalars(select(LoginAttempt.remote_addr).order_by(
        LoginAttempt.id)).all()
    assert addresses == ["127.0.0.1", "198.51.100.2"]


def test_the_admin_sees_every_lock_out_in_scope(app, client, make_user, two_provinces):
    admin = two_provinces.users["admin"]  # of province A
    officer_x = two_provinces.users["officer_x"]
    coord_b = two_provinces.users["coord_b"]
    fail_until_locked(officer_x.email, "203.0.113.5", app)
    fail_until_locked(coord_b.email, "203.0.113.6", app)
    fail_until_locked("khong-co@example.vn", "203.0.113.7", app)
    login(client, admin)
    page = client.get("/admin/lockouts").get_data(as_text=True)
    assert officer_x.email in page and "203.0.113.5" in page
    assert coord_b.email not in page  # another province's account
    assert "khong-co@example.vn" not in page  # names of no account: the central admin's
    central = make_user("admin", body=two_provinces.root)
    other = app.test_client()
    login(other, central)
    page = other.get("/admin/lockouts").get_data(as_text=True)
    for text in (officer_x.email, coord_b.email, "khong-co@example.vn"):
        assert text in page
    assert client.get("/admin/users").get_data(as_text=True).count("/admin/lockouts") == 1


def test_the_login_page_says_how_long_to_wait(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_DELAY_SECONDS", 600)  # surely not over yet
    user = make_user("officer")
    form = {"email": user.email, "password": "sai-mat-khau-roi"}
    assert client.post("/login", data={**form, "csrf_token": csrf_token(client)}) \
        .status_code == 401
    response = client.post("/login", data={**form, "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 429
    assert "Mật khẩu vừa nhập sai: vui lòng chờ 10 phút rồi thử lại" in \
        response.get_data(as_text=True)
    assert 590 <= int(response.headers["Retry-After"]) <= 600
