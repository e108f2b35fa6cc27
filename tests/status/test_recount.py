"""Every cell of the per-directive tables (tasks by state, body × task) and of the dialogue
figures (per body and level), in the page's JSON and in the .xlsx, against a plain recount
of the known world (tests/status/conftest.py): states decided here from the dates alone,
sums done here in Python, nothing taken from the app's state functions or queries."""
import io
from collections import Counter
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import aliased

from tests.conftest import TODAY, login
from tracker.assignments.models import Assignment, Dialogue
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status.exports import HEADER_ROW
from tracker.tasks.models import Task

LATER = date(2027, 3, 1)  # T1 (extended to 31/12/2026) and T3 (15/12/2026) now overdue
STATE_ORDER = ("done_on_time", "done_late", "in_progress", "not_started", "overdue")
STATE_NAMES = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
               "in_progress": "Đang thực hiện (trong hạn)", "not_started": "Chưa thực hiện",
               "overdue": "Quá hạn"}
KIND_NAMES = {"so_ket": "Sơ kết", "doi_thoai": "Đối thoại", "bao_cao_dinh_ky": "Báo cáo định kỳ",
              "ke_hoach": "Kế hoạch"}
LEVELS = ("tinh", "huyen", "xa")
LEVEL_NAMES = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã"}


@pytest.fixture
def on_day(monkeypatch):
    """Pin the views' "today" (the status API reads it through them)."""
    def pin(day: date):
        monkeypatch.setattr("tracker.status.views.vn_today", lambda: day)
    pin(TODAY)
    return pin


# ---- the plain recount -----------------------------------------------------------------

def assignment_rows() -> list:
    owner = aliased(Body)
    return db.session.execute(
        select(Assignment.id, Assignment.status, Assignment.due_on, Assignment.extended_due_on,
               Assignment.completed_on, Body.id.label("body_id"), Body.name, Body.path,
               Body.kind.label("body_kind"), Body.level, Task.id.label("task_id"),
               Task.title, Task.kind.label("task_kind"), Task.due_on.label("task_due"),
               Task.directive_id, owner.path.label("owner_path"))
        .join(Body, Body.id == Assignment.body_id).join(Task, Task.id == Assignment.task_id)
        .join(owner, owner.id == Task.owner_body_id)).all()


def state(row, today: date) -> str:
    due = row.extended_due_on or row.due_on
    if row.status == "done":
        return "done_on_time" if row.completed_on <= due else "done_late"
    if due < today:
        return "overdue"
    return "not_started" if row.status == "not_started" else "in_progress"


def in_period(day: date, args: dict) -> bool:
    if "year" in args:
        year, half = int(args["year"]), args.get("half")
        low = date(year, 7, 1) if half == "2" else date(year, 1, 1)
        high = date(year, 6, 30) if half == "1" else date(year, 12, 31)
        return low <= day <= high
    low, high = (date(*map(int, reversed(args[k].split("/")))) if k in args else None
                 for k in ("start", "end"))
    return (low is None or day >= low) and (high is None or day <= high)


def matches(row, args: dict, day: date) -> bool:
    return (in_period(day, args)
            and ("directive_id" not in args or row.directive_id == int(args["directive_id"]))
            and ("task_kind" not in args or row.task_kind == args["task_kind"])
            and ("body_kind" not in args or row.body_kind == args["body_kind"])
            and ("body_level" not in args or row.level == args["body_level"]))


def directive_recount(actor, directive_id: int, args: dict, today: date):
    """(tasks in order [(id, title, kind, deadline)], bodies by name [(id, name)],
    {(body, task): state}, {task: Counter of states}) as the actor sees them. A
    `directive_id` in the query string is no filter there: the directive is the page's."""
    args = {k: v for k, v in args.items() if k != "directive_id"}
    rows = [r for r in assignment_rows()
            if r.directive_id == directive_id
            and (r.path.startswith(actor.body.path) or r.owner_path.startswith(actor.body.path))
            and matches(r, args, r.extended_due_on or r.due_on)]
    tasks = sorted({(r.task_due, r.task_id, r.title, r.task_kind) for r in rows})
    bodies = sorted({(r.name, r.body_id) for r in rows})
    cells = {(r.body_id, r.task_id): state(r, today) for r in rows}
    per_task = {t: Counter(s for (_, task), s in cells.items() if task == t)
                for _, t, _, _ in tasks}
    return ([(t, title, kind, due) for due, t, title, kind in tasks],
            [(i, name) for name, i in bodies], cells, per_task)


def dialogue_recount(node: Body, args: dict) -> dict:
    """{child id or None (the node itself): {level: (dialogues, participants, raised,
    settled)}} of the dialogues recorded on assignments of the node's subtree."""
    rows = {r.id: r for r in assignment_rows()}
    found: dict = {}
    for d in db.session.scalars(select(Dialogue)):
        row = rows[d.assignment_id]
        if not row.path.startswith(node.path) or not matches(row, args, d.held_on):
            continue
        rest = row.path[len(node.path):]
        key = int(rest.split("/")[0]) if rest else None
        n, people, raised, settled = found.setdefault(key, {}).get(d.level, (0, 0, 0, 0))
        found[key][d.level] = (n + 1, people + d.participants, raised + d.opinions_raised,
                               settled + d.opinions_settled)
    return found


