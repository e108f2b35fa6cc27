"""The assignment list at national scale (issue 15): pages by cursor in every order it
offers, ties broken by id, counts capped ("hơn 10.000"), the API's page object."""
import html
import re
from datetime import date, timedelta

import pytest

from tests.conftest import NOW, counted_queries, login
from tracker.assignments import operations as ops
from tracker.assignments.models import Assignment
from tracker.assignments.queries import assignment_list, visible_assignments
from tracker.assignments.state import STATES, state_of
from tracker.core.time import vn_today
from tracker.extensions import db
from tracker.tasks.models import Task

ORDERS = {  # ?sort= -> the documented order, in Python
    "": lambda a: (a.status == "done", a.effective_due_on, a.id),
    "due": lambda a: (a.effective_due_on, a.id),
    "body": lambda a: (a.body_name, a.id),
    "task": lambda a: (a.task_title, a.id),
    "activity": lambda a: (a.last_activity_at, a.id),
}


@pytest.fixture
def w(two_provinces, make_body, make_directive, make_task):
    """Province A: 4 tasks x 5 bodies, two deadlines (many ties), some reports accepted,
    one deadline extended, and activity at a few distinct times."""
    from tracker.tasks.operations import assign_bodies
    c = two_provinces
    coord = c.users["coord_a"]
    directive = make_directive(actor=coord)
    bodies = [c.x, c.y] + [make_body(f"Sở {n}", parent=c.a, kind="so_nganh")
                           for n in ("Tư pháp", "Công Thương", "Xây dựng")]
    found = []
    for n, due in enumerate([date(2026, 12, 31), date(2026, 12, 31), date(2025, 3, 1),
                             date(2025, 3, 1)]):
        task = make_task(directive=directive, actor=coord, title=f"Nhiệm vụ {'BA'[n % 2]}",
                         due_on=due)
        found += assign_bodies(task, bodies, lead=bodies[0], due_on=due, actor=coord,
                               now=NOW + timedelta(minutes=n % 2))
    officer = c.users["officer_x"]
    for a in [x for x in found if x.body_id == c.x.id][:3]:
        ops.submit_report(a, note="Đã làm", version=None, actor=officer, now=NOW)
        ops.accept_report(a, note="", actor=coord, now=NOW)
    ops.update_progress(found[1], {"progress": 40, "note": ""}, version=None, actor=c.users[
        "officer_y"], now=NOW)
    ops.extend_deadline(found[-1], {"new_due_on": date(2027, 1, 15), "reason": "Xin gia hạn"},
                        actor=coord, now=NOW)
    db.session.commit()
    return c, coord, found


def _expected(coord, sort: str) -> list[int]:
    descending = sort.startswith("-")
    rows = list(db.session.execute(assignment_list(coord, vn_today())))
    rows.sort(key=ORDERS[sort.lstrip("-")], reverse=descending)
    return [a.id for a in rows]


def _page(client, url: str) -> tuple[list[int], str | None, str | None, str]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    ids = [int(i) for i in re.findall(r'<td><a href="/assignments/(\d+)">', text)]
    links = {rel: html.unescape(m.group(1)) if (m := re.search(
        rf'rel="{rel}" href="([^"]+)"', text)) else None for rel in ("next", "prev")}
    return ids, links["next"], links["prev"], text


@pytest.mark.parametrize("sort", ["", "due", "-due", "body", "-body", "task", "-task",
                                  "activity", "-activity"])
def test_pages_walk_forwards_and_back_in_every_order(app, client, w, sort, monkeypatch):
    """Pages of 3 by cursor: forwards they hold every row once, in the documented order
    with ties broken by id; backwards from the last page they are the same pages."""
    c, coord, found = w
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    login(client, coord)
    expected = _expected(coord, sort)
    assert len(expected) == len(found) == 20
    pages, url, prev = [], f"/assignments/?sort={sort}", None
    while url:
        ids, url, prev, _ = _page(client, url)
        pages.append(ids)
        assert len(pages) < 20, "the pages do not end"
    assert [i for page in pages for i in page] == expected
    assert all(len(p) == 3 for p in pages[:-1])
    back = [pages[-1]]
    while prev:
        ids, _, prev, _ = _page(client, prev)
        back.append(ids)
    assert back[::-1] == pages


