"""A provincial user never sees another province's numbers: every status page (the printed
page is the same page), every export and every /api/v1/stats JSON, with and without
filters, shows nothing of province B (no name, no id, no count), and B's ids answer 404."""
import io
import json
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import login
from tracker.assignments.models import Assignment, Dialogue
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.tasks.models import Task

pytestmark = pytest.mark.usefixtures("status_today")


def urls(w) -> list[str]:
    """Every status route, as province A's users reach it."""
    b = w.bodies
    return [
        "/status/", f"/status/bodies/{w.a.id}", f"/status/bodies/{b['d'].id}",
        f"/status/bodies/{b['c1'].id}",
        f"/status/bodies/{b['x'].id}/assignments", f"/status/bodies/{b['c2'].id}/assignments",
        f"/status/directives/{w.directive_a.id}", f"/status/directives/{w.central.id}",
        "/status/overdue", "/status/overdue?age=le30", "/status/overdue?age=gt120",
        "/status/dialogues", f"/status/bodies/{b['d'].id}/dialogues",
        "/status/export.xlsx", f"/status/bodies/{b['d'].id}/export.xlsx",
        f"/status/bodies/{b['x'].id}/assignments/export.xlsx",
        f"/status/directives/{w.directive_a.id}/export.xlsx",
        f"/status/directives/{w.central.id}/export.xlsx",
        f"/status/directives/{w.directive_a.id}/report.docx",
        f"/status/directives/{w.central.id}/report.docx",
        "/status/overdue/export.xlsx", "/status/dialogues/export.xlsx",
        f"/status/bodies/{b['d'].id}/dialogues/export.xlsx",
        "/api/v1/stats/provinces", f"/api/v1/stats/bodies/{w.a.id}",
        f"/api/v1/stats/bodies/{b['d'].id}", "/api/v1/stats/overdue",
        f"/api/v1/stats/directives/{w.directive_a.id}",
        f"/api/v1/stats/directives/{w.central.id}",
        "/api/v1/stats/dialogues", f"/api/v1/stats/dialogues?body_id={b['d'].id}",
    ]


def foreign_urls(w) -> list[str]:
    """The same routes with province B's (or the central Ban's) ids."""
    found = []
    for body in (w.b, w.bodies["y"], w.bodies["z"], w.root):
        found += [f"/status/bodies/{body.id}", f"/status/bodies/{body.id}/export.xlsx",
                  f"/status/bodies/{body.id}/assignments",
                  f"/status/bodies/{body.id}/assignments/export.xlsx",
                  f"/status/bodies/{body.id}/dialogues",
                  f"/status/bodies/{body.id}/dialogues/export.xlsx",
                  f"/api/v1/stats/bodies/{body.id}", f"/api/v1/stats/dialogues?body_id={body.id}"]
    for suffix in ("", "/export.xlsx", "/report.docx"):
        found.append(f"/status/directives/{w.directive_b.id}{suffix}")
    found.append(f"/api/v1/stats/directives/{w.directive_b.id}")
    return found


def filter_sets(w) -> list[dict]:
    return [{}, {"year": "2026"}, {"year": "2026", "half": "2"},
            {"start": "01/01/2026", "end": "30/09/2026"}, {"task_kind": "doi_thoai"},
            {"task_kind": "so_ket"}, {"body_kind": "so_nganh"}, {"body_level": "huyen"},
            {"directive_id": str(w.central.id)}, {"directive_id": str(w.directive_a.id)},
            {"directive_id": str(w.directive_b.id)}]  # B's own: nothing of it either


class Foreign:
    """What province B owns, and what must never show to province A."""

    def __init__(self, w):
        inside = Body.path.startswith(w.b.path)
        self.bodies = set(db.session.scalars(select(Body.id).where(inside)))
        self.directives = {w.directive_b.id}
        self.tasks = set(db.session.scalars(select(Task.id).where(
            Task.directive_id == w.directive_b.id)))
        self.assignments = set(db.session.scalars(
            select(Assignment.id).join(Body, Body.id == Assignment.body_id).where(inside)))
        self.texts = [*db.session.scalars(select(Body.name).where(inside)),
                      w.directive_b.number, w.directive_b.title, w.directive_b.issuer,
                      *db.session.scalars(select(Task.title).where(Task.id.in_(self.tasks))),
                      "Bạc Liêu", "BẠC LIÊU"]


def fetch(client, url: str, args: dict):
    path, _, query = url.partition("?")
    if path.startswith("/api/v1/stats/directives/"):  # the directive is the path's (400)
        args = {k: v for k, v in args.items() if k != "directive_id"}
    return client.get(path, query_string={**dict(p.split("=") for p in query.split("&") if p),
                                          **args})