# ---- the answers -----------------------------------------------------------------------

def sheets(response) -> list[list[list]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    book = load_workbook(io.BytesIO(response.data))
    return [[list(r) for r in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
            for sheet in book.worksheets]


def as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def check_directive(client, actor, directive_id: int, args: dict, today: date) -> int:
    """Compare the JSON and the .xlsx of a directive's status with the recount; returns how
    many assignments they show."""
    tasks, bodies, cells, per_task = directive_recount(actor, directive_id, args, today)
    # The JSON refuses a directive_id (400, tests/status/test_api_params.py); the page's
    # export leaves it out.
    data = client.get(f"/api/v1/stats/directives/{directive_id}", query_string={
        k: v for k, v in args.items() if k != "directive_id"}).get_json()
    assert data["tasks"] == [
        {"id": t, "title": title, "deadline": due.isoformat(),
         "counts": {s: n for s, n in per_task[t].items() if n}}
        for t, title, _, due in tasks], args
    assert data["bodies"] == [
        {"id": body, "name": name,
         "states": {str(t): cells[(body, t)] for t, *_ in tasks if (body, t) in cells}}
        for body, name in bodies], args

    tasks_sheet, matrix = sheets(client.get(f"/status/directives/{directive_id}/export.xlsx",
                                            query_string=args))
    header, *lines = tasks_sheet
    assert header[:4] == ["STT", "Nhiệm vụ", "Loại", "Hạn"]
    assert header[4:] == ["Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                          "Đang thực hiện (trong hạn)", "Chưa thực hiện",
                          "Quá hạn", "% hoàn thành"]
    expected = []
    for index, (t, title, kind, due) in enumerate(tasks, 1):
        counts = per_task[t]
        expected.append([index, title, KIND_NAMES[kind], as_datetime(due),
                         sum(counts.values()), *(counts[s] for s in STATE_ORDER)])
    if tasks:
        total = sum(per_task.values(), Counter())
        expected.append([None, "Tổng cộng", None, None, sum(total.values()),
                         *(total[s] for s in STATE_ORDER)])
    assert [line[:10] for line in lines] == expected, args
    for line in lines:
        done, assigned = line[5] + line[6], line[4]
        assert line[10] == pytest.approx(round(100 * done / assigned, 1) / 100), line
    header, *rows = matrix
    assert header == ["Đơn vị", *(f"{i}. {title}" for i, (_, title, _, _) in
                                  enumerate(tasks, 1))]
    assert rows == [[name, *(STATE_NAMES[cells[(body, t)]] if (body, t) in cells else "—"
                             for t, *_ in tasks)] for body, name in bodies], args
    return len(cells)


def check_dialogues(client, node: Body, args: dict) -> int:
    """Compare the JSON and the .xlsx of a node's dialogue figures with the recount;
    returns how many dialogues they count."""
    expected = dialogue_recount(node, args)
    names = dict(db.session.execute(select(Body.id, Body.name)).all())
    data = client.get("/api/v1/stats/dialogues",
                      query_string={**args, "body_id": node.id}).get_json()
    assert data["node"] == {"id": node.id, "name": node.name}
    fields = ("dialogues", "participants", "opinions_raised", "opinions_settled")
    assert {r["body_id"]: {level: tuple(v[f] for f in fields) for level, v in r["levels"].items()}
            for r in data["rows"]} == expected, (node.name, args)
    assert {r["body_id"]: r["body"] for r in data["rows"]} == \
        {key: names[key if key is not None else node.id] for key in expected}

    sheet, by_level = sheets(client.get(f"/status/bodies/{node.id}/dialogues/export.xlsx",
                                        query_string=args))
    level_sums = {level: [sum(v.get(level, (0, 0, 0, 0))[i] for v in expected.values())
                          for i in range(4)] for level in LEVELS}
    assert by_level[0] == ["Cấp", "Số cuộc", "Số người tham gia", "Ý kiến, kiến nghị",
                           "Đã giải quyết"]
    assert by_level[1:] == [[LEVEL_NAMES[level], *level_sums[level]] for level in LEVELS] + [
        ["Tổng cộng", *(sum(v[i] for v in level_sums.values()) for i in range(4))]]
    page = client.get(f"/status/bodies/{node.id}/dialogues", query_string=args)
    if expected:
        html = " ".join(page.get_data(as_text=True).split())
        for level in LEVELS:
            cells = "".join(f'<td class="text-end">{n:,}</td>'.replace(",", ".")
                            for n in level_sums[level])
            assert f'{LEVEL_NAMES[level]}</th>{cells}' in html.replace("</th> <td", "</th><td")
    header, *lines = sheet
    assert header == ["Đơn vị", "Cấp tỉnh: số cuộc", "Cấp tỉnh: số người",
                      "Cấp huyện: số cuộc", "Cấp huyện: số người", "Cấp xã: số cuộc",
                      "Cấp xã: số người", "Tổng số cuộc", "Tổng số người",
                      "Ý kiến, kiến nghị", "Đã giải quyết"]

    def cells(per_level: dict) -> list[int]:
        values = [per_level.get(level, (0, 0, 0, 0)) for level in LEVELS]
        return [n for v in values for n in v[:2]] + [sum(v[i] for v in values)
                                                     for i in range(4)]
    rows = {names[key if key is not None else node.id]: cells(v) for key, v in expected.items()}
    if not rows:
        assert lines == []
        return 0
    *body_lines, total = lines
    assert {line[0]: line[1:] for line in body_lines} == rows, (node.name, args)
    assert len(body_lines) == len(rows)
    assert total == ["Tổng cộng", *(sum(col) for col in zip(*rows.values(), strict=True))]
    return total[7]


# ---- the tests -------------------------------------------------------------------------

def test_the_world_is_what_the_plan_says(known_world):
    """The recount itself, checked by hand once: the directive of province A on 22/11/2026
    and the dialogues of province A's bodies."""
    w = known_world
    tasks, _bodies, _cells, per_task = directive_recount(w.users["coord_a"], w.directive_a.id,
                                                         {}, TODAY)
    assert {title[:20]: {s: n for s, n in per_task[t].items() if n}
            for t, title, _, _ in tasks} == {
        "Kế hoạch triển khai": {"done_on_time": 1, "done_late": 1, "overdue": 2},
        "Sơ kết 01 năm thực h": {"done_on_time": 1, "done_late": 1, "not_started": 1,
                                 "overdue": 2},
        "Đối thoại với Nhân d": {"done_on_time": 2, "done_late": 1, "overdue": 2},
        "Báo cáo năm 2026": {"done_on_time": 1, "in_progress": 2, "not_started": 1}}
    later = directive_recount(w.users["coord_a"], w.directive_a.id, {}, LATER)[3]
    assert sum(later.values(), Counter())["overdue"] == 3 + 2 + 3 + 2  # T1, T2, T3, T4
    b = w.bodies
    assert dialogue_recount(w.a, {}) == {
        b["x"].id: {"tinh": (2, 210, 26, 16), "huyen": (1, 80, 9, 9)},
        b["m"].id: {"tinh": (1, 200, 30, 28)},
        b["d"].id: {"huyen": (1, 60, 7, 5), "xa": (4, 120, 14, 7)}}
    assert dialogue_recount(w.bodies["c1"], {}) == {
        None: {"xa": (2, 55, 5, 3)}, b["c2"].id: {"xa": (1, 20, 5, 0)}}


def directive_filters(w) -> list[dict]:
    return [{}, {"year": "2026"}, {"year": "2026", "half": "1"}, {"year": "2026", "half": "2"},
            {"year": "2025"}, {"start": "31/03/2026", "end": "15/10/2026"},
            {"start": "01/12/2026"}, {"task_kind": "doi_thoai"}, {"task_kind": "so_ket"},
            {"body_kind": "so_nganh"}, {"body_level": "xa"},
            {"body_level": "huyen", "year": "2026"}, {"directive_id": str(w.directive_a.id)}]


@pytest.mark.parametrize("today", [TODAY, LATER])
def test_every_cell_of_a_directive_matches_the_recount(app, known_world, on_day, today):
    w = known_world
    on_day(today)
    shown = 0
    for role, directives in (("coord_a", (w.directive_a, w.central)),
                             ("leader_root", (w.directive_a, w.directive_b, w.central)),
                             ("leader_b", (w.directive_b, w.central))):
        actor = w.users[role]
        client = login(app.test_client(), actor)
        for directive in directives:
            for args in directive_filters(w):
                shown += check_directive(client, actor, directive.id, args, today)
    assert shown > 150


@pytest.mark.parametrize("role, nodes", [
    ("leader_root", ("root", "a", "b", "d", "c1")),
    ("leader_a", ("a", "d", "c1", "x")),
])
def test_every_dialogue_figure_matches_the_recount(app, known_world, role, nodes):
    w = known_world
    client = login(app.test_client(), w.users[role])
    everything = {"root": w.root, "a": w.a, "b": w.b, **w.bodies}
    counted = 0
    for name in nodes:
        for args in [{}, {"year": "2026"}, {"year": "2026", "half": "1"},
                     {"year": "2026", "half": "2"}, {"start": "31/12/2025", "end": "30/06/2026"},
                     {"end": "31/12/2025"}, {"directive_id": str(w.directive_a.id)},
                     {"directive_id": str(w.central.id)}, {"task_kind": "doi_thoai"},
                     {"task_kind": "so_ket"}, {"body_level": "xa"},
                     {"body_kind": "so_nganh", "year": "2026"}]:
            counted += check_dialogues(client, everything[name], args)
    assert counted > 40
