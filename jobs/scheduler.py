"""The scheduler: its own process (`flask jobs run`), never inside a web worker."""
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from jobs.registry import JOBS
from tracker.core.time import VN

log = logging.getLogger("jobs")


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every registered job, each run inside an app context."""
    scheduler = BlockingScheduler(timezone=VN, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})

    def in_context(func):
        def run():
            with app.app_context():
                try:
                    return func()
                except Exception:
                    log.exception("job %s failed", func.__name__)
                    raise
        run.__name__ = func.__name__
        return run

    for spec in JOBS:
        scheduler.add_job(in_context(spec.func), spec.trigger, id=spec.id, name=spec.id,
                          replace_existing=True, **spec.options)
    return scheduler
