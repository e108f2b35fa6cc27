"""SMTP faults, outages of the scheduler, and two schedulers at once: nothing is lost and
no mail key is sent twice."""
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import require_postgresql
from tracker.assignments import operations as work
from tracker.core.mail import SmtpMailer, SmtpSettings
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.delivery import claim, deliver_outbox, send_claimed
from tracker.reminders.mails import compose
from tracker.reminders.models import OutboxMail
from tracker.reminders.operations import retry_mail
from tracker.reminders.passes import run_pass, simulated_now

# Reminders only: the mails on submissions, acceptances and extensions are not counted.
pytestmark = pytest.mark.usefixtures("no_event_mails")

DAY = date(2026, 12, 3)  # Thursday; a deadline of 10/12 gets its 7-day reminder today


def statuses():
    return dict(db.session.execute(
        select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())


def test_smtp_down_then_up_loses_nothing(app, smtp, world):
    world.assign(due_on=date(2026, 12, 10))
    smtp.stop()
    now = simulated_now(DAY)
    planned, delivered = run_pass(now=now, today=DAY)
    db.session.commit()
    assert planned == {"before": 1} and delivered == {"retry": 1}
    row = db.session.scalar(select(OutboxMail))
    assert row.status == "pending" and row.attempts == 1
    assert "Không kết nối được máy chủ thư" in row.last_error
    assert row.next_attempt_at == now + timedelta(minutes=5)

    assert deliver_outbox(now=now + timedelta(minutes=1)) == {}  # backoff not over yet
    smtp.start()
    assert deliver_outbox(now=now + timedelta(minutes=6)) == {"sent": 1}
    assert len(smtp.messages) == 1 and statuses() == {"sent": 1}


def test_temporary_answer_is_retried_with_growing_backoff(app, smtp, world):
    world.assign(due_on=date(2026, 12, 10))
    smtp.answer = "451 4.3.0 Máy chủ bận, thử lại sau"
    now = simulated_now(DAY)
    run_pass(now=now, today=DAY)
    assert deliver_outbox(now=now + timedelta(minutes=5)) == {"retry": 1}
    row = db.session.scalar(select(OutboxMail))
    assert row.attempts == 2 and row.next_attempt_at == now + timedelta(minutes=15)
    assert "451" in row.last_error
    smtp.answer = None
    assert deliver_outbox(now=now + timedelta(minutes=15)) == {"sent": 1}


def test_permanent_answer_fails_with_the_reason_and_admin_can_retry(app, smtp, world):
    world.assign(due_on=date(2026, 12, 10))
    smtp.refuse_recipients.add("canbo@sonoivu.vn")
    now = simulated_now(DAY)
    _, delivered = run_pass(now=now, today=DAY)
    assert delivered == {"failed": 1}
    row = db.session.scalar(select(OutboxMail))
    assert row.status == "failed" and "550" in row.last_error
    assert deliver_outbox(now=now + timedelta(days=1)) == {}  # failed rows stay failed

    smtp.refuse_recipients.clear()
    retry_mail(row, actor=world.coordinator, now=now + timedelta(hours=1))
    db.session.commit()
    assert deliver_outbox(now=now + timedelta(hours=1)) == {"sent": 1}


def test_outage_of_several_days_catches_up_each_reminder_once(app, smtp, world):
    """Down from Thursday 03/12 to Wednesday 09/12: the overdue reminder of `late` comes
    once (the latest one), with its copy; its missed 3-day, 1-day and due-today reminders
    are not sent now that the deadline has passed; nothing for `finished`."""
    run_pass(now=simulated_now(date(2026, 12, 2)), today=date(2026, 12, 2))
    world.assign(due_on=date(2026, 12, 7), title="Việc quá hạn trong lúc máy dừng")
    finished = world.assign(due_on=date(2026, 12, 8), title="Việc xong trong lúc máy dừng")
    db.session.commit()
    at = simulated_now(date(2026, 12, 4))
    work.submit_report(finished, note="", version=None, actor=world.officer, now=at)
    work.accept_report(finished, note="", actor=world.coordinator, now=at)
    db.session.commit()

    smtp.clear()
    planned, delivered = run_pass(now=simulated_now(date(2026, 12, 9)), today=date(2026, 12, 9))
    db.session.commit()
    subjects = sorted((m["To"], m["Subject"].split("]")[0] + "]") for m in smtp.messages)
    assert subjects == [
        ("canbo@sonoivu.vn", "[Quá hạn 2 ngày]"),      # overdue, planned for 08/12
        ("chuyenvien@laocai.vn", "[Bản sao – quá hạn 2 ngày]"),
    ]
    assert all(str(finished.id) not in m.get_body(("plain",)).get_content().split("/")[-1]
               for m in smtp.messages)
    assert delivered == {"sent": 2}
    # The next day plans only that day, not the outage again.
    smtp.clear()
    run_pass(now=simulated_now(date(2026, 12, 10)), today=date(2026, 12, 10))
    assert [m["Subject"][:10] for m in smtp.messages] == []


def test_rerunning_a_pass_sends_nothing_twice(app, smtp, world):
    world.assign(due_on=date(2026, 12, 10))
    for _ in range(3):
        run_pass(now=simulated_now(DAY), today=DAY)
        db.session.commit()
    assert len(smtp.messages) == 1


def test_done_in_the_meantime_is_not_sent(app, smtp, world):
    assignment = world.assign(due_on=date(2026, 12, 10))
    smtp.stop()
    run_pass(now=simulated_now(DAY), today=DAY)
    at = simulated_now(DAY) + timedelta(hours=1)
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=at)
    work.accept_report(assignment, note="", actor=world.coordinator, now=at)
    db.session.commit()
    smtp.start()
    assert deliver_outbox(now=at + timedelta(hours=1)) == {"cancelled": 1}
    assert smtp.messages == []


