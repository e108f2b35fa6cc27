"""The UI goes through Flask-Babel: Vietnamese is the source language, and a catalogue for
another language changes what the pages say, without touching templates or code."""
import re
from datetime import datetime, timezone

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tracker import create_app
from tracker.config import TestConfig
from tracker.extensions import db

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)
PASSWORD = "mat-khau-thu-nghiem"
ENGLISH = {
    "Đăng nhập": "Sign in",
    "Văn bản chỉ đạo": "Directives",
    "Mật khẩu": "Password",  # a lazy form label
    "Mật khẩu: không được để trống.": "Password: required.",  # a lazy validator message
    "Vui lòng đăng nhập để tiếp tục.": "Please sign in to continue.",  # Flask-Login's flash
    "Chuyên viên Ban Dân vận": "Coordinator",  # a lazy label in a model's dictionary
}
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="module")
def translations(tmp_path_factory):
    """A translations directory holding a small compiled English catalogue."""
    directory = tmp_path_factory.mktemp("translations")
    catalog = Catalog(locale="en")
    for msgid, msgstr in ENGLISH.items():
        catalog.add(msgid, msgstr)
    target = directory / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo_file:
        write_mo(mo_file, catalog)
    return directory


def _app(tmp_path_factory, translations, locale: str):
    base = tmp_path_factory.mktemp(f"i18n-{locale}")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'i18n.sqlite3'}"
        INSTANCE_DIR = base / "instance"
        UPLOAD_DIR = base / "instance" / "uploads"
        BABEL_DEFAULT_LOCALE = locale
        BABEL_TRANSLATION_DIRECTORIES = str(translations)

    app = create_app(Config)
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
    return app


@pytest.fixture(scope="module")
def english_app(tmp_path_factory, translations):
    app = _app(tmp_path_factory, translations, "en")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def vietnamese_app(tmp_path_factory, translations):
    app = _app(tmp_path_factory, translations, "vi")
    yield app
    with app.app_context():
        db.engine.dispose()


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_login_page_in_english(english_app):
    page = _text(english_app.test_client().get("/login"))
    assert "<title>Sign in ·" in page
    assert '<h1 class="h3 mb-3">Sign in</h1>' in page
    assert ">Password</label>" in page
    assert "Đăng nhập" not in page
    assert '<html lang="en">' in page
    # Texts the small catalogue does not translate fall back to the Vietnamese source.
    assert "Ghi nhớ đăng nhập" in page


def test_login_page_in_vietnamese(vietnamese_app):
    page = _text(vietnamese_app.test_client().get("/login"))
    assert "<title>Đăng nhập ·" in page
    assert '<h1 class="h3 mb-3">Đăng nhập</h1>' in page
    assert ">Mật khẩu</label>" in page
    assert "Sign in" not in page
    assert '<html lang="vi">' in page


def test_validator_messages_and_flashes_follow_the_language(english_app, vietnamese_app):
    for app, required, please in (
            (english_app, "Password: required.", "Please sign in to continue."),
            (vietnamese_app, "Mật khẩu: không được để trống.",
             "Vui lòng đăng nhập để tiếp tục.")):
        client = app.test_client()
        token = _CSRF.search(_text(client.get("/login"))).group(1)
        response = client.post("/login", data={"email": "a@example.vn", "csrf_token": token})
        assert response.status_code == 422
        assert required in _text(response)
        assert please in _text(client.get("/directives/", follow_redirects=True))


def test_signed_in_pages_in_english(english_app, monkeypatch):
    from argon2 import PasswordHasher
    monkeypatch.setattr("tracker.auth.passwords._hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with english_app.app_context():
        from tracker.auth.operations import create_user
        from tracker.bodies.operations import create_body
        body = create_body({"name": "Tỉnh Lào Cai", "kind": "dia_phuong", "level": "tinh",
                            "short_name": ""}, parent=None, actor=None, now=NOW)
        create_user({"email": "coordinator@example.vn", "full_name": "Chuyên viên",
                     "role": "coordinator", "body": body, "password": PASSWORD},
                    actor=None, now=NOW)
        db.session.commit()
        db.session.remove()
    client = english_app.test_client()
    token = _CSRF.search(_text(client.get("/login"))).group(1)
    response = client.post("/login", data={"email": "coordinator@example.vn",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    page = _text(client.get("/directives/"))
    assert "<title>Directives ·" in page
    assert '<h1 class="h3 mb-0">Directives</h1>' in page
    assert "Chuyên viên · Coordinator" in page  # the role label from auth.models.ROLES
