"""Personal API tokens: made on the tokens page (/profile/tokens, linked from the profile)
and shown once, kept only as a hash, used with the user's own permissions, read-only if
asked, revoked from that page."""
import hashlib
import re

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.conftest import NOW, login, post
from tracker.api.models import ApiToken
from tracker.extensions import db

_SECRET = re.compile(r'id="new-api-token">(tdv_[A-Za-z0-9_-]+)<')


def _create(client, name="Kết nối iOffice", read_only=False):
    data = {"name": name}
    if read_only:
        data["read_only"] = "y"
    response = post(client, "/profile/tokens", data)
    assert response.status_code == 200
    match = _SECRET.search(response.get_data(as_text=True))
    assert match, "the new token is shown"
    return response, match.group(1)


def test_a_token_is_shown_once_and_kept_only_as_a_hash(client, world):
    login(client, world.users["officer_x"])
    response, secret = _create(client)
    assert response.headers["Cache-Control"] == "no-store"
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Kết nối iOffice"))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in vars(token).values()}
    assert token.hint == secret[:8] and not token.read_only
    page = client.get("/profile/tokens").get_data(as_text=True)
    assert secret not in page and "Kết nối iOffice" in page and token.hint in page
    assert "/profile/tokens" in client.get("/profile").get_data(as_text=True)


def test_a_token_acts_with_the_user_permissions_and_notes_its_use(client, world):
    login(client, world.users["officer_x"])
    _, secret = _create(client)
    client.post("/logout", data={"csrf_token": _csrf(client)})
    api = client.application.test_client()
    mine = api.get(f"/api/v1/assignments/{world.open_id}", headers=bearer(secret))
    assert mine.status_code == 200 and "Set-Cookie" not in mine.headers
    other = api.get("/api/v1/bodies", headers=bearer(secret)).get_json()
    assert [b["id"] for b in other["items"]] == [world.x.id]
    db.session.expire_all()
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Kết nối iOffice"))
    assert token.last_used_at is not None


def _csrf(client):
    from tests.conftest import csrf_token
    return csrf_token(client, "/profile")


def test_a_read_only_token_reads_and_is_refused_writes(client, world):
    login(client, world.users["officer_x"])
    _, secret = _create(client, "Chỉ đọc", read_only=True)
    assert "Chỉ đọc" in client.get("/profile/tokens").get_data(as_text=True)
    api = client.application.test_client()
    assert api.get(f"/api/v1/assignments/{world.open_id}",
                   headers=bearer(secret)).status_code == 200
    refused = api.post(f"/api/v1/assignments/{world.open_id}/progress", headers=bearer(secret),
                       json={"progress": 50, "version": world.open_version})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"


def test_a_revoked_token_answers_401(client, world):
    login(client, world.users["officer_x"])
    _, secret = _create(client)
    api = client.application.test_client()
    assert api.get("/api/v1/bodies", headers=bearer(secret)).status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Kết nối iOffice"))
    response = post(client, f"/profile/tokens/{token.id}/revoke")
    assert response.status_code == 302 and response.headers["Location"] == "/profile/tokens"
    refused = api.get("/api/v1/bodies", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Đã thu hồi" in client.get("/profile/tokens").get_data(as_text=True)


@pytest.mark.parametrize("header", ["Bearer", "Bearer tdv_not-a-token", "Basic dXNlcjpwYXNz",
                                    "tdv_only-the-secret"])
def test_a_bad_authorization_header_answers_401(client, world, header):
    response = client.get("/api/v1/bodies", headers={"Authorization": header})
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_a_locked_account_token_answers_401(client, world):
    user = world.users["officer_x"]
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/bodies",
                      headers=bearer(world.tokens["officer_x"])).status_code == 401


def test_a_token_does_not_open_the_pages(client, world):
    """Tokens are for the API; pages keep their session login (and CSRF)."""
    response = client.get("/assignments/", headers=bearer(world.tokens["coord_a"]))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_token_name_is_required(client, world):
    login(client, world.users["officer_x"])
    response = post(client, "/profile/tokens", {"name": "  "})
    assert response.status_code == 422
    assert "Tên mã truy cập: không được để trống." in response.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken).where(ApiToken.name == "")) is None


def test_the_creation_and_revocation_are_in_the_user_history(world):
    from tracker.api.operations import create_token, revoke_token
    from tracker.history.queries import history_of
    user = world.users["leader_a"]
    token, _ = create_token(user, {"name": "Bảng tính"}, now=NOW)
    revoke_token(token, actor=user, now=NOW)
    actions = [entry.action for entry in history_of("user", user.id)]
    assert {"api_token_created", "api_token_revoked"} <= set(actions)
