"""The UI goes through Flask-Babel: Vietnamese is the source language, and a catalogue for
another language changes what the pages say, without touching templates or code."""
import re
from datetime import date, datetime, timezone

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
    "Chuyên viên Ban Tuyên giáo và Dân vận": "Coordinator",  # a lazy label in a model's dictionary
    # Messages of operations, built with gettext when they raise:
    "Số, ký hiệu: %(issuer)s đã có văn bản số %(number)s trong hệ thống.":
        "Number: %(issuer)s already has a directive numbered %(number)s.",
    "Ngày nghỉ: %(day)s đã có trong danh sách.": "Day off: %(day)s is already listed.",
    "Địa phương (tỉnh, huyện, xã)": "Locality (province, district, commune)",  # BODY_KINDS
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


def _signed_in(app, email: str):
    """A test client signed in as a new coordinator of a new province (its own body, so
    that tests sharing the module's database do not meet)."""
    with app.app_context():
        from tracker.auth.operations import create_user
        from tracker.bodies.operations import create_body
        body = create_body({"name": "Tỉnh Lào Cai", "kind": "dia_phuong", "level": "tinh",
                            "short_name": ""}, parent=None, actor=None, now=NOW)
        create_user({"email": email, "full_name": "Chuyên viên", "role": "coordinator",
                     "body": body, "password": PASSWORD}, actor=None, now=NOW)
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    token = _CSRF.search(_text(client.get("/login"))).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


def test_signed_in_pages_in_english(english_app):
    client = _signed_in(english_app, "coordinator@example.vn")
    page = _text(client.get("/directives/"))
    assert "<title>Directives ·" in page
    assert '<h1 class="h3 mb-0">Directives</h1>' in page
    assert "Chuyên viên · Coordinator" in page  # the role label from auth.models.ROLES


def test_operation_messages_outside_a_request_use_the_default_locale(english_app,
                                                                    vietnamese_app):
    """The CLI, the scheduler and tests call operations in a plain app context: their
    messages come out in the instance's language (BABEL_DEFAULT_LOCALE)."""
    from flask import has_request_context

    from tracker.core.errors import ValidationError
    from tracker.reminders.operations import add_holiday
    for app, expected in ((english_app, "Day off: 02/09/2026 is already listed."),
                          (vietnamese_app, "Ngày nghỉ: 02/09/2026 đã có trong danh sách.")):
        with app.app_context():
            assert not has_request_context()
            add_holiday(date(2026, 9, 2), "Quốc khánh", actor=None, now=NOW)
            with pytest.raises(ValidationError) as caught:
                add_holiday(date(2026, 9, 2), "Quốc khánh", actor=None, now=NOW)
            db.session.rollback()
        assert caught.value.errors == {"day": expected}


def test_an_operations_error_shows_in_english(english_app):
    """A ValidationError raised by create_directive reaches the page in the page's language,
    its placeholders filled in."""
    client = _signed_in(english_app, "registrar@example.vn")
    form = {"number": "33-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
            "issued_on": "30/10/2017", "title": "Phòng, chống tảo hôn", "summary": "",
            "parent_id": "0", "version": ""}

    def register():
        token = _CSRF.search(_text(client.get("/directives/new"))).group(1)
        return client.post("/directives/new", data={**form, "csrf_token": token})
    assert register().status_code == 302
    response = register()
    assert response.status_code == 422
    page = _text(response)
    assert "Number: Tỉnh ủy Lào Cai already has a directive numbered 33-CT/TU." in page
    assert "đã có văn bản số" not in page


def test_body_labels_translate_but_the_import_file_stays_vietnamese(english_app):
    """BODY_KINDS are lazy labels shown in the page's language; the import template and the
    words an imported file may use stay Vietnamese."""
    import io

    from openpyxl import load_workbook

    from tracker.bodies.importer import KIND_LABELS, template_workbook
    from tracker.bodies.models import BODY_KINDS, Body
    with english_app.app_context():
        assert str(BODY_KINDS["dia_phuong"]) == "Locality (province, district, commune)"
        assert Body(kind="dia_phuong").kind_label == "Locality (province, district, commune)"
        content = template_workbook()
    assert KIND_LABELS["dia_phuong"] == "Địa phương (tỉnh, huyện, xã)"
    workbook = load_workbook(io.BytesIO(content))
    assert workbook["Danh sách đơn vị"]["C2"].value == "Địa phương (tỉnh, huyện, xã)"
    assert workbook["Danh mục"]["A2"].value == "Địa phương (tỉnh, huyện, xã)"
