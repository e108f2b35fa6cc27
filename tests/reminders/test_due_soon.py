""""Due soon" is decided once (schedule.due_soon_until) for single mails and digests,
whatever the offsets; the policy defaults are written once."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.extensions import db
from tracker.reminders import queries, schedule
from tracker.reminders.models import POLICY_DEFAULTS, OutboxMail, ReminderPolicy
from tracker.reminders.operations import update_policy
from tracker.reminders.passes import run_pass, simulated_now


def policy(before_days):
    return {**POLICY_DEFAULTS, "before_days": before_days}


@pytest.mark.parametrize("offsets", [[7, 3, 1], [14, 7, 3, 1], [30], [1]])
def test_every_deadline_a_day_reminds_of_is_due_soon_that_day(app, offsets):
    """Over a year with Tết, for every working day: the deadlines its before-deadline
    rules point to are all within the horizon of the digest, and the horizon is reached
    by a rule (it is not wider than the reminders)."""
    cal = queries.work_calendar()
    day = date(2026, 12, 1)
    while day < date(2027, 12, 1):
        if cal.is_working(day):
            until = schedule.due_soon_until(cal, day, offsets)
            pointed = [d for k in offsets for d in schedule.before_deadlines(cal, day, k)]
            pointed += schedule.due_today_deadlines(cal, day)
            assert max(pointed) == until and min(pointed) >= day, day
        day += timedelta(days=1)


@pytest.mark.parametrize("before_days, day", [("7,3,1", date(2026, 12, 11)),
                                              ("14,7,3,1", date(2026, 12, 4))])
def test_a_digest_of_a_saturday_deadline_is_sent_not_cancelled(app, smtp, world,
                                                               before_days, day):
    """Deadline Saturday 19/12: its 7-day reminder moves to Friday 11/12 (its 14-day one
    to Friday 04/12). The digest lists it; it is not cancelled as if done."""
    update_policy(policy(before_days), actor=None, now=NOW)
    world.officer.daily_digest = True
    world.assign(due_on=date(2026, 12, 19), title="Báo cáo thứ Bảy")
    db.session.commit()
    planned, delivered = run_pass(now=simulated_now(day), today=day)
    assert planned == {"daily_digest": 1} and delivered == {"sent": 1}
    [digest] = smtp.messages
    assert "- Báo cáo thứ Bảy (33-CT/TU) — hạn 19/12/2026" in \
        digest.get_body(("plain",)).get_content()
    assert db.session.scalar(select(OutboxMail.status)) == "sent"


def test_a_digest_emptied_by_completed_work_says_so(app, smtp, world):
    """The only item was done before the digest went out: cancelled because nothing is
    left to remind of, and the outbox says that, not "đã hoàn thành" for any reason."""
    world.officer.daily_digest = True
    assignment = world.assign(due_on=date(2026, 12, 10))
    db.session.commit()
    smtp.stop()
    day = date(2026, 12, 3)
    run_pass(now=simulated_now(day), today=day)
    at = simulated_now(day) + timedelta(hours=1)
    world.finish(assignment, at=at)
    smtp.start()
    run_pass(now=at + timedelta(hours=1), today=day)
    # The digest (the coordinator's mail on the submitted report is another row).
    row = db.session.scalars(select(OutboxMail).where(OutboxMail.kind.endswith("digest"))).one()
    assert (row.status, row.reason_label) == ("cancelled", "không còn việc nào cần nhắc")


def test_policy_defaults_are_written_once(app):
    unsaved = queries.policy()
    assert {name: getattr(unsaved, name) for name in POLICY_DEFAULTS} == POLICY_DEFAULTS
    for name, value in POLICY_DEFAULTS.items():
        assert ReminderPolicy.__table__.c[name].default.arg == value
