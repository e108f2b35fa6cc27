"""What every part of the demo shares: the clock, a registry of what was built, and a
small script language for the life of an assignment (progress, figures, dialogues, report,
review, extension). Everything goes through the operations, each at its own past instant."""
from datetime import date, datetime, time, timedelta, timezone

from tracker.assignments.models import Assignment
from tracker.assignments.operations import (
    accept_report,
    decide_extension,
    extend_deadline,
    record_dialogue,
    request_extension,
    return_report,
    set_figure,
    submit_report,
    update_progress,
)
from tracker.bodies.models import Body
from tracker.core.time import VN, vn_today
from tracker.demo.words import (
    ACCEPT_NOTES,
    EXTENSION_REASONS,
    FUTURE,
    NOTES,
    RECENT,
    REFUSALS,
    RETURN_REASONS,
    SETTLED,
    SUBMIT_NOTES,
)
from tracker.tasks.models import REVIEW_KINDS, Task
from tracker.tasks.operations import (
    assign_bodies,
    create_periodic_tasks,
    create_task,
    propose_review,
)

# The Ban starts following its tasks in the tracker; bodies and accounts date from then.
SYSTEM_START = date(2019, 9, 3)
DAY = timedelta(days=1)


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """A Vietnam wall-clock time on `day`, as the UTC-aware instant the operations take."""
    return datetime.combine(day, time(hour, minute), tzinfo=VN).astimezone(timezone.utc)


