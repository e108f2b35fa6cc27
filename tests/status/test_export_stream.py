"""The long exports read their rows a batch at a time and write each as it comes: the
assignments alive at once stay under two batches whatever the rows, the statements do not
grow with them, and the overdue export holds exactly the overdue page's rows, in its order."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from tests.conftest import TODAY, counted_queries, login
from tracker.assignments.models import Assignment
from tracker.assignments.state import days_overdue
from tracker.bodies.models import Body
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.status.exports import HEADER_ROW
from tracker.tasks.models import Task

pytestmark = pytest.mark.usefixtures("fast_passwords", "status_today")
BATCH = 2


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def export(client, url: str) -> tuple[list, int, int]:
    """The export's rows, its statements, and the most assignments loaded in the request's
    session at once (counted as each is loaded)."""
    alive = [0]

    def loaded(target, context):
        in_session = context.session.identity_map.values()
        alive[0] = max(alive[0], sum(isinstance(o, Assignment) for o in in_session))

    event.listen(Assignment, "load", loaded)
    try:
        with counted_queries() as statements:
            response = client.get(url)
    finally:
        event.remove(Assignment, "load", loaded)
    return sheet_rows(response), len(statements), alive[0]


def page_ids(client) -> list[int]:
    """The assignments of the overdue page, page after page, in its order."""
    ids, page = [], 1
    while True:
        html = client.get("/status/overdue", query_string={"page": page}).get_data(as_text=True)
        found = [int(i) for i in re.findall(r'href="/assignments/(\d+)"', html)]
        if not found or found[0] in ids:  # past the end, the pager shows the last page
            return ids
        ids += found
        page += 1


@pytest.mark.parametrize("url", ["/status/overdue/export.xlsx",
                                 "/status/bodies/{a}/assignments/export.xlsx?subtree=1"])
def test_an_export_reads_its_rows_in_batches(app, known_world, monkeypatch, url):
    client = login(app.test_client(), known_world.users["leader_root"])
    url = url.format(a=known_world.a.id)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", 1000)
    whole, statements, _ = export(client, url)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", BATCH)
    rows, batched_statements, alive = export(client, url)
    assert len(rows) > 2 * BATCH + 1, "more rows than two batches hold"
    assert rows == whole
    assert alive <= 2 * BATCH + 1, f"{alive} assignments held at once for {len(rows)} rows"
    assert batched_statements == statements


def test_the_overdue_export_holds_the_pages_rows_in_their_order(app, known_world,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    monkeypatch.setitem(app.config, "EXPORT_BATCH", BATCH)
    client = login(app.test_client(), known_world.users["leader_root"])
    ids = page_ids(client)
    assert len(ids) > 3, "several pages"
    rows, _, _ = export(client, "/status/overdue/export.xlsx")
    expected = []
    for assignment_id in ids:
        a = db.session.get(Assignment, assignment_id)
        task = db.session.get(Task, a.task_id)
        expected.append((db.session.get(Body, a.body_id).name, task.title,
                         db.session.get(Directive, task.directive_id).number,
                         days_overdue(a, TODAY)))
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == expected