def test_the_same_order_on_the_api_and_its_cursors(app, client, w):
    c, coord, found = w
    login(client, coord)
    for sort in ("due", "-activity", "body"):
        expected, seen, after = _expected(coord, sort), [], None
        while True:
            url = f"/api/v1/assignments?per_page=4&sort={sort}" + (f"&after={after}" if after
                                                                    else "")
            page = client.get(url).get_json()
            seen += [a["id"] for a in page["items"]]
            assert page["total"] == 20 and page["total_exact"] and page["pages"] == 5
            after = page["next_cursor"]
            if after is None:
                break
        assert seen == expected
        last = page["items"][0]["id"]
        before = client.get(f"/api/v1/assignments?per_page=4&sort={sort}&before="
                            f"{page['prev_cursor']}").get_json()
        assert [a["id"] for a in before["items"]] == expected[-8:-4] and last == expected[-4]
    # A cursor of another order is refused, naming the parameter.
    other = client.get("/api/v1/assignments?sort=due").get_json()["next_cursor"]
    refused = client.get(f"/api/v1/assignments?sort=body&after={other}")
    assert refused.status_code == 400 and "after" in refused.get_json()["errors"]
    assert client.get("/api/v1/assignments?after=not-a-cursor").status_code == 400
    # On the page, a stale or foreign cursor shows the first page.
    ids, *_ = _page(client, f"/assignments/?sort=body&after={other}")
    assert ids == _expected(coord, "body")[:len(ids)]


def test_a_count_above_the_cap_reads_more_than(app, client, w, monkeypatch):
    c, coord, found = w
    login(client, coord)
    monkeypatch.setitem(app.config, "LIST_COUNT_CAP", 7)
    _, _, _, text = _page(client, "/assignments/")
    assert "Tổng số: hơn 7" in text
    page = client.get("/api/v1/assignments").get_json()
    assert (page["total"], page["total_exact"], page["pages"]) == (7, False, None)
    assert page["next_cursor"] is None  # 20 rows fit on the API's page of 25
    refused = client.get("/api/v1/assignments?per_page=2&page=5")
    assert refused.status_code == 400 and "page" in refused.get_json()["errors"]
    # A filtered list under the cap is counted exactly.
    on_time = sum(state_of(a, vn_today()) == "done_on_time" for a in found)
    _, _, _, text = _page(client, "/assignments/?state=done_on_time")
    assert on_time and f"Tổng số: {on_time}<" in text
    monkeypatch.setitem(app.config, "LIST_COUNT_CAP", 20)
    _, _, _, text = _page(client, "/assignments/")
    assert "Tổng số: 20" in text and "hơn" not in text.split("Tổng số")[1][:12]


def test_each_state_filter_is_the_rule_of_state_of(w):
    """The filters are written as index-friendly conditions: each keeps exactly the rows
    state_of puts in that state."""
    c, coord, found = w
    today = vn_today()
    every = list(db.session.execute(assignment_list(coord, today)))
    assert {state_of(a, today) for a in every} >= {"overdue", "done_on_time", "in_progress"}
    for state in STATES:
        kept = {a.id for a in db.session.execute(assignment_list(coord, today, state=state))}
        assert kept == {a.id for a in every if state_of(a, today) == state}, state
    overdue = {a.id for a in db.session.execute(assignment_list(coord, today, overdue=False))}
    assert overdue == {a.id for a in every if state_of(a, today) != "overdue"}


def test_a_search_finds_by_task_or_body_word_and_counts_alike(app, client, w):
    c, coord, found = w
    login(client, coord)
    every = db.session.execute(assignment_list(coord, vn_today()))
    both = {a.id for a in every if a.task_title.endswith("A") and a.body_id == c.y.id}
    page = client.get("/api/v1/assignments?q=nhiem+vu+a+y+te").get_json()
    assert {a["id"] for a in page["items"]} == both and page["total"] == len(both) == 2
    nothing = client.get("/api/v1/assignments?q=khong+co+gi").get_json()
    assert nothing["items"] == [] and nothing["total"] == 0


