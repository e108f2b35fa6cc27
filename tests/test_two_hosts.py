"""Two web servers behind a load balancer on one PostgreSQL: real gunicorn processes with
their own instance folders, a browser session that lands on either, and two schedulers
that run at once against one SMTP server."""
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import requests
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import _CSRF, PASSWORD, require_postgresql
from tests.reminders.conftest import SmtpServer, free_port
from tracker.assignments.models import Attachment
from tracker.extensions import db
from tracker.reminders.models import OutboxMail
from tracker.tasks.models import Task

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n" + secrets.token_bytes(200_000)


@pytest.fixture
def database_url(app):
    require_postgresql("the hosts share a server")
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def hosts(database_url, smtp_server, tmp_path):
    """Two gunicorn hosts: the same database, SECRET_KEY and settings, their own instance
    folder each (where nothing must be kept that the other host needs)."""
    secret = secrets.token_hex(32)
    started = []
    for name in ("a", "b"):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret,
               "INSTANCE_DIR": str(tmp_path / name), "SMTP_HOST": "127.0.0.1",
               "SMTP_PORT": str(smtp_server.port), "SMTP_TIMEOUT": "5",
               "BASE_URL": f"http://127.0.0.1:{port}", "FLASK_APP": "wsgi",
               # A failed login makes its (account, address) pair wait an hour; two API
               # calls a minute: small enough to see one host count the other's.
               "LOGIN_DELAY_SECONDS": "3600", "API_RATE_LIMIT": "2"}
        env.pop("UPLOAD_DIR", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
             "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(Host(name, port, env, process, tmp_path / name))
    try:
        for host in started:
            host.wait_until_listening()
        yield started
    finally:
        for host in started:
            host.process.terminate()
            host.process.wait(timeout=30)
            host.process.stderr.close()


class Host:
    def __init__(self, name, port, env, process, instance):
        self.name, self.port, self.env, self.process, self.instance = (
            name, port, env, process, instance)
        self.url = f"http://127.0.0.1:{port}"

    def wait_until_listening(self):
        for _ in range(600):  # up to a minute on a busy machine; no assertion on time
            if self.process.poll() is not None:
                pytest.fail(f"host {self.name} stopped: {self.process.stderr.read()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"host {self.name} is not listening")

    def flask(self, *args) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def csrf(session, url) -> str:
    page = session.get(url)
    found = _CSRF.search(page.text)
    assert found, (url, page.status_code, page.url, page.text[:3000])
    return found.group(1)


def sign_in(session, host, user):
    token = csrf(session, f"{host.url}/login")
    response = session.post(f"{host.url}/login", allow_redirects=False,
                            data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.text[:500]


def sheet() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Tên nhiệm vụ", "Số văn bản", "Đơn vị chủ trì", "Hạn hoàn thành"])
    workbook.active.append(["Tập huấn công tác dân vận", "33-CT/TU", "Sở Nội vụ", "31/12/2099"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_two_hosts_share_files_previews_sessions_and_send_each_mail_once(
        hosts, smtp_server, make_body, make_user, make_directive, make_task, make_assignment):
    a, b = hosts
    province = make_body("Tỉnh Lào Cai")
    body = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province, email="chuyenvien@laocai.vn")
    officer = make_user("officer", body=body, email="canbo@sonoivu.vn")
    leader = make_user("leader", body=province, email="lanhdao@laocai.vn")
    directive = make_directive(actor=coordinator, number="33-CT/TU")
    assignments = [make_assignment(task=make_task(directive=directive, actor=coordinator,
                                                  title=f"Nhiệm vụ {n}", due_on=date(2099, 1, 12)),
                                   body=body, due_on=date(2099, 1, 12)) for n in range(3)]
    db.session.commit()
    first = assignments[0]

    # The officer signs in on A, uploads on A, downloads on B (the load balancer's choice).
    browser = requests.Session()
    sign_in(browser, a, officer)
    page = f"/assignments/{first.id}"
    response = browser.post(f"{a.url}{page}/files", allow_redirects=False,
                            data={"csrf_token": csrf(browser, f"{a.url}/profile")},
                            files={"f-file": ("Báo cáo.pdf", PDF, "application/pdf")})
    assert response.status_code == 302, response.text[:500]
    attachment = db.session.scalar(select(Attachment))
    download = browser.get(f"{b.url}{page}/files/{attachment.id}")
    assert download.status_code == 200
    assert download.content == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    assert not any(p.is_file() for p in a.instance.rglob("*") if "uploads" in p.parts)

    # A wrong password on A makes the pair wait on B too (the right password included).
    intruder = requests.Session()
    token = csrf(intruder, f"{a.url}/login")
    failed = intruder.post(f"{a.url}/login", allow_redirects=False, data={
        "email": leader.email, "password": "sai-mat-khau", "csrf_token": token})
    assert failed.status_code != 302
    token = csrf(intruder, f"{b.url}/login")
    waited = intruder.post(f"{b.url}/login", allow_redirects=False, data={
        "email": leader.email, "password": PASSWORD, "csrf_token": token})
    assert waited.status_code == 429 and int(waited.headers["Retry-After"]) > 60

    # The API's calls a minute are counted across hosts: A, B, then A again is refused.
    for _ in range(3):  # a new minute between the calls restarts the count: try again
        minute = int(time.time()) // 60
        answers = [browser.get(f"{host.url}/api/v1/assignments").status_code
                   for host in (a, b, a)]
        if int(time.time()) // 60 == minute:
            break
    assert answers == [200, 200, 429]

    # The coordinator previews a sheet on B and confirms it on A: imported once.
    office = requests.Session()
    sign_in(office, b, coordinator)
    preview = office.post(f"{b.url}/tasks/import",
                          data={"csrf_token": csrf(office, f"{b.url}/tasks/import")},
                          files={"file": ("nhiem-vu.xlsx", sheet())})
    assert preview.status_code == 200, preview.text[:2000]
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    for host, expected in ((a, 302), (b, 404)):
        confirmed = office.post(f"{host.url}/tasks/import/confirm", allow_redirects=False,
                                data={"token": token,
                                      "csrf_token": csrf(office, f"{host.url}/profile")})
        assert confirmed.status_code == expected
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Task)
                             .where(Task.title == "Tập huấn công tác dân vận")) == 1

    # Both schedulers run a pass at the same time: each mail goes out once.
    runs = [host.flask("reminders", "run-once", "--today", "2099-01-05") for host in hosts]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(ids) == len(assignments) and len(set(ids)) == len(ids)
    assert {m["To"] for m in smtp_server.messages} == {officer.email}
    db.session.expire_all()
    sent = db.session.scalars(select(OutboxMail.status)).all()
    assert sent == ["sent"] * len(assignments)
