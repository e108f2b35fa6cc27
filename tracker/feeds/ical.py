"""iCalendar (RFC 5545) text of a user's deadlines, written by hand: CRLF line ends, text
escaped (backslash, semicolon, comma, newline) and lines folded at 75 octets without
splitting a UTF-8 character."""
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from flask import url_for
from flask_babel import gettext

from tracker.assignments.state import STATES, state_of
from tracker.core.text import strip_invisible

CRLF = "\r\n"
MAX_OCTETS = 75


def escape(text: str) -> str:
    # Rows saved before text was cleaned may still hold control characters or U+202E.
    return (strip_invisible(str(text)).replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets; each continuation starts
    with a space, which counts as one of its octets."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(assignment, *, today: date, stamp: str, base_url: str, host: str) -> list[str]:
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
    return [
        "BEGIN:VEVENT",
        f"UID:assignment-{assignment.id}@{host}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{_utc(assignment.last_activity_at)}",
        f"DTSTART;VALUE=DATE:{_day(due)}",
        f"DTEND;VALUE=DATE:{_day(due + timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{link}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_text(user, assignments, *, now: datetime, today: date, base_url: str) -> str:
    """The whole calendar: one all-day event per assignment, on its current deadline."""
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname or "localhost"
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Theo doi nhiem vu dan van//Lich han nhiem vu//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(gettext('Hạn nhiệm vụ – %(name)s', name=user.full_name))}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for assignment in assignments:
        lines += _event(assignment, today=today, stamp=stamp, base_url=base_url, host=host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