def test_a_search_is_counted_up_to_its_own_cap(app, client, w, monkeypatch):
    """A search by words reads "hơn N" above SEARCH_COUNT_CAP, on the page and in the API;
    the same list unsearched, and a search under the cap, are counted exactly."""
    c, coord, found = w
    login(client, coord)
    monkeypatch.setitem(app.config, "SEARCH_COUNT_CAP", 1)
    page = client.get("/api/v1/assignments?q=nhiem+vu+a+y+te").get_json()
    assert (page["total"], page["total_exact"], page["pages"]) == (1, False, None)
    assert len(page["items"]) == 2  # the rows are all there; only the count stops
    _, _, _, text = _page(client, "/assignments/?q=nhiem+vu+a+y+te")
    assert "Tổng số: hơn 1<" in text
    whole = client.get("/api/v1/assignments").get_json()
    assert (whole["total"], whole["total_exact"]) == (len(found), True)
    monkeypatch.setitem(app.config, "SEARCH_COUNT_CAP", 2)
    page = client.get("/api/v1/assignments?q=nhiem+vu+a+y+te").get_json()
    assert (page["total"], page["total_exact"]) == (2, True)


def test_the_api_list_costs_no_more_queries_than_the_page(app, client, w):
    c, coord, found = w
    login(client, coord)
    client.get("/assignments/?sort=due")  # the session's first page sets its cookies
    for page, api in (("/assignments/?sort=due", "/api/v1/assignments?sort=due"),
                      ("/assignments/?sort=body&q=so", "/api/v1/assignments?sort=body&q=so")):
        with counted_queries() as on_page:
            assert client.get(page).status_code == 200
        with counted_queries() as on_api:
            assert client.get(api).status_code == 200
        assert len(on_api) <= len(on_page), (len(on_api), len(on_page))


def test_assignments_of_other_scopes_stay_out_of_the_count(app, client, w, make_task):
    """Province B's coordinator counts only B's: the two-part count adds nothing of A."""
    c, coord, found = w
    login(client, c.users["coord_b"])
    page = client.get("/api/v1/assignments").get_json()
    assert page["items"] == [] and page["total"] == 0
    assert db.session.query(Assignment).count() == 20



@pytest.mark.parametrize("state", ["", *STATES])
def test_a_count_by_state_alone_is_summed_from_the_status_histogram(app, client, w, make_user,
                                                                  state):
    """Unfiltered, or filtered by the derived state alone, the list's count comes from the
    status histogram (tracker/status): as exact as a recount, and for the central leader
    no statement counts the assignments (a million at national scale)."""
    c, coord, found = w
    leader = make_user("leader", body=c.root)
    db.session.commit()
    today = vn_today()
    expected = sum(1 for a in found if not state or state_of(a, today) == state)
    url = "/api/v1/assignments" + (f"?state={state}" if state else "")
    for actor in (leader, coord):
        client = app.test_client()
        login(client, actor)
        client.get("/assignments/")  # the session's first page sets its cookies
        with counted_queries() as statements:
            page = client.get(url).get_json()
        assert (page["total"], page["total_exact"]) == (expected, True), actor.role
        counts = [s for s in statements if "count(" in s.lower() and "assignments" in s]
        assert not counts or actor is coord  # a coordinator counts the tasks owned outside


