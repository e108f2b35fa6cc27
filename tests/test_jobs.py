"""The scheduler process: one registry, explicit ids, jobs that call operations."""
from datetime import timedelta

from sqlalchemy import func, select

from jobs.maintenance import purge_login_attempts
from jobs.registry import JOBS
from jobs.scheduler import build_scheduler
from tracker.auth.models import LoginAttempt
from tracker.extensions import db


def test_registry_builds_a_scheduler_with_every_job(app):
    scheduler = build_scheduler(app)
    assert sorted(job.id for job in scheduler.get_jobs()) == sorted(spec.id for spec in JOBS)
    assert len({spec.id for spec in JOBS}) == len(JOBS)
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"
    assert scheduler._job_defaults["coalesce"] is True
    assert scheduler._job_defaults["max_instances"] == 1


def test_purge_login_attempts_keeps_recent_ones(app):
    from tracker.core import time as core_time
    old = core_time.utcnow() - timedelta(days=31)
    recent = core_time.utcnow() - timedelta(days=1)
    db.session.add_all([LoginAttempt(email="a@x.vn", remote_addr="1", at=old),
                        LoginAttempt(email="a@x.vn", remote_addr="1", at=recent)])
    db.session.commit()
    assert purge_login_attempts() == 1
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1