def readable(response) -> str:
    """The text a user gets: the page, the JSON, every cell of a workbook, a document."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data))
        return "\n".join(str(c) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for c in row
                         if c is not None)
    if response.mimetype.endswith("wordprocessingml.document"):
        document = Document(io.BytesIO(response.data))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows
                  for cell in row.cells]
        return "\n".join(parts)
    return response.get_data(as_text=True)


def linked_ids(html: str) -> dict[str, set[int]]:
    """The ids a page links to or offers, by kind."""
    def ids(pattern, text=html):
        return {int(i) for i in re.findall(pattern, text)}
    choices = re.findall(r'id="f-directive".*?</select>', html, re.S)
    return {"bodies": ids(r"/bodies/(\d+)"),
            "directives": ids(r"/directives/(\d+)") | ids(r'value="(\d+)"', "".join(choices)),
            "tasks": ids(r"/tasks/(\d+)"), "assignments": ids(r"/assignments/(\d+)")}


def json_ids(data) -> dict[str, set[int]]:
    """The ids a stats document names, by kind (see tracker/status/api.py)."""
    found = {"bodies": set(), "directives": set(), "tasks": set(), "assignments": set()}

    def walk(value, kind=None):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "body_id" and item is not None:
                    found["bodies"].add(item)
                elif key == "assignment_id":
                    found["assignments"].add(item)
                elif key == "id" and kind:
                    found[kind].add(item)
                else:
                    walk(item, {"node": "bodies", "bodies": "bodies", "tasks": "tasks",
                                "directive": "directives"}.get(key, kind if key == "states"
                                                               else None))
        elif isinstance(value, list):
            for item in value:
                walk(item, kind)
    walk(data)
    return found


def own_counts(w) -> dict:
    """Province A's totals, counted here: what its tables must add up to."""
    inside = Body.path.startswith(w.a.path)
    assigned = db.session.scalar(select(db.func.count()).select_from(Assignment)
                                 .join(Body, Body.id == Assignment.body_id).where(inside))
    people = db.session.scalar(select(db.func.sum(Dialogue.participants))
                               .join(Assignment, Assignment.id == Dialogue.assignment_id)
                               .join(Body, Body.id == Assignment.body_id).where(inside))
    return {"assigned": assigned, "participants": people}


@pytest.mark.parametrize("role", ["leader_a", "coord_a"])
def test_province_a_sees_nothing_of_province_b(app, known_world, role):
    w = known_world
    foreign, own = Foreign(w), own_counts(w)
    client = login(app.test_client(), w.users[role])
    checked = 0
    for url in urls(w):
        for args in filter_sets(w):
            response = fetch(client, url, args)
            assert response.status_code == 200, (url, args, response.status_code)
            text = readable(response)
            leaked = [t for t in foreign.texts if t in text]
            assert not leaked, (url, args, leaked)
            if response.mimetype == "application/json":
                data = json.loads(text)
                ids = json_ids(data)
            elif response.mimetype == "text/html":
                ids = linked_ids(text)
            else:
                ids = {}
            for kind, found in ids.items():
                assert not found & getattr(foreign, kind), (url, args, kind, found)
            checked += 1
    assert checked == len(urls(w)) * len(filter_sets(w))

    # The totals are province A's alone (B's assignments and dialogues would add to them).
    table = client.get("/api/v1/stats/provinces").get_json()
    assert table["node"]["id"] == w.a.id and table["total"]["assigned"] == own["assigned"]
    dialogues = client.get("/api/v1/stats/dialogues").get_json()
    assert sum(level["participants"] for row in dialogues["rows"]
               for level in row["levels"].values()) == own["participants"]
    central = client.get(f"/api/v1/stats/directives/{w.central.id}").get_json()
    assert [b["id"] for b in central["bodies"]] == [w.bodies["x"].id]
    assert sum(sum(t["counts"].values()) for t in central["tasks"]) == 1


@pytest.mark.parametrize("role", ["leader_a", "coord_a"])
def test_province_b_ids_answer_404(app, known_world, role):
    w = known_world
    client = login(app.test_client(), w.users[role])
    for url in foreign_urls(w):
        for args in ({}, {"year": "2026"}, {"task_kind": "so_ket"}):
            response = fetch(client, url, args)
            assert response.status_code == 404, (url, args, response.status_code)
            text = response.get_data(as_text=True)
            assert not [t for t in Foreign(w).texts if t in text], url
            if url.startswith("/api/"):
                assert response.mimetype == "application/problem+json", url


def test_every_status_route_is_covered(app, known_world):
    """A new status page or JSON must join the lists above."""
    w = known_world
    covered = {re.sub(r"/\d+(?=/|$)", "/<id>", u.split("?")[0])
               for u in urls(w) + foreign_urls(w)}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("status", "stats_api"):
            path = re.sub(r"<int:\w+>", "<id>", rule.rule)
            assert path in covered, rule.rule


def test_the_central_ban_sees_both(app, known_world):
    """The same pages for a central leader do show province B: the checks above can see it."""
    w = known_world
    client = login(app.test_client(), w.users["leader_root"])
    text = readable(client.get(f"/status/directives/{w.central.id}/export.xlsx"))
    assert "Sở Nội vụ tỉnh Bạc Liêu" in text
    data = client.get("/api/v1/stats/provinces").get_json()
    assert w.b.id in json_ids(data)["bodies"]
    html = client.get("/status/overdue").get_data(as_text=True)
    assert "Huyện Hòa Bình" in html and linked_ids(html)["assignments"] & Foreign(w).assignments