@pytest.mark.parametrize("few_rows", [0, 5000])
def test_a_directive_filter_shows_the_same_rows_read_either_way(app, client, w, make_task,
                                                                 monkeypatch, few_rows):
    """Few assignments of the directive (read by task and sorted) or many (the list's own
    walk): the same rows, in the same order, counted alike; another directive's stay out."""
    from tracker.assignments import queries
    from tracker.tasks.operations import assign_bodies
    c, coord, found = w
    other = make_task(actor=coord, title="Nhiệm vụ khác", due_on=date(2026, 1, 5))
    assign_bodies(other, [c.x], lead=None, due_on=None, actor=coord, now=NOW)
    db.session.commit()
    monkeypatch.setattr(queries, "FEW_ROWS", few_rows)
    from tracker.tasks.models import Task
    directive_id = db.session.get(Task, found[0].task_id).directive_id
    login(client, coord)
    for sort in ("due", "-body", "task", "-activity"):
        expected = [a.id for a in sorted((a for a in db.session.execute(
            assignment_list(coord, vn_today())) if a.directive_id == directive_id),
            key=ORDERS[sort.lstrip("-")], reverse=sort.startswith("-"))]
        page = client.get(f"/api/v1/assignments?directive_id={directive_id}&sort={sort}"
                          "&per_page=100").get_json()
        assert [a["id"] for a in page["items"]] == expected and page["total"] == 20


@pytest.mark.parametrize("query", ["nhiem vu a y te", "nhiem vu", "so", "y te b",
                                   "khong co gi"])
def test_a_common_word_finds_what_a_rare_one_would(app, client, w, make_task, monkeypatch,
                                                  query):
    """A word held by more tasks or bodies than WORD_IDS_MAX is looked for through the sets
    of them, or, beside a rarer word finding few rows, on those rows' task and body: the
    same rows, order and count as through their ids."""
    from tracker.assignments import queries
    c, coord, found = w
    # A task that is no "nhiệm vụ": else every task holds "nhiem" and "vu", and a word
    # every task holds is no condition at all (the next test).
    make_task(actor=coord, title="Kế hoạch đối thoại", due_on=date(2026, 6, 1))
    db.session.commit()
    login(client, coord)
    url = f"/api/v1/assignments?q={query}&per_page=100&sort=-body"
    by_ids = client.get(url).get_json()
    # A word in more than two tasks or bodies is common: "nhiem" beside "a" or "b".
    # The count finds the subtree's assignments by their bodies, or by the scope alone.
    for most, few_rows, few_bodies in ((2, 2000, 2000), (2, 0, 0), (0, 2000, 0), (0, 0, 2000)):
        monkeypatch.setattr(queries, "WORD_IDS_MAX", most)
        monkeypatch.setattr(queries, "FEW_WORD_ROWS", few_rows)
        monkeypatch.setattr(queries, "FEW_BODIES", few_bodies)
        by_sets = client.get(url).get_json()
        assert by_sets == by_ids, (most, few_rows, few_bodies)
        if query == "nhiem vu a y te":  # each form is the one meant
            with app.test_request_context():
                sql = " ".join(str(c) for c in queries._words_found(query))
            assert ("word_task" in sql) == (most == 0 or few_rows == 0), sql
            assert ("tasks.search_key LIKE" in sql) == (most == 2 and few_rows > 0), sql
    every = db.session.scalars(visible_assignments(coord)).unique()  # objects: the keys
    words = query.split()
    expected = {a.id for a in every if all(
        f" {word} " in f" {a.task.search_key} " or f" {word} " in f" {a.body.search_key} "
        for word in words)}
    assert {a["id"] for a in by_sets["items"]} == expected and by_sets["total"] == len(expected)
    assert bool(expected) == (query != "khong co gi")


@pytest.mark.parametrize("every_task", [True, False])
def test_a_word_every_task_holds_is_no_condition(app, client, w, make_task, monkeypatch,
                                                 every_task):
    """A common word that every task's key holds (here "nhiem" and "vu": every task is a
    "Nhiệm vụ …") rules no assignment out: it adds no condition, and the search finds what
    the other words find. With one task that lacks it, it is looked for as before."""
    from tracker.assignments import queries
    c, coord, found = w
    if not every_task:
        make_task(actor=coord, title="Kế hoạch đối thoại", due_on=date(2026, 6, 1))
        db.session.commit()
    monkeypatch.setattr(queries, "WORD_IDS_MAX", 2)  # 4 tasks hold "nhiem": a common word
    with app.test_request_context():
        sql = " ".join(str(c) for c in queries._words_found("nhiem vu b"))
        assert ("word_task" in sql or "search_key" in sql) != every_task, sql
        assert (queries._words_found("nhiem vu") == []) == every_task
    login(client, coord)
    page = client.get("/api/v1/assignments?q=nhiem vu b&per_page=100").get_json()
    expected = {a.id for a in found if db.session.get(Task, a.task_id).title == "Nhiệm vụ B"}
    assert {a["id"] for a in page["items"]} == expected and page["total"] == len(expected)
    everything = client.get("/api/v1/assignments?q=nhiem vu&per_page=100").get_json()
    assert everything["total"] == len(found)


