"""The overdue review on the demo data: its aging buckets and total always describe the
list below them, whatever the filters (page, JSON and queries), against a plain recount
from the dates."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY, login
from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status import overdue
from tracker.status.filters import StatusFilters
from tracker.tasks.models import Task

DEMO_PASSWORD = "demo123456"
AGE_NAMES = ("le30", "31_90", "91_120", "gt120")


@pytest.fixture
def demo(demo_data, status_today):
    """The demo as of NOW, read on the day the tests reason about."""


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def age_of(days: int) -> str:
    if days <= 30:
        return "le30"
    if days <= 90:
        return "31_90"
    if days <= 120:
        return "91_120"
    return "gt120"


def snapshot() -> list:
    """Every assignment with its body and task, as plain values (read once per test)."""
    return db.session.execute(
        select(Assignment.id, Assignment.status, Assignment.due_on, Assignment.extended_due_on,
               Body.id.label("body_id"), Body.path, Body.kind.label("body_kind"), Body.level,
               Task.directive_id, Task.kind.label("task_kind"))
        .join(Body, Body.id == Assignment.body_id).join(Task, Task.id == Assignment.task_id)
    ).all()


def overdue_recount(node: Body, filters: dict, today: date,
                    rows=None) -> list[tuple[int, str, int]]:
    """(assignment id, aging bucket, body id) of every overdue assignment of the node's
    subtree matching `filters` (the query-string form), decided from the dates alone."""
    start, end = _period(filters)
    found = []
    for a in rows if rows is not None else snapshot():
        due = a.extended_due_on or a.due_on
        if a.status == "done" or due >= today or not a.path.startswith(node.path):
            continue
        if (start and due < start) or (end and due > end):
            continue
        if "directive_id" in filters and a.directive_id != int(filters["directive_id"]):
            continue
        if "task_kind" in filters and a.task_kind != filters["task_kind"]:
            continue
        if "body_kind" in filters and a.body_kind != filters["body_kind"]:
            continue
        if "body_level" in filters and a.level != filters["body_level"]:
            continue
        found.append((a.id, age_of((today - due).days), a.body_id))
    return found


def _period(filters: dict) -> tuple[date | None, date | None]:
    if "year" in filters:
        year = int(filters["year"])
        return {None: (date(year, 1, 1), date(year, 12, 31)),
                "1": (date(year, 1, 1), date(year, 6, 30)),
                "2": (date(year, 7, 1), date(year, 12, 31))}[filters.get("half")]
    parse = lambda text: date(*map(int, reversed(text.split("/")))) if text else None  # noqa: E731
    return parse(filters.get("start")), parse(filters.get("end"))


def buckets(rows) -> dict[str, int]:
    return {name: sum(1 for _, age, _ in rows if age == name) for name in AGE_NAMES}


def filter_cases() -> list[dict]:
    """Periods (answered by the histogram), and filters the histogram cannot answer
    (counted live), alone and together."""
    directives = db.session.scalars(select(Task.directive_id).distinct()
                                    .order_by(Task.directive_id)).all()
    return [{}, {"year": "2025"}, {"year": "2026"}, {"year": "2026", "half": "1"},
            {"year": "2026", "half": "2"}, {"start": "15/08/2025", "end": "31/10/2026"},
            {"end": "31/12/2025"}, {"start": "01/09/2026"},
            {"task_kind": "so_ket"}, {"task_kind": "bao_cao_dinh_ky"}, {"body_kind": "so_nganh"},
            {"body_level": "xa"}, {"body_level": "huyen", "year": "2026"},
            {"task_kind": "doi_thoai", "start": "01/01/2026"},
            *({"directive_id": str(d)} for d in directives[:6]),
            {"directive_id": str(directives[0]), "year": "2026", "half": "2"}]


def as_filters(args: dict) -> StatusFilters:
    from tracker.status.filters import parse_filters
    return parse_filters(args)


@pytest.mark.parametrize("today", [TODAY, date(2027, 3, 1)])
def test_buckets_and_total_follow_every_filter(demo, today):
    root = db.session.scalar(select(Body).where(Body.parent_id.is_(None)))
    nodes = [root, *db.session.scalars(select(Body).where(Body.parent_id == root.id)),
             *db.session.scalars(select(Body).where(Body.level == "huyen").limit(2))]
    checked = nonzero = 0
    rows = snapshot()
    for node in nodes:
        for args in filter_cases():
            expected = overdue_recount(node, args, today, rows)
            filters = as_filters(args)
            assert overdue.overdue_figures(node, today, filters)[0] == buckets(expected), \
                (node.name, args)
            for age in ["", *AGE_NAMES]:
                total = overdue.overdue_figures(node, today, filters, age)[1]
                assert total == sum(1 for _, a, _ in expected if not age or a == age), \
                    (node.name, args, age)
            checked += 1
            nonzero += bool(expected)
    assert checked > 100 and nonzero > 40


def badges(html: str) -> list[int]:
    """The counts of the aging tabs: all, ≤ 30, 31–90, 91–120, > 120."""
    nav = html[html.index('aria-label="Thời gian quá hạn"'):]
    nav = nav[:nav.index("</nav>")]
    return [int(n) for n in re.findall(r'<span class="badge text-bg-light">(\d+)</span>', nav)]


def listed_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<a href="/assignments/(\d+)">', html)]


@pytest.mark.parametrize("email", ["lanhdao.langson@demo.vn", "trunguong@demo.vn"])
def test_page_and_json_agree_with_the_list_they_head(app, demo, email, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 500)
    leader = user(email)
    client = login(app.test_client(), leader, password=DEMO_PASSWORD)
    checked, everything = 0, snapshot()
    for args in filter_cases():
        expected = overdue_recount(leader.body, args, TODAY, everything)
        counts = buckets(expected)
        for age in ["", *AGE_NAMES]:
            rows = [r for r in expected if not age or r[1] == age]
            query = {**args, **({"age": age} if age else {})}
            response = client.get("/status/overdue", query_string=query)
            assert response.status_code == 200, (query, response.status_code)
            html = response.get_data(as_text=True)
            assert badges(html) == [len(expected), *(counts[n] for n in AGE_NAMES)], query
            assert sorted(listed_ids(html)) == sorted(i for i, _, _ in rows), query
            if rows:
                assert f"Tổng số: {len(rows)}<" in html, query
            data = client.get("/api/v1/stats/overdue", query_string=query).get_json()
            assert data["ages"] == counts, query
            assert data["total"] == len(rows), query
            checked += 1
    assert checked > 100


def test_the_audit_case_a_province_in_2025(app, demo):
    """As a provincial leader, "?year=2025" counted 11 above a list of 2."""
    leader = user("lanhdao.langson@demo.vn")
    client = login(app.test_client(), leader, password=DEMO_PASSWORD)
    expected = overdue_recount(leader.body, {"year": "2025"}, TODAY)
    everything = overdue_recount(leader.body, {}, TODAY)
    assert 0 < len(expected) < len(everything)
    html = client.get("/status/overdue?year=2025").get_data(as_text=True)
    assert badges(html)[0] == len(expected) == len(listed_ids(html))
    directive = max(db.session.scalars(select(Task.directive_id)))
    html = client.get(f"/status/overdue?directive_id={directive}&task_kind=tap_huan") \
        .get_data(as_text=True)
    found = overdue_recount(leader.body, {"directive_id": directive,
                                          "task_kind": "tap_huan"}, TODAY)
    assert badges(html) == [len(found), *buckets(found).values()]


# ---- grouped by body -------------------------------------------------------------------

TOKENS = re.compile(r'<tr class="overdue-group" data-body-id="(\d+)">(.*?)</tr>'
                    r'|<a href="/assignments/(\d+)">', re.S)


def page_groups(html: str) -> list[tuple[int, int, str, list[int]]]:
    """(body id, count in its heading, heading text, assignment ids) of each group."""
    groups = []
    for match in TOKENS.finditer(html):
        body_id, heading, assignment_id = match.groups()
        if body_id:
            [count] = re.findall(r"([\d.]+) việc quá hạn", heading)
            groups.append((int(body_id), int(count.replace(".", "")),
                           re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", heading)).strip(), []))
        else:
            groups[-1][3].append(int(assignment_id))
    return groups


def expected_order(node: Body, args: dict, age: str = "") -> list[tuple[int, int]]:
    """(body id, assignment id) of the overdue list: bodies in tree order (by path as
    text: a body before its own bodies, a subtree together), the most overdue first within a
    body, then by id."""
    found = {i for i, a, _ in overdue_recount(node, args, TODAY) if not age or a == age}
    rows = db.session.execute(select(Assignment.id, Assignment.body_id, Assignment.due_on,
                                     Assignment.extended_due_on, Body.path)
                              .join(Body, Body.id == Assignment.body_id)).all()
    ordered = sorted((r for r in rows if r.id in found),
                     key=lambda r: (r.path, r.extended_due_on or r.due_on, r.id))
    return [(r.body_id, r.id) for r in ordered]


@pytest.mark.parametrize("email, args, age, size", [
    ("trunguong@demo.vn", {}, "", 7),
    ("lanhdao.langson@demo.vn", {}, "", 4),
    ("trunguong@demo.vn", {"end": "31/12/2025"}, "gt120", 2),
    ("trunguong@demo.vn", {"body_level": "xa"}, "", 2),
])
def test_the_list_is_grouped_by_body_in_tree_order(app, demo, monkeypatch, email, args, age,
                                                   size):
    monkeypatch.setitem(app.config, "PAGE_SIZE", size)
    leader = user(email)
    client = login(app.test_client(), leader, password=DEMO_PASSWORD)
    paths = dict(db.session.execute(select(Body.id, Body.path)).all())
    names = dict(db.session.execute(select(Body.id, Body.name)).all())
    order = expected_order(leader.body, args, age)
    per_body = {b: sum(1 for body, _ in order if body == b) for b, _ in order}
    assert len(per_body) > 1 and len(order) > size, "several bodies over several pages"
    query = {**args, **({"age": age} if age else {})}

    seen_html, seen_json, page = [], [], 1
    while len(seen_html) < len(order):
        html = client.get("/status/overdue", query_string={**query, "page": page}) \
            .get_data(as_text=True)
        data = client.get("/api/v1/stats/overdue",
                          query_string={**query, "page": page}).get_json()
        groups = page_groups(html)
        assert groups, page
        # One heading per body on a page, with the body's count over every page.
        assert len({g[0] for g in groups}) == len(groups)
        for body_id, count, heading, ids in groups:
            assert count == per_body[body_id], heading
            assert ("trang này" in heading) == (len(ids) < count), heading
            # The bodies above it, below the leader's own, say where it stands.
            above = [int(i) for i in paths[body_id].strip("/").split("/")[:-1]]
            above = [names[i] for i in above
                     if paths[i].startswith(leader.body.path) and i != leader.body.id]
            assert heading.startswith(" › ".join([*above, names[body_id]])), heading
        seen_html += [(body_id, i) for body_id, _, _, ids in groups for i in ids]
        # The JSON page: the same rows, the same groups.
        assert [(i["body_id"], i["assignment_id"]) for i in data["items"]] == \
            [(body_id, i) for body_id, _, _, ids in groups for i in ids]
        assert [(g["body_id"], g["overdue"], g["on_page"]) for g in data["groups"]] == \
            [(body_id, count, len(ids)) for body_id, count, _, ids in groups]
        seen_json += data["items"]
        page += 1
        assert page < 100
    assert seen_html == order
    assert data["total"] == len(order) and data["pages"] == page - 1
    # Days overdue are the deadline's distance from today, the largest first in a body.
    for body_id in per_body:
        days = [i["days_overdue"] for i in seen_json if i["body_id"] == body_id]
        assert days == sorted(days, reverse=True)
        assert all(i["days_overdue"] == (TODAY - date.fromisoformat(i["deadline"])).days
                   for i in seen_json if i["body_id"] == body_id)


def test_each_row_keeps_its_urge_button(app, demo, monkeypatch):
    """Rows of tasks the province assigned can be urged from any page, and come back to it."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 4)
    coordinator = user("chuyenvien.langson@demo.vn")
    client = login(app.test_client(), coordinator, password=DEMO_PASSWORD)
    owners = dict(db.session.execute(select(Assignment.id, Task.owner_body_id)
                                     .join(Task, Task.id == Assignment.task_id)).all())
    paths = dict(db.session.execute(select(Body.id, Body.path)).all())
    urged = 0
    for page in (1, 2, 3):
        html = client.get(f"/status/overdue?page={page}").get_data(as_text=True)
        ids = [i for _, _, _, group in page_groups(html) for i in group]
        assert ids, page
        for assignment_id in ids:
            form = (f'action="/assignments/{assignment_id}/urge'
                    f'?next=/status/overdue?page%3D{page}"')
            mine = paths[owners[assignment_id]].startswith(coordinator.body.path)
            assert (form in html) == mine, assignment_id
            urged += mine
    assert urged
