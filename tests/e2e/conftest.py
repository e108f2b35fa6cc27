"""End-to-end fixtures: the app served on 127.0.0.1 from a fresh SQLite file holding the
demo data, a real SMTP server (aiosmtpd) on another port, and Debian's Chromium driven by
Playwright. Screenshots go to artifacts/screenshots/.

Without /usr/bin/chromium (or without Playwright) the tests skip and say how to enable them;
with REQUIRE_E2E=1 (CI) they fail instead."""
import logging
import os
import re
import secrets
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler

from tests.conftest import CHEAP_HASHER
from tests.reminders.conftest import SmtpServer

try:
    from playwright.sync_api import expect  # noqa: F401  (the tests import it from here)
except ImportError:  # the browser fixture skips (or fails under REQUIRE_E2E=1) and says why
    expect = None

CHROMIUM = "/usr/bin/chromium"
# As the machine's notes ask: no sandbox as root, and no background traffic to the outside.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_E2E") == "1":
        pytest.fail(f"REQUIRE_E2E=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason}. To run the browser tests: apt-get install chromium "
                f"(and ./scripts/setup dev for Playwright)")


@pytest.fixture(autouse=True)
def _clean_database():
    """The browser tests share the live server's database; the suite's is not touched."""
    yield


@pytest.fixture(scope="package")
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


class LiveServer:
    """The app on a free port of 127.0.0.1, and a way to read its database in a test."""

    def __init__(self, app, url: str, smtp: SmtpServer):
        self.app, self.url, self.smtp = app, url, smtp

    def query(self, fn):
        from tracker.extensions import db
        with self.app.app_context():
            try:
                return fn(db.session)
            finally:
                db.session.remove()

    def subtree(self, body: str) -> set[str]:
        """The names of `body` and of the bodies below it (merged ones included)."""
        from sqlalchemy import select

        from tracker.bodies.models import Body
        return self.query(lambda s: set(s.scalars(
            select(Body.name).where(Body.path.startswith(
                select(Body.path).where(Body.name == body).scalar_subquery())))))

    def assignment_id(self, body: str, title_start: str) -> int:
        """The id of the assignment of `body` whose task title starts with `title_start`."""
        from sqlalchemy import select

        from tracker.assignments.models import Assignment
        from tracker.bodies.models import Body
        from tracker.tasks.models import Task
        return self.query(lambda s: s.scalars(
            select(Assignment.id).join(Body, Body.id == Assignment.body_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Body.name == body, Task.title.startswith(title_start, autoescape=True))
        ).one())


class _ClosingHandler(WSGIRequestHandler):
    """werkzeug's server closes a response (a static file's, say) only after draining the
    request, and a browser that drops the connection makes that drain fail first: the file
    is then left to the garbage collector, whose ResourceWarning fails whichever test runs
    at that moment. Close it when the connection drops."""

    def connection_dropped(self, error, environ=None):
        response = (environ or {}).get("e2e.response")
        if hasattr(response, "close"):
            response.close()


def _keeping_the_response(app):
    def serve(environ, start_response):
        environ["e2e.response"] = response = app(environ, start_response)
        return response
    return serve


@pytest.fixture(scope="package")
def live_server(tmp_path_factory, smtp_server):
    """Migrate a fresh SQLite file, load the demo as of now, serve it in a thread."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from tracker import create_app
    from tracker.config import Config, TestConfig
    from tracker.core.time import utcnow
    from tracker.demo.loader import load_demo
    from tracker.extensions import db

    base = tmp_path_factory.mktemp("e2e")

    class LiveConfig(TestConfig):
        TESTING = False  # errors answer 500 pages, as in production
        SECRET_KEY = secrets.token_hex(32)  # not TESTING: a strong key is required
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'e2e.sqlite3'}"
        INSTANCE_DIR = base / "instance"
        UPLOAD_DIR = INSTANCE_DIR / "uploads"
        SMTP_HOST = "127.0.0.1"
        SMTP_PORT = smtp_server.port
        SMTP_TIMEOUT = 5
        MAX_CONTENT_LENGTH = Config.MAX_CONTENT_LENGTH  # the production limit, as shown

    patch = pytest.MonkeyPatch()
    # Cheap hashes for the whole package (the server's threads outlive each test's own
    # patch): the demo's accounts are created and signed in many times.
    patch.setattr("tracker.auth.passwords._hasher", CHEAP_HASHER)
    app = create_app(LiveConfig)
    with app.app_context():
        upgrade()
        load_demo(now=utcnow())
        db.session.commit()
        db.session.remove()

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, _keeping_the_response(app), threaded=True,
                         request_handler=_ClosingHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield LiveServer(app, url, smtp_server)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()
    patch.undo()


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Session:
    """One signed-in (or anonymous) browser tab, with the checks every test uses."""

    def __init__(self, context, live: LiveServer, name: str):
        self.context, self.live, self.name = context, live, name
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        # A CSP violation or a script error shows up here.
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     and not _expected_console_error(m.text) else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.shots = 0

    def goto(self, path: str):
        return self.page.goto(self.live.url + path)

    def login(self, email: str, password: str | None = None):
        from tracker.demo.loader import DEMO_PASSWORD
        page = self.page
        self.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"^(?!.*/login).*$"))
        return self

    def shot(self, label: str, *, full_page: bool = False):
        """Save a screenshot of the page as artifacts/screenshots/<test>-NN-<label>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = SCREENSHOTS / f"{self.name}-{self.shots:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def axe_violations(self, impacts=("serious", "critical")) -> list[str]:
        """Run axe-core in the page; the violations of these impacts, one line each."""
        page = self.page
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # evaluate() goes through the DevTools protocol, which the CSP does not block;
            # the app itself never loads axe.
            page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate("""() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']},
            resultTypes: ['violations']})""")
        return [f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                            else str(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"] if v["impact"] in impacts]

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the viewport (0 when it fits)."""
        return self.page.evaluate(
            "() => document.scrollingElement.scrollWidth - window.innerWidth")


def _expected_console_error(text: str) -> bool:
    # A page answered with 404 on purpose (a URL outside the user's scope) is logged.
    return "status of 404" in text


@pytest.fixture(scope="package")
def _signed_in_states(browser, live_server):
    """Cookies of a signed-in browser, per account: pages checked one by one need no login
    form each time (the journeys sign in through the form)."""
    states = {}

    def state(email):
        if email not in states:
            context = browser.new_context()
            Session(context, live_server, "login").login(email)
            states[email] = context.storage_state()
            context.close()
        return states[email]
    return state


@pytest.fixture
def open_session(request, browser, live_server, _signed_in_states):
    """open_session(viewport=..., name=..., user=email) -> a new browser context and tab for
    this test (signed in already as `user` if given). The test fails if a page logged a
    script or CSP error."""
    sessions = []

    def open_(viewport=DESKTOP, name=None, user=None):
        context = browser.new_context(viewport=viewport, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True,
                                      storage_state=_signed_in_states(user) if user else None)
        label = name or re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
        session = Session(context, live_server, label)
        sessions.append(session)
        return session

    yield open_
    errors = [e for s in sessions for e in s.errors]
    for session in sessions:
        session.context.close()
    assert not errors, "errors in the browser console:\n" + "\n".join(errors)