def test_a_common_word_does_not_lead_the_page(app, w, monkeypatch):
    """A common word's tasks must not drive the page: SQLite read every assignment of
    those tasks through the task index and sorted them all for 25 rows (0.54 s at
    national scale). The page walks the list's order and probes the word's sets."""
    from tracker.assignments import queries
    c, coord, found = w
    monkeypatch.setattr(queries, "WORD_IDS_MAX", 0)
    compiled = assignment_list(coord, vn_today(), query="nhiem vu").limit(25).compile(db.engine)
    conn = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        params = tuple(compiled.params[k] for k in compiled.positiontup)
        plan = " | ".join(row[3] for row in conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", params))
        assert "MULTI-INDEX OR" not in plan and "(task_id=?)" not in plan, plan
    else:
        plan = " | ".join(row[0] for row in conn.exec_driver_sql(
            f"EXPLAIN {compiled}", compiled.params))
        assert "Index Cond: (task_id" not in plan, plan


@pytest.mark.parametrize("few", [5000, 0])
def test_assignments_moved_outside_the_scope_are_counted(app, client, w, make_body, few,
                                                         monkeypatch):
    """Tasks owned in scope whose assignments now lie outside it (a body moved to another
    province, another tree): the count's second part finds them (through the tasks'
    reach, read as ids first, or as a subquery when there are more than FEW_ROWS of
    them), for every filter, as many as the list shows."""
    from tracker.assignments import queries
    from tracker.bodies.operations import move_body
    monkeypatch.setattr(queries, "FEW_ROWS", few)
    c, coord, found = w
    other_root = make_body("Ban Dân vận (cây khác)", kind="ban_dan_van", level="trung_uong")
    move_body(c.y, c.b, actor=None, now=NOW)
    move_body(db.session.get(type(c.x), c.x.id), other_root, actor=None, now=NOW)
    db.session.commit()
    login(client, coord)
    for query in ("", "&q=nhiem+vu", "&q=so", "&state=overdue", "&state=done_on_time",
                  "&status=done", "&sort=body"):
        page = client.get(f"/api/v1/assignments?per_page=100{query}").get_json()
        assert page["total"] == len(page["items"]), query
    assert client.get("/api/v1/assignments?per_page=100").get_json()["total"] == 20


@pytest.mark.parametrize("filters", [{"directive_id": True}, {"body": True}, {}])
def test_the_scope_and_the_body_filter_do_not_lead_the_page(app, w, filters):
    """The scope and the body filter are checked on the rows the list walks in its order:
    read first as a range of the path index (one LIKE pattern), they let SQLite read a
    whole subtree's assignments and sort them for one page (a central leader's list by
    directive: 3 -> 70 ms at national scale; a province's by body: 5 -> 40 ms)."""
    c, coord, found = w
    from tracker.tasks.models import Task
    directive_id = db.session.get(Task, found[0].task_id).directive_id
    chosen = {"directive_id": directive_id} if "directive_id" in filters else {}
    if "body" in filters:
        chosen["body"] = c.a
    compiled = assignment_list(coord, vn_today(), **chosen).limit(25).compile(db.engine)
    assert " LIKE " in str(compiled) and "|| '%" in str(compiled)
    if db.engine.dialect.name == "sqlite":
        params = tuple(compiled.params[k] for k in compiled.positiontup)
        plan = " | ".join(row[3] for row in db.session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", params))
        assert "(path>? AND path<?)" not in plan, plan
