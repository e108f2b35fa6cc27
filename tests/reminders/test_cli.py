"""`flask reminders preview` and `run-once`: what they print, send and record."""
from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.models import OutboxMail

FUTURE_MONDAY = date(2099, 1, 5)  # 7 days before the deadline below


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["reminders", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_preview_prints_the_mails_and_writes_nothing(app, smtp, world):
    assignment = world.assign(due_on=date(2099, 1, 12))
    output = run(app, "preview", "--today", "05/01/2099")
    assert f"before\tcanbo@sonoivu.vn\tphân công {assignment.id}\tngày 05/01/2099" in output
    assert "05/01/2099 07:30" in output and "Tổng cộng: 1 thư (chưa gửi, chưa lưu)." in output
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    assert smtp.messages == [] and queries.last_planned_day() is None


def test_run_once_on_a_future_day_sends_but_leaves_the_schedule_alone(app, smtp, world):
    """A rehearsal of a day to come sends its mails but does not count as planned: the
    scheduler still plans today, and the day itself, when they come; a second run sends
    nothing again."""
    world.assign(due_on=date(2099, 1, 12))
    output = run(app, "run-once", "--today", "2099-01-05")
    assert "Lập lịch: 1 thư {'before': 1}" in output and "'sent': 1" in output
    assert len(smtp.messages) == 1
    assert queries.last_planned_day() is None and not queries.is_planned(FUTURE_MONDAY)
    output = run(app, "run-once", "--today", "2099-01-05")
    assert "Lập lịch: 0 thư" in output and len(smtp.messages) == 1


def test_run_once_today_records_the_day(app, smtp, world):
    from tracker.core.time import vn_today
    run(app, "run-once")
    assert queries.is_planned(vn_today())


def test_a_bad_date_is_refused_naming_the_option(app):
    result = app.test_cli_runner().invoke(args=["reminders", "run-once", "--today",
                                                "15/15/2022"])
    assert result.exit_code == 2 and "--today" in result.output


def test_run_once_again_after_the_server_came_back_sends_what_waited(app, smtp, world):
    """The server was down during `run-once --today D`; once it is back, the same command
    sends the waiting mail at once instead of waiting for the end of its backoff."""
    world.assign(due_on=date(2025, 12, 10))
    smtp.stop()
    assert "'retry': 1" in run(app, "run-once", "--today", "03/12/2025")
    smtp.start()
    output = run(app, "run-once", "--today", "03/12/2025")
    assert "Lập lịch: 0 thư" in output and "'sent': 1" in output
    assert [m["Subject"][:22] for m in smtp.messages] == ["[Nhắc hạn] Còn 7 ngày:"]
