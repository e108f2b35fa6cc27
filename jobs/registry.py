"""Every periodic job, in one place. Jobs are thin: they call tracker operations."""
from dataclasses import dataclass
from typing import Callable

from jobs import maintenance


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[], object]
    trigger: str  # "cron" or "interval"
    options: dict


JOBS = [
    JobSpec("purge-login-attempts", maintenance.purge_login_attempts, "cron",
            {"hour": 3, "minute": 15}),
]
