"""A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, started by the tests."""
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from tracker.extensions import db


class Inbox:
    """Collects what the server receives; can refuse like a failing server would."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.answer: str | None = None  # e.g. "451 4.3.0 try later" or "550 no such user"
        self.refuse_recipients: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_recipients:
            return "550 5.1.1 Không có hộp thư này"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.answer:
            return self.answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def clear(self):
        self.messages.clear()
        self.envelopes.clear()

    def by_recipient(self, address: str):
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer(Inbox):
    """The server itself: stop() and start() again on the same port, for outages."""

    def __init__(self):
        super().__init__()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    """Start the server and point the app at it."""
    server = SmtpServer()
    server.start()
    saved = {k: app.config[k] for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TIMEOUT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TIMEOUT=5)
    yield server
    server.stop()
    app.config.update(saved)


class World:
    """Province Lào Cai: a coordinator and a leader at the province, Sở Nội vụ with an
    officer, and a task of a 33-CT/TU directive to assign."""

    def __init__(self, make_body, make_user, make_directive, make_task, make_assignment):
        self.province = make_body("Tỉnh Lào Cai")
        self.body = make_body("Sở Nội vụ", parent=self.province, kind="so_nganh")
        self.other_body = make_body("Sở Tư pháp", parent=self.province, kind="so_nganh")
        self.coordinator = make_user("coordinator", body=self.province,
                                     email="chuyenvien@laocai.vn", full_name="Nguyễn Văn An")
        self.leader = make_user("leader", body=self.province, email="lanhdao@laocai.vn",
                                full_name="Lý Thị Hoa")
        self.officer = make_user("officer", body=self.body, email="canbo@sonoivu.vn",
                                 full_name="Trần Thị Bình")
        self.other_officer = make_user("officer", body=self.other_body,
                                       email="canbo@sotuphap.vn", full_name="Phạm Văn Cường")
        self.directive = make_directive(actor=self.coordinator, number="33-CT/TU")
        self._make_task, self._make_assignment = make_task, make_assignment

    def finish(self, assignment, *, at):
        """The body's officer submits the report and the coordinator accepts it."""
        from tracker.assignments import operations as work
        officer = self.officer if assignment.body_id == self.body.id else self.other_officer
        work.submit_report(assignment, note="Đã hoàn thành", version=None, actor=officer,
                           now=at)
        work.accept_report(assignment, note="", actor=self.coordinator, now=at)
        db.session.commit()

    def extend(self, assignment, to, *, at):
        """The body's officer asks for a later deadline and the coordinator grants it."""
        from tracker.assignments import operations as work
        officer = self.officer if assignment.body_id == self.body.id else self.other_officer
        work.decide_extension(work.request_extension(
            assignment, {"requested_due_on": to, "reason": "Chờ số liệu cấp xã"},
            actor=officer, now=at), assignment, grant=True, note="",
            actor=self.coordinator, now=at)
        db.session.commit()

    def assign(self, *, due_on, body=None, title="Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU"):
        task = self._make_task(directive=self.directive, actor=self.coordinator, title=title,
                               due_on=due_on)
        return self._make_assignment(task=task, body=body or self.body, due_on=due_on)


@pytest.fixture
def world(make_body, make_user, make_directive, make_task, make_assignment):
    return World(make_body, make_user, make_directive, make_task, make_assignment)


@pytest.fixture
def no_event_mails(world):
    """The people of the world turned the mails on events off (each has its own switch;
    the mail of a returned report has none): tests of reminders count reminders only.
    The event mails are tested in test_event_mails.py."""
    for user in (world.coordinator, world.leader, world.officer, world.other_officer):
        user.mail_on_submitted = user.mail_on_accepted = user.mail_on_extension = False
    db.session.commit()
