"""Each page runs a fixed number of SQL statements, however much data it shows.

Two provinces side by side, one with N of everything and one with ten times as much: bodies
(departments, a district and its communes), directives, tasks, assignments in every state
(done on time or late, in progress, not started, submitted, extended, overdue), dialogues,
figures, files, extension requests and history. Every page, every status export (.xlsx,
.docx) and every /api/v1/stats document is opened by a user of each province and its
statements are counted. The status rows are written with bulk inserts and the status
histogram rebuilt from them, so that the larger province stays quick to build; the two
provinces are built once for the module. (Relationships are lazy="raise", so a lazy load in
a template fails outright; this catches loops of explicit queries.)
"""
import io
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import insert
from werkzeug.datastructures import FileStorage

from tests.conftest import (
    NOW,
    PASSWORD,
    TODAY,
    cheap_hashing,
    counted_queries,
    empty_tables,
    keep_module_data,
    login,
)
from tracker.assignments import operations as ops
from tracker.assignments.files import add_attachment
from tracker.assignments.models import Assignment, Dialogue, Figure
from tracker.auth.operations import create_user
from tracker.bodies.operations import create_body
from tracker.directives.operations import create_directive
from tracker.extensions import db
from tracker.status.histogram import rebuild
from tracker.tasks import reach
from tracker.tasks.operations import assign_bodies, create_task

N = 3
SCALE = 10
KINDS = ("doi_thoai", "ke_hoach", "bao_cao_dinh_ky", "tuyen_truyen")


def _body(name, parent, kind="dia_phuong", level="tinh"):
    return create_body({"name": name, "kind": kind, "level": level, "short_name": ""},
                       parent=parent, actor=None, now=NOW)


def _user(role, body, email):
    return create_user({"email": email, "full_name": f"Người dùng {role}", "role": role,
                        "body": body, "password": PASSWORD}, actor=None, now=NOW)


