"""Imports every model so that Alembic and the mappers see the whole schema."""
from tracker.api.models import ApiToken  # noqa: F401
from tracker.assignments.models import Assignment, Attachment, Dialogue, ExtensionRequest, Figure  # noqa: F401
from tracker.auth.models import LoginAttempt, User  # noqa: F401
from tracker.bodies.models import Body  # noqa: F401
from tracker.core.ratelimit import RateCounter  # noqa: F401
from tracker.directives.models import Directive  # noqa: F401
from tracker.feeds.models import CalendarFeed  # noqa: F401
from tracker.figures.models import (  # noqa: F401
    FigureValue,
    IndicatorTemplate,
    IndicatorTemplateVersion,
    TaskIndicatorTemplate,
)
from tracker.history.models import HistoryEntry  # noqa: F401
from tracker.imports.models import PendingImport  # noqa: F401
from tracker.links.models import AssignmentLink  # noqa: F401
from tracker.reminders import events  # noqa: F401  (the receiver that writes event mails)
from tracker.reminders.models import Holiday, OutboxMail, PlanningRun, ReminderPolicy  # noqa: F401
from tracker.status import histogram  # noqa: F401  (the flush hook that keeps counts)
from tracker.status.models import StatusCount, StatusTotal, StatusYearCount  # noqa: F401
from tracker.storage.models import FileChunk  # noqa: F401
from tracker.tasks import reach  # noqa: F401  (the flush hook that keeps TaskReach)
from tracker.tasks.models import Task, TaskReach  # noqa: F401
