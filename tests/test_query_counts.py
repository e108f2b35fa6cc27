"""Each page runs a fixed number of SQL statements, however much data it shows.

Two provinces side by side, one with N of everything and one with 5N; each page is opened
by a user of each and the statements are counted. (Relationships are lazy="raise", so a
lazy load in a template fails outright; this catches loops of explicit queries.)
"""
import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, counted_queries, login
from tracker.assignments import operations as ops
from tracker.assignments.files import add_attachment
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies

pytestmark = pytest.mark.usefixtures("fast_passwords")
N = 2


def build(n, name, *, app, make_body, make_user, make_directive, make_task):
    """A province with n directives, n tasks, about 2n assignments and, on the first
    assignment, n files, figures, dialogues, extension requests and history entries."""
    province = make_body(name)
    bodies = [make_body(f"Sở số {i}", parent=province, kind="so_nganh") for i in range(n)]
    coordinator = make_user("coordinator", body=province)
    officer = make_user("officer", body=bodies[0])
    directives = [make_directive(actor=coordinator, number=f"{i + 1}-CT/TU",
                                 title=f"Chỉ thị số {i + 1}") for i in range(n)]
    tasks = [make_task(directive=directives[0], actor=coordinator, kind="doi_thoai",
                       title=f"Đối thoại đợt {i + 1}") for i in range(n)]
    first, *_ = assign_bodies(tasks[0], bodies, lead=bodies[0], due_on=None,
                              actor=coordinator, now=NOW)
    for task in tasks[1:]:
        assign_bodies(task, [bodies[0]], lead=None, due_on=None, actor=coordinator, now=NOW)
    for i in range(n):
        add_attachment(first, FileStorage(io.BytesIO(b"%PDF-1.4 " + bytes([i])), f"tep-{i}.pdf"),
                       upload_dir=app.config["UPLOAD_DIR"], allowed={"pdf"}, max_bytes=10**6,
                       actor=officer, now=NOW)
        ops.set_figure(first, {"name": f"Số liệu {i}", "unit": "cuộc", "value": i},
                       actor=officer, now=NOW)
        ops.record_dialogue(first, {"held_on": date(2026, 11, 1), "level": "xa",
                                    "host": f"Chủ trì {i}", "place": "Nhà văn hóa",
                                    "participants": 10, "opinions_raised": 2,
                                    "opinions_settled": 1}, actor=officer, now=NOW)
        ops.update_progress(first, {"progress": i + 1, "note": f"Lần {i}"}, version=None,
                            actor=officer, now=NOW)
        request = ops.request_extension(
            first, {"requested_due_on": first.due_on + timedelta(days=i + 1),
                    "reason": f"Lý do {i}"}, actor=officer, now=NOW)
        ops.decide_extension(request, first, grant=False, note="Chưa đủ căn cứ",
                             actor=coordinator, now=NOW)
    db.session.commit()
    return SimpleNamespace(coordinator=coordinator, officer=officer,
                           directive_id=directives[0].id, task_id=tasks[0].id,
                           assignment_id=first.id, body_id=bodies[0].id)


@pytest.fixture
def worlds(app, make_body, make_user, make_directive, make_task):
    factories = {"app": app, "make_body": make_body, "make_user": make_user,
                 "make_directive": make_directive, "make_task": make_task}
    return build(N, "Tỉnh Lào Cai", **factories), build(5 * N, "Tỉnh Lạng Sơn", **factories)


PAGES = [
    ("coordinator", lambda w: "/directives/"),
    ("coordinator", lambda w: "/tasks/"),
    ("coordinator", lambda w: "/assignments/"),
    ("officer", lambda w: "/assignments/"),
    ("coordinator", lambda w: f"/directives/{w.directive_id}"),
    ("coordinator", lambda w: f"/tasks/{w.task_id}"),
    ("coordinator", lambda w: f"/assignments/{w.assignment_id}"),
    ("officer", lambda w: f"/assignments/{w.assignment_id}"),
    ("coordinator", lambda w: "/status/"),
    ("coordinator", lambda w: "/status/?year=2026&half=2"),
    ("coordinator", lambda w: f"/status/?directive_id={w.directive_id}"),
    ("coordinator", lambda w: f"/status/bodies/{w.body_id}"),
    ("coordinator", lambda w: "/status/overdue"),
    ("coordinator", lambda w: "/status/overdue?age=le30&year=2026"),
]
IDS = ["directives", "tasks", "assignments", "assignments-officer", "directive", "task",
       "assignment", "assignment-officer", "status", "status-period", "status-directive",
       "status-body", "overdue", "overdue-age"]


@pytest.mark.parametrize("role, url", PAGES, ids=IDS)
def test_query_count_does_not_grow_with_the_data(app, worlds, role, url):
    counts = []
    for world in worlds:
        client = app.test_client()
        login(client, getattr(world, role))
        with counted_queries() as statements:
            response = client.get(url(world))
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        counts.append(len(statements))
    small, large = counts
    assert small == large, f"{small} statements for N, {large} for 5N"
