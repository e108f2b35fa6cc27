"""The iCalendar (RFC 5545) feed of a user's deadlines, written by the `icalendar` library
(escaping, CRLF line ends, lines folded at 75 octets)."""
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

import icalendar
from flask import url_for
from flask_babel import gettext

from tracker.assignments.state import STATES, state_of
from tracker.core.text import strip_invisible


def _event(assignment, *, today: date, now: datetime, base_url: str,
           host: str) -> icalendar.Event:
    task, due = assignment.task, assignment.effective_due_on
    state = state_of(assignment, today)
    link = base_url + url_for("assignments.show", assignment_id=assignment.id)
    summary = gettext("Hạn: %(task)s – %(body)s", task=task.title, body=assignment.body.name)
    if state == "overdue":
        summary += " " + gettext("(quá hạn)")
    elif state in ("done_on_time", "done_late"):
        summary += " " + gettext("(đã hoàn thành)")
    description = "\n".join([
        gettext("Văn bản: %(citation)s", citation=task.directive.citation),
        gettext("Đơn vị: %(body)s (%(role)s)", body=assignment.body.name,
                role=assignment.role_label),
        gettext("Tình trạng: %(state)s; tiến độ %(progress)s%%", state=STATES[state],
                progress=assignment.progress),
        link])
    event = icalendar.Event()
    event.add("uid", f"assignment-{assignment.id}@{host}")
    event.add("dtstamp", now)
    event.add("last-modified", assignment.last_activity_at.astimezone(timezone.utc))
    event.add("dtstart", due)  # a date: an all-day event (VALUE=DATE)
    event.add("dtend", due + timedelta(days=1))
    # Rows saved before text was cleaned may still hold control characters or U+202E.
    event.add("summary", strip_invisible(summary))
    event.add("description", strip_invisible(description))
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_text(user, assignments, *, now: datetime, today: date, base_url: str) -> bytes:
    """The whole calendar: one all-day event per assignment, on its current deadline."""
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Theo doi nhiem vu dan van//Lich han nhiem vu//VI")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", strip_invisible(gettext("Hạn nhiệm vụ – %(name)s",
                                                         name=user.full_name)))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    now = now.astimezone(timezone.utc)
    for assignment in assignments:
        calendar.add_component(_event(assignment, today=today, now=now, base_url=base_url,
                                      host=host))
    return calendar.to_ical()
