"""Configuration read from environment variables, with defaults that work out of the box."""
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))
    # No default: create_app refuses to start without a strong one (tracker/core/security.py);
    # `./run` makes a random one for the demo and keeps it in the instance folder.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.sqlite3'}"
    )
    # No pool_pre_ping: tracker/core/database.py checks the connections that sat idle.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))
    # Where attachments live: "database" (every web server on the database sees them) or
    # "directory" (UPLOAD_DIR, which several web servers must then share as one mount).
    FILE_STORE = os.environ.get("FILE_STORE", "database")
    # Reports are Word/PDF files and scans; 20 MB is generous and still guards the disk.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
    ALLOWED_UPLOAD_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "jpeg", "png"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SECURE_COOKIES")
    REMEMBER_COOKIE_DURATION = timedelta(
        hours=int(os.environ.get("SESSION_MAX_HOURS", str(7 * 24))))
    PREFERRED_URL_SCHEME = "https" if _bool("SECURE_COOKIES") else "http"

    WTF_CSRF_TIME_LIMIT = None  # a form left open all morning must still submit
    BOOTSTRAP_SERVE_LOCAL = True  # government intranets are often offline: no CDN
    BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "vi")
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Lock-out per (account, client address) pair: each failure makes the pair wait twice
    # as long before its next try, and LOGIN_MAX_FAILURES in the window lock that pair only.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    LOGIN_DELAY_SECONDS = int(os.environ.get("LOGIN_DELAY_SECONDS", "2"))
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (ProxyFix);
    # 0 = none, the address is the TCP peer's.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # A session ends after this much inactivity, and in any case this long after sign-in
    # (the remember cookie too).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", str(8 * 60)))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", str(7 * 24)))
    # JSON API calls per user (or per address, without a token) and minute, counted in the
    # database so that every host shares the count.
    API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "300"))
    PAGE_SIZE = 25
    # An export reads its rows this many at a time (a server-side cursor on PostgreSQL) and
    # writes each to the workbook as it comes, so a worker's memory does not grow with rows.
    EXPORT_BATCH = 1000
    # Giao tiếp cho cấp dưới: the sub-deadline proposed this many working days before the
    # deadline of the assignment forwarded (the forwarding body needs time to gather).
    FORWARD_LEAD_WORKING_DAYS = int(os.environ.get("FORWARD_LEAD_WORKING_DAYS", "5"))
    # The assign and forward forms list every body of their scope up to this many; beyond,
    # a search box asks for a page of matches at a time (tracker/bodies/picker.py).
    BODY_PICKER_INLINE_MAX = int(os.environ.get("BODY_PICKER_INLINE_MAX", "150"))
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # A body's secret link (mailed to its contact address) opens until this many days after
    # the assignment's deadline in force.
    LINK_DAYS_AFTER_DEADLINE = int(os.environ.get("LINK_DAYS_AFTER_DEADLINE", "14"))
    LINK_RATE_LIMIT = int(os.environ.get("LINK_RATE_LIMIT", "60"))  # a minute, per address

    SMTP_HOST = os.environ.get("SMTP_HOST", "127.0.0.1")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = _bool("SMTP_STARTTLS")
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "20"))
    SMTP_INLINE_TIMEOUT = 5.0  # a web request sending an urge at once waits no longer
    MAIL_FROM = os.environ.get("MAIL_FROM", "Theo dõi nhiệm vụ dân vận <theodoi@localhost>")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"  # TESTING: the strength check does not apply
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True  # tests send the token like a browser does
    MAX_CONTENT_LENGTH = 1024 * 1024
    BASE_URL = "http://localhost"
    API_RATE_LIMIT = 100_000  # the API tests' fuzzing is fast; tests/api/test_rate_limit.py
