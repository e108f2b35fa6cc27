"""Every periodic job, in one place. Jobs are thin: they call tracker operations."""
from dataclasses import dataclass
from typing import Callable

from jobs import maintenance, reminders


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[], object]
    trigger: str  # "cron" or "interval"
    options: dict


JOBS = [
    # Jobs are rows in the outbox polled on a short interval: a missed minute is harmless.
    JobSpec("reminders-tick", reminders.reminders_tick, "interval", {"minutes": 1}),
    JobSpec("purge-login-attempts", maintenance.purge_login_attempts, "cron",
            {"hour": 3, "minute": 15}),
]