def build(n: int, name: str, slug: str, app) -> SimpleNamespace:
    """A province with n departments, a district with n communes, n directives and n tasks
    (deadlines from 300 days ago onwards) given to every body, and on the first assignment
    n files, figures, dialogues, progress notes and extension requests."""
    province = _body(name, None)
    departments = [_body(f"Sở số {i + 1} {name}", province, "so_nganh") for i in range(n)]
    district = _body(f"Huyện số 1 {name}", province, level="huyen")
    communes = [_body(f"Xã số {i + 1} {name}", district, level="xa") for i in range(n)]
    coordinator = _user("coordinator", province, f"chuyenvien.{slug}@example.vn")
    officer = _user("officer", departments[0], f"donvi.{slug}@example.vn")
    db.session.flush()
    directives = [create_directive({"number": f"{i + 1}-CT/TU", "kind": "chi_thi",
                                    "issuer": f"Tỉnh ủy {name}", "issued_on": date(2024, 1, 2),
                                    "title": f"Chỉ thị số {i + 1}", "parent": None},
                                   actor=coordinator, now=NOW) for i in range(n)]
    tasks = [create_task(directives[0], {"kind": KINDS[j % len(KINDS)],
                                         "title": f"Nhiệm vụ {j + 1}",
                                         "due_on": TODAY + timedelta(days=-300 + 40 * j)},
                         actor=coordinator, now=NOW) for j in range(n)]
    first, *_ = assign_bodies(tasks[0], departments, lead=departments[0], due_on=None,
                              actor=coordinator, now=NOW)
    for i in range(n):
        add_attachment(first, FileStorage(io.BytesIO(b"%PDF-1.4 " + bytes([i])), f"tep-{i}.pdf"),
                       allowed={"pdf"}, max_bytes=10**6,
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
    _bulk_assignments(tasks, departments, [district, *communes], officer)
    db.session.flush()
    return SimpleNamespace(
        coordinator=SimpleNamespace(email=coordinator.email),
        officer=SimpleNamespace(email=officer.email), directive_id=directives[0].id,
        task_id=tasks[0].id, assignment_id=first.id, body_id=departments[0].id,
        district_id=district.id)


def _bulk_assignments(tasks, departments, local, officer) -> None:
    """Every task to every body (the first task's departments already have theirs), in
    turn done on time, done late, in progress, not started, submitted, extended; a dialogue
    on each dialogue task's assignment, a figure on every other one."""
    rows = []
    for j, task in enumerate(tasks):
        for body in (local if j == 0 else departments + local):
            k = len(rows)
            due = task.due_on
            rows.append({
                "task_id": task.id, "body_id": body.id, "role": "support", "due_on": due,
                "extended_due_on": due + timedelta(days=30) if k % 6 == 5 else None,
                "status": ("done", "done", "in_progress", "not_started", "submitted",
                           "not_started")[k % 6],
                "progress": 100 if k % 6 < 2 else 0,
                "submitted_on": due + timedelta(days=k % 6 * 3 - 1) if k % 6 in (0, 1, 4)
                else None,
                "completed_on": due + timedelta(days=k % 6 * 3 - 1) if k % 6 < 2 else None,
                "last_activity_at": NOW, "created_at": NOW, "version": 1})
    ids = db.session.scalars(insert(Assignment).returning(Assignment.id), rows).all()
    dialogues, figures = [], []
    for k, (row, assignment_id) in enumerate(zip(rows, ids, strict=True)):
        if next(t.kind for t in tasks if t.id == row["task_id"]) == "doi_thoai":
            dialogues.append({
                "assignment_id": assignment_id, "held_on": TODAY - timedelta(days=10 * k),
                "level": ("tinh", "huyen", "xa")[k % 3], "host": "Bí thư", "place": "Hội trường",
                "participants": 20 + k, "opinions_raised": k % 7, "opinions_settled": k % 3 % 7,
                "recorded_by_id": officer.id, "recorded_at": NOW})
        if k % 2 == 0:
            figures.append({"assignment_id": assignment_id, "name": "Số cuộc",
                            "name_key": "so cuoc", "unit": "cuộc", "value": k,
                            "updated_by_id": officer.id, "updated_at": NOW})
    for model, values in ((Dialogue, dialogues), (Figure, figures)):
        if values:
            db.session.execute(insert(model), values)


@pytest.fixture(scope="module")
def worlds(app):
    """The two provinces, built once (cheap password hashing), emptied after the module."""
    with cheap_hashing(), app.app_context():
        built = (build(N, "Tỉnh Lào Cai", "laocai", app),
                 build(SCALE * N, "Tỉnh Lạng Sơn", "langson", app))
        rebuild(db.session)  # the bulk rows bypassed the flush hooks
        reach.rebuild(db.session)
        db.session.commit()
    yield built
    with app.app_context():
        empty_tables()


_clean_database = keep_module_data("worlds")  # the provinces stay for the whole module
pytestmark = [pytest.mark.usefixtures("status_today"),  # the day the data is built around
              pytest.mark.xdist_group("query_counts")]  # one worker builds the provinces


PAGES = {
    "directives": ("coordinator", lambda w: "/directives/"),
    "tasks": ("coordinator", lambda w: "/tasks/"),
    "assignments": ("coordinator", lambda w: "/assignments/"),
    "assignments-officer": ("officer", lambda w: "/assignments/"),
    "inbox": ("coordinator", lambda w: "/assignments/inbox"),  # and the menu's count
    "directive": ("coordinator", lambda w: f"/directives/{w.directive_id}"),
    "task": ("coordinator", lambda w: f"/tasks/{w.task_id}"),
    "assignment": ("coordinator", lambda w: f"/assignments/{w.assignment_id}"),
    "assignment-officer": ("officer", lambda w: f"/assignments/{w.assignment_id}"),
    # The status pages.
    "status": ("coordinator", lambda w: "/status/"),
    "status-period": ("coordinator", lambda w: "/status/?year=2026&half=2"),
    "status-directive": ("coordinator", lambda w: f"/status/?directive_id={w.directive_id}"),
    "status-live": ("coordinator", lambda w: "/status/?body_level=xa&task_kind=doi_thoai"),
    "status-body": ("coordinator", lambda w: f"/status/bodies/{w.district_id}"),
    "status-body-period": ("coordinator",
                           lambda w: f"/status/bodies/{w.district_id}?start=01/06/2026"),
    "body-assignments": ("coordinator", lambda w: f"/status/bodies/{w.body_id}/assignments"),
    "body-assignments-2": ("coordinator",
                           lambda w: f"/status/bodies/{w.body_id}/assignments?page=2"),
    "body-assignments-subtree": ("coordinator", lambda w: f"/status/bodies/{w.district_id}"
                                                          "/assignments?subtree=1&page=2"),
    "per-directive": ("coordinator", lambda w: f"/status/directives/{w.directive_id}"),
    "per-directive-filtered": ("coordinator",
                               lambda w: f"/status/directives/{w.directive_id}?body_level=xa"),
    "overdue": ("coordinator", lambda w: "/status/overdue"),
    "overdue-age": ("coordinator", lambda w: "/status/overdue?age=gt120&year=2026"),
    "overdue-live": ("coordinator", lambda w: "/status/overdue?body_level=xa"),
    "overdue-2": ("coordinator", lambda w: "/status/overdue?page=2"),
    "overdue-full": ("coordinator", lambda w: "/status/overdue"),
    "dialogues": ("coordinator", lambda w: "/status/dialogues"),
    "dialogues-body": ("coordinator",
                       lambda w: f"/status/bodies/{w.district_id}/dialogues?year=2026"),
    # Their exports.
    "status-xlsx": ("coordinator", lambda w: "/status/export.xlsx"),
    "status-body-xlsx": ("coordinator", lambda w: f"/status/bodies/{w.district_id}/export.xlsx"
                                                  f"?directive_id={w.directive_id}"),
    "body-assignments-xlsx": ("coordinator",
                              lambda w: f"/status/bodies/{w.body_id}/assignments/export.xlsx"),
    "body-assignments-subtree-xlsx": ("coordinator", lambda w: f"/status/bodies/{w.district_id}"
                                                               "/assignments/export.xlsx"
                                                               "?subtree=1"),
    "per-directive-xlsx": ("coordinator",
                           lambda w: f"/status/directives/{w.directive_id}/export.xlsx"),
    "report-docx": ("coordinator", lambda w: f"/status/directives/{w.directive_id}/report.docx"),
    "overdue-xlsx": ("coordinator", lambda w: "/status/overdue/export.xlsx"),
    "overdue-live-xlsx": ("coordinator", lambda w: "/status/overdue/export.xlsx?task_kind="
                                                   "doi_thoai"),
    "dialogues-xlsx": ("coordinator", lambda w: "/status/dialogues/export.xlsx"),
    "dialogues-body-xlsx": ("coordinator",
                            lambda w: f"/status/bodies/{w.district_id}/dialogues/export.xlsx"),
    # And their JSON.
    "stats-provinces": ("coordinator", lambda w: "/api/v1/stats/provinces"),
    "stats-body": ("coordinator", lambda w: f"/api/v1/stats/bodies/{w.district_id}?year=2026"),
    "stats-overdue": ("coordinator", lambda w: "/api/v1/stats/overdue"),
    "stats-overdue-live": ("coordinator",
                           lambda w: "/api/v1/stats/overdue?body_level=xa&page=2"),
    "stats-overdue-full": ("coordinator", lambda w: "/api/v1/stats/overdue"),
    "stats-directive": ("coordinator", lambda w: f"/api/v1/stats/directives/{w.directive_id}"),
    "stats-dialogues": ("coordinator", lambda w: "/api/v1/stats/dialogues"),
    "stats-dialogues-body": ("coordinator",
                             lambda w: f"/api/v1/stats/dialogues?body_id={w.district_id}"),
}


# Pages of 2 rows, so that the second page of each list has rows in both provinces; and
# pages of 25 (-full), so that the larger province's page holds more rows and more bodies.
FULL_PAGE = 25
# Lists of a page's rows: both provinces fill a page, so the sizes need not differ.
PAGINATED = {"directives", "tasks", "assignments", "assignments-officer", "inbox",
             "body-assignments", "body-assignments-subtree",
             "body-assignments-2", "overdue", "overdue-age", "overdue-live", "overdue-2",
             "stats-overdue", "stats-overdue-live"}


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_does_not_grow_with_the_data(app, worlds, name, monkeypatch):
    role, url = PAGES[name]
    monkeypatch.setitem(app.config, "PAGE_SIZE", FULL_PAGE if name.endswith("-full") else 2)
    counts, sizes = [], []
    for world in worlds:
        client = app.test_client()
        login(client, getattr(world, role))
        with counted_queries() as statements:
            response = client.get(url(world))
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        counts.append(len(statements))
        sizes.append(len(response.data))
    small, large = counts
    assert small == large, f"{small} statements for N, {large} for {SCALE}N"
    if name not in PAGINATED:
        assert sizes[0] < sizes[1], f"the larger province shows more: {sizes}"


def test_every_status_page_is_counted(app):
    """A new status page, export or JSON document must join PAGES."""
    ids = SimpleNamespace(directive_id=1, task_id=1, assignment_id=1, body_id=1, district_id=1)
    covered = {re.sub(r"/\d+(?=/|$)", "/<id>", url(ids).split("?")[0])
               for _, url in PAGES.values()}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("status", "stats_api"):
            assert re.sub(r"<int:\w+>", "<id>", rule.rule) in covered, rule.rule