@pytest.mark.postgres
def test_two_passes_at_once_on_postgresql_send_no_duplicate(app, smtp, world):
    require_postgresql("SQLite has a single writer")
    for n in range(30):
        world.assign(due_on=date(2026, 12, 10), title=f"Nhiệm vụ {n}")
    db.session.commit()
    barrier, errors = threading.Barrier(2), []

    def scheduler():
        try:
            with app.app_context():
                barrier.wait()
                run_pass(now=simulated_now(DAY), today=DAY)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == 30 and len(set(ids)) == 30
    assert statuses() == {"sent": 30}


def test_a_digest_whose_items_were_all_done_is_not_sent(app, smtp, world):
    """Planned on Monday for the leader; the only overdue item is accepted before it goes."""
    assignment = world.assign(due_on=date(2026, 11, 20))
    monday = date(2026, 11, 23)
    smtp.stop()
    planned, _ = run_pass(now=simulated_now(monday), today=monday)
    assert planned["weekly_digest"] == 1
    at = simulated_now(monday) + timedelta(minutes=10)
    work.submit_report(assignment, note="", version=None, actor=world.officer, now=at)
    work.accept_report(assignment, note="", actor=world.coordinator, now=at)
    db.session.commit()
    smtp.start()
    outcome = deliver_outbox(now=at + timedelta(hours=1))
    assert outcome["cancelled"] >= 1 and outcome.get("sent", 0) == 0
    assert smtp.messages == []


def _plan_only(world, n: int) -> None:
    from tracker.reminders.planning import plan_reminders
    for i in range(n):
        world.assign(due_on=date(2026, 12, 10), title=f"Nhiệm vụ {i + 1}")
    plan_reminders(DAY, now=simulated_now(DAY))
    db.session.commit()


def _age_claims(minutes: int) -> None:
    """Let time pass for the claims in the outbox (they are stamped with the wall clock)."""
    for row in db.session.scalars(select(OutboxMail).where(OutboxMail.status == "sending")):
        row.claimed_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_a_crash_after_the_server_accepted_sends_one_duplicate_with_the_same_id(
        app, smtp, world):
    """The process claimed the row, the server accepted the mail, the process died before
    recording it: the row is retried once its claim is stale, never before, never again."""
    _plan_only(world, 1)
    now = simulated_now(DAY)
    [row], _token = claim(now, 50, None)
    with SmtpMailer(SmtpSettings.from_config()) as mailer:  # ... and the crash comes here
        mailer.send(compose(row, queries.mail_details([row.assignment_id])[row.assignment_id],
                            now=now))
    assert deliver_outbox(now=now) == {}          # the claim is fresh: not taken over
    _age_claims(16)
    assert deliver_outbox(now=now) == {"sent": 1}
    assert deliver_outbox(now=now + timedelta(days=1)) == {}
    assert len(smtp.messages) == 2
    assert smtp.messages[0]["Message-ID"] == smtp.messages[1]["Message-ID"] == row.message_id


def test_a_slow_pass_does_not_send_what_another_pass_took_over(app, smtp, world):
    """Pass A claims a batch and stalls on a slow server for more than the stale delay;
    pass B resets the claims and sends the batch; A then goes on and sends none of it."""
    _plan_only(world, 3)
    now = simulated_now(DAY)
    rows, token_a = claim(now, 50, None)
    assert len(rows) == 3
    _age_claims(16)
    assert deliver_outbox(now=now + timedelta(minutes=16)) == {"sent": 3}   # pass B
    with SmtpMailer(SmtpSettings.from_config()) as mailer:                 # pass A resumes
        assert send_claimed(rows, token_a, mailer, now) == {"taken_over": 3}
    assert len(smtp.messages) == 3
    assert len({m["Message-ID"] for m in smtp.messages}) == 3
    assert statuses() == {"sent": 3}


class HungServer:
    """A socket on 127.0.0.1 that takes connections and never says a word: the kernel
    completes each handshake (backlog), nothing ever answers the SMTP greeting."""

    def __init__(self):
        import socket
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]

    def connections(self) -> int:
        """How many connections were made (accepting them now, then closing them)."""
        self.sock.setblocking(False)
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self):
        self.sock.close()


def test_a_hung_server_is_given_up_after_the_first_timeout(app, world):
    """Three mails, a server that accepts and never answers: one connection, one timeout,
    the pass ends; the two other mails wait untouched for the next pass."""
    hung = HungServer()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=hung.port, SMTP_TIMEOUT=0.5)
    try:
        for n in range(3):
            world.assign(due_on=date(2026, 12, 10), title=f"Báo cáo số {n + 1}")
        planned, delivered = run_pass(now=simulated_now(DAY), today=DAY)
        db.session.commit()
        assert planned == {"before": 3} and delivered == {"retry": 1}
        assert hung.connections() == 1
    finally:
        hung.close()
    rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert [(r.status, r.attempts, r.claim_token) for r in rows] == [
        ("pending", 1, None), ("pending", 0, None), ("pending", 0, None)]
    assert "Không kết nối được máy chủ thư" in rows[0].last_error
