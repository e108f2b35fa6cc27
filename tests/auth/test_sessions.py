"""Sessions can be revoked: logout, a password change, an admin's reset and deactivation
refuse every older session and remember cookie; idle and absolute timeouts."""
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD, csrf_token, login, post
from tracker.auth.models import User
from tracker.auth.operations import update_user
from tracker.core.time import utcnow
from tracker.extensions import db

NEW_PASSWORD = "Mot-mat-khau-moi-kha-dai"


def copy_cookies(source, target):
    """What a thief who copied the browser's cookies holds."""
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def signed_in(client) -> bool:
    return client.get("/directives/").status_code == 200


def remembered_login(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "remember": "y", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is not None


def test_logout_refuses_a_copied_session_cookie(app, client, make_user):
    user = make_user("coordinator")
    login(client, user)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert signed_in(thief)
    assert post(client, "/logout").status_code == 302
    assert not signed_in(thief)


def test_logout_refuses_an_old_remember_cookie(app, client, make_user):
    user = make_user("coordinator")
    remembered_login(client, user)
    thief = app.test_client()
    thief.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert signed_in(thief)  # the remember cookie alone opens a session
    thief.delete_cookie("session")
    post(client, "/logout")
    assert not signed_in(thief)
    # A new sign-in gets a new remember value (not the same one forever).
    old = client.get_cookie("remember_token")
    remembered_login(client, user)
    assert old is None or client.get_cookie("remember_token").value != old.value


def test_a_password_change_signs_out_other_browsers_but_not_this_one(app, client, make_user):
    user = make_user("coordinator")
    login(client, user)
    other = app.test_client()
    remembered_login(other, user)
    response = post(client, "/profile", {"current_password": PASSWORD,
                                         "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other)


@pytest.mark.parametrize("change", [{"password": NEW_PASSWORD}, {"active": False}])
def test_an_admin_reset_or_lock_signs_the_user_out(app, client, make_user, change):
    user = make_user("officer")
    admin = make_user("admin", body=user.body)
    remembered_login(client, user)
    assert client.get("/assignments/").status_code == 200
    data = {"email": user.email, "full_name": user.full_name, "position": "",
            "role": user.role, "body": user.body, "active": True, **change}
    update_user(db.session.get(User, user.id), data, actor=admin, now=utcnow())
    db.session.commit()
    assert client.get("/assignments/").status_code == 302


def test_an_idle_session_ends(app, client, make_user):
    user = make_user("coordinator")
    login(client, user)
    idle = app.config["SESSION_IDLE_MINUTES"]
    assert idle == 8 * 60
    with client.session_transaction() as session:
        session["_last_seen"] = int(utcnow().timestamp()) - (idle - 1) * 60
    assert signed_in(client)  # and the visit counts as activity
    with client.session_transaction() as session:
        session["_last_seen"] = int(utcnow().timestamp()) - idle * 60 - 1
    response = client.get("/directives/", follow_redirects=True)
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_session_ends_at_its_absolute_age_even_when_active(app, client, make_user):
    user = make_user("coordinator")
    login(client, user)
    max_age = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    stamp = int((utcnow() - max_age).timestamp()) - 1
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_generation}:{stamp}"
    assert not signed_in(client)


def test_a_remember_cookie_ends_at_the_absolute_age_too(app, make_user):
    """The browser drops it after REMEMBER_COOKIE_DURATION; the server refuses it anyway."""
    from flask_login.utils import encode_cookie
    user = make_user("coordinator")
    max_age = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    assert app.config["REMEMBER_COOKIE_DURATION"] == max_age
    with app.test_request_context():
        fresh = encode_cookie(f"{user.id}:0:{int(utcnow().timestamp())}")
        stale = encode_cookie(f"{user.id}:0:{int((utcnow() - max_age).timestamp()) - 1}")
    browser = app.test_client()
    browser.set_cookie("remember_token", fresh)
    assert signed_in(browser)
    browser = app.test_client()
    browser.set_cookie("remember_token", stale)
    assert not signed_in(browser)


def test_a_forged_old_format_cookie_is_refused(app, client, make_user):
    """The user id alone (what the session held before generations) opens nothing."""
    user = make_user("coordinator")
    login(client, user)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert not signed_in(client)


def test_an_admin_reset_lists_the_users_api_tokens(app, client, make_user):
    from tracker.api.operations import create_token
    user = make_user("officer")
    admin = make_user("admin", body=user.body)
    create_token(user, {"name": "Bảng tính tổng hợp", "read_only": True}, now=utcnow())
    db.session.commit()
    login(client, admin)
    page = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Bảng tính tổng hợp" in page
    response = post(client, f"/admin/users/{user.id}/edit",
                    {"email": user.email, "full_name": user.full_name, "role": "officer",
                     "body_id": user.body_id, "active": "y", "password": NEW_PASSWORD},
                    follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "còn mã truy cập API đang hoạt động" in text and "Bảng tính tổng hợp" in text
