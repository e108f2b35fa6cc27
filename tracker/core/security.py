"""What the app enforces on every request and at start: a strong SECRET_KEY, the client
address through trusted proxies only, no NUL bytes in forms, and the security headers."""
import secrets

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Values seen in examples and older versions of this app: never a production key.
KNOWN_WEAK_KEYS = {"dev-only-change-me", "test", "secret", "changeme", "change-me",
                   "bench-secret-key"}
MIN_KEY_LENGTH = 32


class InsecureConfiguration(RuntimeError):
    """The app must not start: the message says which setting to fix and how."""


def weak_secret_key_reason(key) -> str | None:
    """Why `key` cannot sign production sessions, or None when it is strong enough."""
    if not key:
        return "SECRET_KEY is not set"
    key = key.decode("latin-1") if isinstance(key, bytes) else str(key)
    if key.strip().lower() in KNOWN_WEAK_KEYS:
        return "SECRET_KEY is a published example value"
    if len(key) < MIN_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_KEY_LENGTH} characters"
    if len(set(key)) < 10:  # "aaaa…" or "0101…": long but guessable
        return "SECRET_KEY repeats too few different characters"
    return None


def require_secret_key(app: Flask) -> None:
    """Refuse to run with a missing or weak SECRET_KEY: a forged session or remember cookie
    would open every page. Tests and `flask --debug` get a random key for the process."""
    reason = weak_secret_key_reason(app.config.get("SECRET_KEY"))
    if reason is None:
        return
    if app.testing or app.debug:
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise InsecureConfiguration(
        f"{reason}: refusing to start. Set SECRET_KEY to a random value of at least "
        f"{MIN_KEY_LENGTH} characters, e.g. "
        "export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')")


def _form_has_nul() -> bool:
    # PostgreSQL cannot store U+0000 in text (psycopg raises, the page answered 500).
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.form.lists())


def init_app(app: Flask) -> None:
    require_secret_key(app)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Only that many X-Forwarded-* hops are believed: a client cannot pick its address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.before_request
    def _refuse_nul_bytes():
        if request.method in {"POST", "PUT", "PATCH"} and request.mimetype in {
                "application/x-www-form-urlencoded", "multipart/form-data"} \
                and _form_has_nul():
            abort(400)
        if any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.args.lists()):
            abort(400)

    @app.before_request
    def _api_rate_limit():
        """At most API_RATE_LIMIT calls a minute for one token, signed-in user or address,
        counted in the database so that every web host shares the count."""
        if not request.path.startswith("/api/"):
            return None
        from tracker.core.ratelimit import hit
        from tracker.core.time import utcnow
        now = utcnow()
        calls = hit(_api_caller(), now=now)
        if calls <= app.config["API_RATE_LIMIT"]:
            return None
        from flask import g
        from flask_babel import gettext
        g.retry_after = 60 - int(now.timestamp()) % 60  # the window's end
        abort(429, description=gettext(
            "Quá %(n)s lần gọi API trong một phút. Vui lòng thử lại sau %(s)s giây.",
            n=app.config["API_RATE_LIMIT"], s=g.retry_after))

    @app.after_request
    def _security_headers(response):
        from flask import g
        headers = response.headers
        if g.get("retry_after") and response.status_code == 429:
            headers["Retry-After"] = str(g.retry_after)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
        if app.config.get("SESSION_COOKIE_SECURE"):
            # Only when served over HTTPS (SECURE_COOKIES=1): a browser then never tries
            # plain HTTP again for a year.
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if _signed_in() and not request.path.startswith("/static/"):
            # A page for one user is never kept by a shared or back-button cache.
            headers["Cache-Control"] = "no-store"
        return response


def _api_caller() -> str:
    """Who the API's rate limit counts: a token (by its digest: the secret is never
    stored), a signed-in browser's user, or else the client address."""
    import hashlib

    from flask import session
    header = request.headers.get("Authorization", "").strip()
    if header:
        return "api:token:" + hashlib.sha256(header.encode()).hexdigest()[:40]
    user_id = str(session.get("_user_id", "")).split(":", 1)[0]
    if user_id:
        return f"api:user:{user_id}"
    return f"api:addr:{request.remote_addr or ''}"


def _signed_in() -> bool:
    from flask import g

    from tracker.extensions import login_manager
    user = g.get("_login_user")  # only what this request loaded: never load a user here
    return bool(login_manager and user is not None and user.is_authenticated)