class Demo:
    """The registry of built objects and the clock relative to which the story is told."""

    def __init__(self, now: datetime):
        if now.tzinfo is None:
            raise ValueError("load_demo: `now` must be timezone-aware (UTC).")
        self.now = now
        self.today = vn_today(now)
        self.bodies: dict[str, Body] = {}
        self.users: dict[str, object] = {}
        self.directives: dict[str, object] = {}
        self.tasks: list[Task] = []
        self.assignment_count = 0
        self._body_by_id: dict[int, Body] = {}
        self._reporters: list = []
        self._requests: dict[int, object] = {}
        self._serial = 0
        # Bodies that stop taking new work on a day (merged, reorganised): a guard; and the
        # body that takes the work given to them from that day on (the 2025 reform).
        self.retired: dict[str, date] = {}
        self.successor: dict[str, str] = {}

    # ---- time ----------------------------------------------------------------------------

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def moment(self, day: date, slot: int = 0) -> datetime:
        """08:00 on `day`, plus 20 minutes per slot so that events of one day keep their order.
        Nothing happens after `now`: a story bug, not data, so it fails loudly."""
        if day > self.today:
            raise ValueError(f"Dữ liệu mẫu: sự kiện ngày {day:%d/%m/%Y} nằm sau hôm nay.")
        return min(at(day) + timedelta(minutes=20 * slot), self.now - timedelta(minutes=1))

    # ---- registry ------------------------------------------------------------------------

    def add_body(self, body: Body) -> Body:
        if body.name in self.bodies:
            raise ValueError(f"Dữ liệu mẫu: trùng tên đơn vị {body.name}.")
        self.bodies[body.name] = body
        self._body_by_id[body.id] = body
        return body

    def add_user(self, user) -> None:
        self.users[user.email] = user
        if user.role in ("officer", "coordinator"):
            self._reporters.append(user)

    def reporter(self, body: Body, coordinator):
        """Who enters a unit's reports: the officer of the body (or of a body above it) when
        it has an account, else the coordinator of the nearest Ban above it, typing in the
        paper report as is done today."""
        def depth(user):
            return self._body_by_id[user.body_id].path.count("/")
        candidates = [u for u in self._reporters
                      if body.path.startswith(self._body_by_id[u.body_id].path)]
        officers = [u for u in candidates if u.role == "officer"]
        for group in (officers, candidates):
            if group:
                return max(group, key=depth)
        return coordinator

    def succeed(self, old: str, new: str, day: date) -> None:
        """From `day` on, work for `old` goes to `new` (merged into it then)."""
        self.retired[old], self.successor[old] = day, new

    def current_name(self, name: str, on: date) -> str:
        """The body that takes work given to `name` on `on` (itself, or its successor)."""
        while name in self.successor and on >= self.retired[name]:
            name = self.successor[name]
        return name

    # ---- tasks and assignments -----------------------------------------------------------

    def task(self, directive: str, *, actor, on: date, kind: str, title: str | None = None,
             due: date | None = None, years: int | None = None, description: str = "",
             period: tuple[date, date] | None = None) -> Task:
        """Derive a task; reviews take their title and due date from `propose_review`."""
        source = self.directives[directive]
        if kind in REVIEW_KINDS:
            proposed_title, proposed_due = propose_review(source, kind, years)
            title, due = title or proposed_title, due or proposed_due
        task = create_task(source, {"kind": kind, "title": title, "due_on": due,
                                    "description": description, "review_years": years},
                           actor=actor, now=self.moment(on), period=period)
        self.tasks.append(task)
        return task

    def periodic(self, directive: str, *, actor, on: date, frequency: str, first: int,
                 last: int, due_day: int, description: str = "") -> list[Task]:
        tasks = create_periodic_tasks(
            self.directives[directive],
            {"frequency": frequency, "first_year": first, "last_year": last,
             "due_day": due_day, "description": description},
            actor=actor, now=self.moment(on))
        self.tasks.extend(tasks)
        return tasks

    def assign(self, task: Task, names: list[str], *, actor, on: date, lead: str | None = None,
               due: date | None = None) -> dict[str, Assignment]:
        """Assign bodies (by name); returns {name: assignment}."""
        if lead is not None and lead not in names:
            names = [lead, *names]
        # After the reform a story's old body names reach their successors; two old bodies
        # with one successor give it one assignment (the first story is played).
        current: dict[str, str] = {}
        for name in names:
            if self.current_name(name, on) not in current.values():
                current[name] = self.current_name(name, on)
        late = [n for n in current.values() if n in self.retired and on >= self.retired[n]]
        if late:
            raise ValueError(f"Dữ liệu mẫu: giao việc cho đơn vị đã giải thể: {late}.")
        created = assign_bodies(task, [self.bodies[n] for n in current.values()],
                                lead=self.bodies[current[lead]] if lead else None, due_on=due,
                                actor=actor, now=self.moment(on, 1))
        self.assignment_count += len(created)
        by_id = {a.body_id: a for a in created}
        return {name: by_id[self.bodies[now_name].id] for name, now_name in current.items()}

    def give(self, task: Task, plan: dict, *, actor, on: date, lead: str | None = None,
             due: date | None = None) -> dict[str, Assignment]:
        """Assign the bodies named in `plan` and play each one's story. A story is a pattern
        name, (pattern, [figures]), or a list of events for `run`."""
        assigned = self.assign(task, list(plan), actor=actor, on=on, lead=lead, due=due)
        for name, story in plan.items():
            if name not in assigned:
                continue  # its successor already took the work (see `assign`)
            i, self._serial = self._serial, self._serial + 1  # varies notes and dates
            if isinstance(story, list):
                self.run(assigned[name], story, coordinator=actor)
            else:
                pattern, figures = (story, ()) if isinstance(story, str) else story
                self.play(assigned[name], pattern, coordinator=actor, kind=task.kind,
                          start=on, i=i, figures=figures)
        return assigned

    def assignments_of(self, task: Task) -> dict[int, Assignment]:
        """The task's assignments by body id (those a forward created)."""
        from sqlalchemy import select

        from tracker.extensions import db
        return {a.body_id: a for a in db.session.scalars(
            select(Assignment).where(Assignment.task_id == task.id))}

    def seasonal(self, due: date, i: int) -> str:
        """A plausible outcome for a recurring report, from how far its deadline is."""
        days = (due - self.today).days
        pool = FUTURE if days >= 0 else RECENT if days > -60 else SETTLED
        return pool[i % len(pool)]

    # ---- the script of one assignment ----------------------------------------------------

    def run(self, assignment: Assignment, events: list[tuple], *, coordinator) -> Assignment:
        """Play events in order. Each is (code, day, ...):
        p progress (pct, note) · f figure (name, unit, value) · d dialogue (dict) ·
        s submit (note) · a accept (note) · r return (reason) · x ask extension (new due,
        reason) · g grant (note) · n refuse (reason) · e coordinator extends (new due, reason)
        """
        unit = self.reporter(self._body_by_id[assignment.body_id], coordinator)
        previous = None
        for slot, (code, day, *args) in enumerate(events, start=2):
            if previous is not None and day < previous:
                raise ValueError(f"Dữ liệu mẫu: sự kiện không theo thứ tự ngày ({day}).")
            previous = day
            when = self.moment(day, slot)
            if code == "p":
                update_progress(assignment, {"progress": args[0], "note": args[1]},
                                version=assignment.version, actor=unit, now=when)
            elif code == "f":
                set_figure(assignment, {"name": args[0], "unit": args[1], "value": args[2]},
                           actor=unit, now=when)
            elif code == "d":
                record_dialogue(assignment, args[0], actor=unit, now=when)
            elif code == "s":
                submit_report(assignment, note=args[0], version=assignment.version, actor=unit,
                              now=when)
            elif code == "a":
                accept_report(assignment, note=args[0] if args else "", actor=coordinator,
                              now=when)
            elif code == "r":
                return_report(assignment, reason=args[0], actor=coordinator, now=when)
            elif code == "x":
                self._requests[assignment.id] = request_extension(
                    assignment, {"requested_due_on": args[0], "reason": args[1]},
                    actor=unit, now=when)
            elif code in ("g", "n"):
                decide_extension(self._requests.pop(assignment.id), assignment,
                                 grant=code == "g", note=args[0], actor=coordinator, now=when)
            elif code == "e":
                extend_deadline(assignment, {"new_due_on": args[0], "reason": args[1]},
                                actor=coordinator, now=when)
            else:
                raise ValueError(f"Dữ liệu mẫu: mã sự kiện lạ {code!r}.")
        return assignment

    def play(self, assignment: Assignment, pattern: str, *, coordinator, kind: str,
             start: date, i: int = 0, figures: list[tuple] = ()) -> Assignment:
        """Play a common pattern, with dates computed from the deadline and today."""
        if pattern == "late" and assignment.due_on >= self.today - 2 * DAY:
            pattern = "overdue"  # too soon to have been done late
        events = self.pattern(pattern, due=assignment.due_on, start=start, kind=kind, i=i)
        if figures:
            # Figures go in before the report is submitted (they are frozen once done).
            cut = next((n for n, e in enumerate(events) if e[0] == "s"), len(events))
            day = events[cut - 1][1] if cut else start + DAY
            events[cut:cut] = [("f", day, *figure) for figure in figures]
        return self.run(assignment, events, coordinator=coordinator)

    def pattern(self, pattern: str, *, due: date, start: date, kind: str, i: int) -> list:
        last = self.today - DAY  # the latest day the story may use
        notes = NOTES.get(kind, NOTES["khac"])

        def pick(pool):
            return pool[i % len(pool)]

        def clamp(day: date) -> date:
            return max(start + DAY, min(day, last))

        mid = clamp(start + (min(due, last) - start) * (0.45 + 0.1 * (i % 3)))

        def step_by(day: date) -> tuple:
            """A progress update, no later than `day`."""
            return ("p", min(mid, day), 40 + 10 * (i % 4), pick(notes["progress"]))

        step = ("p", mid, 40 + 10 * (i % 4), pick(notes["progress"]))
        if pattern == "on_time":
            sent = clamp(due - timedelta(days=1 + i % 6))
            return [step_by(sent), ("s", sent, pick(SUBMIT_NOTES)),
                    ("a", min(sent + timedelta(days=2 + i % 4), last), pick(ACCEPT_NOTES))]
        if pattern == "late":
            sent = min(due + timedelta(days=4 + (7 * i) % 38), last)
            if sent <= due:
                raise ValueError("Dữ liệu mẫu: không thể hoàn thành quá hạn trước hạn.")
            return [step, ("s", sent, pick(SUBMIT_NOTES)),
                    ("a", min(sent + timedelta(days=2 + i % 3), last), pick(ACCEPT_NOTES))]
        if pattern in ("overdue", "progress"):
            return [step]
        if pattern in ("overdue_idle", "idle"):
            return []
        if pattern == "submitted":
            sent = clamp(last - timedelta(days=i % 4))
            return [step_by(sent), ("s", sent, pick(SUBMIT_NOTES))]
        if pattern == "returned":
            sent = clamp(last - timedelta(days=10 + i % 5))
            return [step_by(sent), ("s", sent, pick(SUBMIT_NOTES)),
                    ("r", clamp(sent + timedelta(days=3)), pick(RETURN_REASONS))]
        if pattern == "returned_then_late":
            sent = clamp(due - timedelta(days=3))
            back = min(sent + timedelta(days=2), last)
            again = max(back, min(due + timedelta(days=8 + i % 9), last))
            return [step_by(sent), ("s", sent, pick(SUBMIT_NOTES)),
                    ("r", back, pick(RETURN_REASONS)),
                    ("s", again, "Đã bổ sung, hoàn thiện báo cáo theo yêu cầu."),
                    ("a", min(again + timedelta(days=3), last), pick(ACCEPT_NOTES))]
        if pattern == "refused_then_late":
            new_due = due + timedelta(days=30)
            sent = min(due + timedelta(days=6 + i % 10), last)
            asked = clamp(due - timedelta(days=9))
            return [step_by(asked), ("x", asked, new_due, pick(EXTENSION_REASONS)),
                    ("n", clamp(due - timedelta(days=7)), pick(REFUSALS)),
                    ("s", sent, pick(SUBMIT_NOTES)),
                    ("a", min(sent + timedelta(days=2), last), pick(ACCEPT_NOTES))]
        if pattern == "granted_then_on_time":
            new_due = due + timedelta(days=21)
            sent = min(due + timedelta(days=14), last)
            asked = clamp(due - timedelta(days=8))
            return [step_by(asked), ("x", asked, new_due, pick(EXTENSION_REASONS)),
                    ("g", clamp(due - timedelta(days=6)), "Đồng ý gia hạn theo đề nghị."),
                    ("s", sent, pick(SUBMIT_NOTES)),
                    ("a", min(sent + timedelta(days=3), last), pick(ACCEPT_NOTES))]
        if pattern == "pending_extension":
            asked = clamp(last - timedelta(days=1 + i % 3))
            return [step_by(asked), ("x", asked, max(due, self.today) + timedelta(days=30),
                                     pick(EXTENSION_REASONS))]
        raise ValueError(f"Dữ liệu mẫu: mẫu lạ {pattern!r}.")
