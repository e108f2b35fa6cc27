"""What every request and the start of the app enforce: a strong SECRET_KEY, no NUL bytes,
page numbers that fit, safe redirects, and the security headers."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, csrf_token, login, post
from tracker import create_app
from tracker.config import Config
from tracker.core.security import InsecureConfiguration

ROOT = Path(__file__).resolve().parents[2]
STRONG = "9f2c4e7a1b3d5f60" * 4


def production_config(tmp_path, key):
    return type("Production", (Config,), {
        "SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        "INSTANCE_DIR": tmp_path, "UPLOAD_DIR": tmp_path / "uploads"})


@pytest.mark.parametrize("key", [None, "", "dev-only-change-me", "test", "short-key",
                                 "a" * 64])
def test_the_app_refuses_to_start_without_a_strong_secret_key(tmp_path, key):
    with pytest.raises(InsecureConfiguration, match="SECRET_KEY"):
        create_app(production_config(tmp_path, key))


def test_a_strong_secret_key_starts_the_app(tmp_path):
    app = create_app(production_config(tmp_path, STRONG))
    assert app.config["SECRET_KEY"] == STRONG
    with app.app_context():
        from tracker.extensions import db
        db.engine.dispose()


@pytest.mark.parametrize("command", [["jobs", "run"], ["routes"]])
def test_the_scheduler_and_the_web_app_refuse_to_start_without_secret_key(tmp_path, command):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "FLASK_DEBUG", "DATABASE_URL"}}
    env.update(INSTANCE_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY is not set: refusing to start" in result.stderr


def test_run_makes_a_random_key_and_keeps_it_in_the_instance_folder():
    script = (ROOT / "run").read_text()
    assert "secrets.token_hex(32)" in script and "instance/secret_key" in script


@pytest.mark.parametrize("field", ["email", "password"])
def test_a_nul_byte_in_a_form_is_a_bad_request(client, field):
    data = {"email": "a@example.vn", "password": PASSWORD, "csrf_token": csrf_token(client)}
    data[field] = data[field] + "\x00x"
    assert client.post("/login", data=data).status_code == 400


def test_a_nul_byte_in_a_search_is_a_bad_request(client, make_user):
    login(client, make_user("coordinator"))
    assert client.get("/directives/?q=a%00b").status_code == 400
    assert client.get("/directives/?q=ab").status_code == 200


@pytest.mark.parametrize("page", [str(2**63), str(2**64 + 1), "9" * 40])
def test_a_huge_page_number_shows_the_last_page(client, make_user, page):
    login(client, make_user("admin"))
    assert client.get(f"/directives/?page={page}").status_code == 200
    assert client.get(f"/admin/users?page={page}").status_code == 200


@pytest.mark.parametrize("target", ["/tasks/\r\nSet-Cookie: x=1", "/tasks/\n", "/a\x7fb"])
def test_next_with_a_line_break_goes_home(client, make_user, target):
    user = make_user("coordinator")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signed_in_pages_are_never_cached(client, make_user):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login(client, make_user("coordinator"))
    for url in ("/directives/", "/profile", "/tasks/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_the_csp_forbids_framing_foreign_forms_and_base(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    for directive in ("frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'",
                      "default-src 'self'"):
        assert directive in policy


def test_hsts_only_when_cookies_are_secure(client, app, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_profile_still_works_after_these_checks(client, make_user):
    login(client, make_user("coordinator"))
    assert post(client, "/profile/mail", {"reminder_mails": "y"}).status_code == 302
