"""Who may open and change what: every route of the core blueprints, for every role.

One small world: the centre with two provinces; province A has bodies X (assigned) and Y
(its sibling, not assigned). Outside the user's scope is 404, visible but not theirs to
change is 403, allowed is 200/302, anonymous is sent to /login, and a POST without a CSRF
token is 400. Refused requests and GETs write nothing.
"""
import io
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Callable

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, PASSWORD, csrf_token, login, shared_data
from tracker.api.operations import create_token
from tracker.assignments.files import add_attachment
from tracker.assignments.operations import request_extension, submit_report
from tracker.core.time import utcnow
from tracker.extensions import db
from tracker.feeds.operations import create_feed
from tracker.history.models import HistoryEntry
from tracker.imports.pending import keep_pending

BLUEPRINTS = {"main", "auth", "directives", "tasks", "assignments", "status", "stats_api",
              "chain", "api_tokens", "directive_tasks"}
ROLES = ["coord_a", "leader_a", "officer_x", "officer_y", "coord_b", "admin", "anon"]
LOGIN = "login"  # expected answer: 302 to the login page


# ---- the world -------------------------------------------------------------------------

@shared_data
def world(two_provinces, make_directive, make_task, make_assignment):
    cast = two_provinces
    a, b, x, y, users = cast.a, cast.b, cast.x, cast.y, cast.users
    directive = make_directive(actor=users["coord_a"], number="33-CT/TU")
    task = make_task(directive=directive, actor=users["coord_a"])
    task2 = make_task(directive=directive, actor=users["coord_a"], title="Báo cáo sơ bộ")
    open_ = make_assignment(task=task, body=x)
    submitted = make_assignment(task=task2, body=x)
    officer = users["officer_x"]
    attachment = add_attachment(
        open_, FileStorage(io.BytesIO(b"%PDF-1.4 bao cao"), "bao-cao.pdf"),
        allowed={"pdf"}, max_bytes=1024 * 1024,
        actor=officer, now=NOW)
    submit_report(submitted, note="Nộp", version=None, actor=officer, now=NOW)
    extension = request_extension(submitted, {"requested_due_on": date(2027, 1, 31),
                                              "reason": "Chờ số liệu của các xã"},
                                  actor=officer, now=NOW)
    token, _secret = create_token(users["coord_a"], {"name": "iOffice"}, now=NOW)
    feed, _secret = create_feed(users["coord_a"], now=NOW)
    db.session.commit()
    return SimpleNamespace(
        a=a, b=b, x=x, y=y, users=users, directive_id=directive.id, task_id=task.id,
        open_id=open_.id, open_version=open_.version, submitted_id=submitted.id,
        attachment_id=attachment.id, extension_id=extension.id, token_id=token.id,
        feed_id=feed.id)


# ---- the cases -------------------------------------------------------------------------

def expect(default, **roles):
    """Expected status by role: `default` for signed-in roles, anonymous to /login."""
    answers = {role: default for role in ROLES}
    answers["anon"] = LOGIN
    answers.update(roles)
    return answers


# Reads and writes of province A's objects, by who is asking.
READ_A = expect(200, officer_y=404, coord_b=404)            # assigned to X: Y cannot see it
READ_DIRECTIVE_A = expect(200, coord_b=404)                 # issued above X and Y: both read it
MANAGE = expect(403, coord_a=302, officer_y=404, coord_b=404)
MANAGE_FORM = expect(403, coord_a=200, officer_y=404, coord_b=404)
REPORT = expect(403, officer_x=302, officer_y=404, coord_b=404)
DERIVE = expect(403, coord_a=302, coord_b=404)
DERIVE_FORM = expect(403, coord_a=200, coord_b=404)
EDIT_DIRECTIVE = expect(403, coord_a=302, coord_b=404)
EDIT_DIRECTIVE_FORM = expect(403, coord_a=200, coord_b=404)
URGE = expect(403, coord_a=302, leader_a=302, officer_y=404, coord_b=404)
READ_PROVINCE_A = expect(200, officer_x=404, officer_y=404, coord_b=404)
API = expect(200, anon=401)                                 # the JSON API never redirects


@dataclass
class Case:
    endpoint: str
    method: str
    url: Callable
    expected: dict
    data: Callable = field(default=lambda w: {})
    multipart: bool = False

    def __str__(self):
        return f"{self.endpoint}-{self.method}"


def _task_sheet(w) -> bytes:
    """One task of directive 33-CT/TU for X (lead) and Y: importable by coord_a only."""
    workbook = Workbook()
    workbook.active.append(["Tên nhiệm vụ", "Số văn bản", "Đơn vị chủ trì", "Đơn vị phối hợp",
                            "Hạn hoàn thành"])
    workbook.active.append(["Tập huấn công tác dân vận", "33-CT/TU", "Sở Nội vụ", "Sở Y tế",
                            "31/12/2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _kept_sheet(w):
    """A sheet coord_a uploaded and was shown without errors, waiting for confirmation."""
    token = keep_pending(_task_sheet(w), kind="tasks", user_id=w.users["coord_a"].id,
                         now=utcnow())
    db.session.commit()
    return {"token": token}


def _task_form(w):
    # confirm: saved whatever the day the suite runs (a deadline past is only a warning)
    return {"kind": "ke_hoach", "title": "Xây dựng kế hoạch thực hiện", "due_on": "31/12/2026",
            "confirm": "1"}


CASES = [
    Case("main.home", "GET", lambda w: "/", expect(302)),
    Case("main.healthz", "GET", lambda w: "/healthz", expect(200, anon=200)),
    Case("auth.login", "GET", lambda w: "/login", expect(302, anon=200)),
    Case("auth.login", "POST", lambda w: "/login", expect(302, anon=302),
         lambda w: {"email": w.users["coord_a"].email, "password": PASSWORD}),
    Case("auth.logout", "POST", lambda w: "/logout", expect(302)),
    Case("auth.profile", "GET", lambda w: "/profile", expect(200)),
    Case("auth.profile", "POST", lambda w: "/profile", expect(302),
         lambda w: {"current_password": PASSWORD, "new_password": "mat-khau-moi-2026"}),
    Case("auth.mail_preferences", "POST", lambda w: "/profile/mail", expect(302),
         lambda w: {"daily_digest": "y"}),
    Case("auth.event_mail_preferences", "POST", lambda w: "/profile/event-mails",
         expect(302, leader_a=403, admin=403),       # leaders and admins get no event mail
         lambda w: {}),                              # every switch off: a change
    Case("api_tokens.tokens", "GET", lambda w: "/profile/tokens", expect(200)),
    Case("api_tokens.create", "POST", lambda w: "/profile/tokens", expect(200),
         lambda w: {"name": "Kết nối iOffice", "read_only": "y"}),
    Case("api_tokens.revoke", "POST", lambda w: f"/profile/tokens/{w.token_id}/revoke",
         expect(404, coord_a=302)),                  # only one's own tokens
    Case("auth.create_calendar_feed", "POST", lambda w: "/profile/calendar", expect(200)),
    Case("auth.revoke_calendar_feed", "POST",
         lambda w: f"/profile/calendar/{w.feed_id}/revoke", expect(404, coord_a=302)),

    Case("directives.index", "GET", lambda w: "/directives/", expect(200)),
    Case("directives.new", "GET", lambda w: "/directives/new",
         expect(403, coord_a=200, coord_b=200)),
    Case("directives.new", "POST", lambda w: "/directives/new",
         expect(403, coord_a=302, coord_b=302),
         lambda w: {"number": "18-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy",
                    "issued_on": "15/09/2016", "title": "Dân vận trong cơ quan hành chính",
                    "parent_id": "0"}),
    Case("directives.show", "GET", lambda w: f"/directives/{w.directive_id}", READ_DIRECTIVE_A),
    Case("directives.edit", "GET", lambda w: f"/directives/{w.directive_id}/edit",
         EDIT_DIRECTIVE_FORM),
    Case("directives.edit", "POST", lambda w: f"/directives/{w.directive_id}/edit",
         EDIT_DIRECTIVE,
         lambda w: {"number": "33-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
                    "issued_on": "30/10/2017", "title": "Phòng, chống tảo hôn và hôn nhân "
                    "cận huyết thống", "parent_id": "0", "version": "1"}),
    Case("directive_tasks.new_task", "GET", lambda w: f"/directives/{w.directive_id}/tasks/new",
         DERIVE_FORM),
    Case("directive_tasks.new_task", "POST", lambda w: f"/directives/{w.directive_id}/tasks/new",
         DERIVE, _task_form),
    Case("directive_tasks.new_periodic", "GET",
         lambda w: f"/directives/{w.directive_id}/tasks/periodic", DERIVE_FORM),
    Case("directive_tasks.new_periodic", "POST",
         lambda w: f"/directives/{w.directive_id}/tasks/periodic", DERIVE,
         lambda w: {"frequency": "year", "first_year": "2026", "last_year": "2027",
                    "due_day": "15"}),

    Case("tasks.index", "GET", lambda w: "/tasks/", expect(200)),
    Case("tasks.proposal", "GET",
         lambda w: f"/tasks/proposal?directive_id={w.directive_id}&kind=so_ket&years=3",
         DERIVE_FORM),
    Case("tasks.show", "GET", lambda w: f"/tasks/{w.task_id}", READ_A),
    # Forwarding is for the coordinators of the body assigned (X has none: see tests/chain).
    Case("chain.forward", "GET", lambda w: f"/assignments/{w.open_id}/forward",
         expect(403, officer_y=404, coord_b=404)),
    Case("chain.forward", "POST", lambda w: f"/assignments/{w.open_id}/forward",
         expect(403, officer_y=404, coord_b=404),
         data=lambda w: {"title": "Giao tiếp", "due_on": "01/12/2026", "body_ids": [w.y.id],
                         "lead_id": 0}),
    Case("chain.targets", "GET", lambda w: f"/assignments/{w.open_id}/forward/bodies?q=a",
         expect(403, officer_y=404, coord_b=404)),
    Case("chain.chain", "GET", lambda w: f"/tasks/{w.task_id}/chain", READ_A),
    Case("tasks.assignable", "GET", lambda w: f"/tasks/{w.task_id}/bodies?q=s", MANAGE_FORM),
    Case("tasks.assign", "POST", lambda w: f"/tasks/{w.task_id}/assign", MANAGE,
         lambda w: {"body_ids": [str(w.y.id)], "lead_id": "0", "due_on": ""}),
    Case("tasks.edit", "GET", lambda w: f"/tasks/{w.task_id}/edit", MANAGE_FORM),
    Case("tasks.import_form", "GET", lambda w: "/tasks/import",
         expect(403, coord_a=200, coord_b=200)),
    Case("tasks.import_template", "GET", lambda w: "/tasks/import/template.xlsx",
         expect(403, coord_a=200, coord_b=200)),
    # Province B's coordinator sees neither the directive nor the bodies: rows with errors.
    Case("tasks.import_preview", "POST", lambda w: "/tasks/import",
         expect(403, coord_a=200, coord_b=422),
         lambda w: {"file": (io.BytesIO(_task_sheet(w)), "nhiem-vu.xlsx")}, multipart=True),
    # Another user's token opens nothing.
    Case("tasks.import_confirm", "POST", lambda w: "/tasks/import/confirm",
         expect(403, coord_a=302, coord_b=404), _kept_sheet),
    Case("tasks.edit", "POST", lambda w: f"/tasks/{w.task_id}/edit", MANAGE,
         lambda w: {**_task_form(w), "version": "1"}),

    Case("assignments.index", "GET", lambda w: "/assignments/", expect(200)),
    Case("assignments.inbox", "GET", lambda w: "/assignments/inbox",
         expect(403, coord_a=200, coord_b=200)),
    Case("assignments.show", "GET", lambda w: f"/assignments/{w.open_id}", READ_A),
    Case("assignments.download", "GET",
         lambda w: f"/assignments/{w.open_id}/files/{w.attachment_id}", READ_A),
    Case("assignments.progress", "POST", lambda w: f"/assignments/{w.open_id}/progress", REPORT,
         lambda w: {"p-progress": "60", "p-note": "Đã họp triển khai",
                    "p-version": str(w.open_version)}),
    Case("assignments.submit", "POST", lambda w: f"/assignments/{w.open_id}/submit", REPORT,
         lambda w: {"s-note": "Báo cáo kết quả", "s-version": str(w.open_version)}),
    Case("assignments.upload", "POST", lambda w: f"/assignments/{w.open_id}/files", REPORT,
         lambda w: {"f-file": (io.BytesIO(b"%PDF-1.4 phu luc"), "phu-luc.pdf")},
         multipart=True),
    Case("assignments.replace_file", "POST",
         lambda w: f"/assignments/{w.open_id}/files/{w.attachment_id}/replace", REPORT,
         lambda w: {"f-file": (io.BytesIO(b"%PDF-1.4 ban dung"), "ban-dung.pdf")},
         multipart=True),
    Case("assignments.remove_file", "POST",
         lambda w: f"/assignments/{w.open_id}/files/{w.attachment_id}/remove", REPORT),
    Case("assignments.figure", "POST", lambda w: f"/assignments/{w.open_id}/figures", REPORT,
         lambda w: {"g-name": "Số cuộc đối thoại", "g-unit": "cuộc", "g-value": "16"}),
    Case("assignments.dialogue", "POST", lambda w: f"/assignments/{w.open_id}/dialogues",
         REPORT,
         lambda w: {"d-held_on": "20/11/2020", "d-level": "xa", "d-host": "Bí thư Đảng ủy xã",
                    "d-place": "Nhà văn hóa thôn", "d-participants": "80",
                    "d-opinions_raised": "12", "d-opinions_settled": "9"}),
    Case("assignments.request_extension", "POST",
         lambda w: f"/assignments/{w.open_id}/extension", REPORT,
         lambda w: {"x-requested_due_on": "31/01/2027", "x-reason": "Chờ số liệu"}),
    Case("assignments.accept", "POST", lambda w: f"/assignments/{w.submitted_id}/accept",
         MANAGE, lambda w: {"r-note": "Đạt yêu cầu"}),
    Case("assignments.return_", "POST", lambda w: f"/assignments/{w.submitted_id}/return",
         MANAGE, lambda w: {"r-note": "Thiếu số liệu đối thoại"}),
    Case("assignments.decide_extension", "POST",
         lambda w: f"/assignments/{w.submitted_id}/extension/{w.extension_id}/grant", MANAGE,
         lambda w: {"y-note": ""}),
    Case("assignments.decide_extension", "POST",
         lambda w: f"/assignments/{w.submitted_id}/extension/{w.extension_id}/refuse", MANAGE,
         lambda w: {"y-note": "Không đủ căn cứ"}),
    Case("assignments.extend", "POST", lambda w: f"/assignments/{w.open_id}/extend", MANAGE,
         lambda w: {"e-new_due_on": "15/01/2027", "e-reason": "Theo đề nghị của Sở"}),
    Case("assignments.reassign", "POST", lambda w: f"/assignments/{w.open_id}/reassign", MANAGE,
         lambda w: {"t-body_id": str(w.y.id), "t-reason": "Sở Y tế phụ trách"}),
    Case("assignments.urge", "POST", lambda w: f"/assignments/{w.open_id}/urge", URGE,
         lambda w: {"u-note": "Đề nghị hoàn thành trước ngày 30"}),

    Case("status.index", "GET", lambda w: "/status/", expect(200)),
    Case("status.index", "GET", lambda w: f"/status/bodies/{w.a.id}", READ_PROVINCE_A),
    Case("status.body_assignments", "GET", lambda w: f"/status/bodies/{w.x.id}/assignments",
         expect(200, officer_y=404, coord_b=404)),
    Case("status.directive", "GET", lambda w: f"/status/directives/{w.directive_id}",
         READ_DIRECTIVE_A),
    Case("status.overdue", "GET", lambda w: "/status/overdue", expect(200)),
    Case("status.dialogues", "GET", lambda w: f"/status/bodies/{w.a.id}/dialogues",
         READ_PROVINCE_A),
    # Exports: the same scope and 404s as the pages they export.
    Case("status.index_xlsx", "GET", lambda w: "/status/export.xlsx", expect(200)),
    Case("status.index_xlsx", "GET", lambda w: f"/status/bodies/{w.a.id}/export.xlsx",
         READ_PROVINCE_A),
    Case("status.body_assignments_xlsx", "GET",
         lambda w: f"/status/bodies/{w.x.id}/assignments/export.xlsx",
         expect(200, officer_y=404, coord_b=404)),
    Case("status.directive_xlsx", "GET",
         lambda w: f"/status/directives/{w.directive_id}/export.xlsx", READ_DIRECTIVE_A),
    Case("status.directive_report_docx", "GET",
         lambda w: f"/status/directives/{w.directive_id}/report.docx", READ_DIRECTIVE_A),
    Case("status.overdue_xlsx", "GET", lambda w: "/status/overdue/export.xlsx?age=le30",
         expect(200)),
    Case("status.dialogues_xlsx", "GET", lambda w: "/status/dialogues/export.xlsx", expect(200)),
    Case("status.dialogues_xlsx", "GET", lambda w: f"/status/bodies/{w.a.id}/dialogues/export.xlsx",
         READ_PROVINCE_A),
    Case("stats_api.stats_table", "GET", lambda w: "/api/v1/stats/provinces", API),
    Case("stats_api.stats_body_table", "GET", lambda w: f"/api/v1/stats/bodies/{w.a.id}",
         {**READ_PROVINCE_A, "anon": 401}),
    Case("stats_api.stats_overdue", "GET", lambda w: "/api/v1/stats/overdue", API),
    Case("stats_api.stats_directive", "GET",
         lambda w: f"/api/v1/stats/directives/{w.directive_id}", {**READ_DIRECTIVE_A, "anon": 401}),
    Case("stats_api.stats_dialogues", "GET", lambda w: f"/api/v1/stats/dialogues?body_id={w.a.id}",
         {**READ_PROVINCE_A, "anon": 401}),
]


def test_every_route_has_a_permission_case(app):
    """A new route of these blueprints fails here until it gets its permission case."""
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in BLUEPRINTS
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(case.endpoint, case.method) for case in CASES}
    assert routes - listed == set(), "routes without a permission case"
    assert listed - routes == set(), "permission cases for routes that no longer exist"


def _history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def _send(client, case, w, *, token):
    data = case.data(w)
    if token is not None:
        data["csrf_token"] = token
    kwargs = {"content_type": "multipart/form-data"} if case.multipart else {}
    return client.open(case.url(w), method=case.method, data=data, **kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission(client, world, case, role):
    if role != "anon":
        login(client, world.users[role])
    expected = case.expected[role]
    before = _history_count()

    if case.method == "POST":
        refused = _send(client, case, world, token=None)
        assert refused.status_code == 400, "a POST without a CSRF token must be refused"
        assert _history_count() == before
        token = csrf_token(client, "/login" if role == "anon" else "/profile")
        response = _send(client, case, world, token=token)
    else:
        response = _send(client, case, world, token=None)

    body = response.get_data().decode(errors="replace")  # downloads are binary
    response.close()  # a download holds its file open until closed
    if expected == LOGIN:
        assert response.status_code == 302, body[:300]
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    else:
        assert response.status_code == expected, body[:2000]
    if case.method == "GET" or response.status_code in (400, 403, 404):
        assert _history_count() == before, "nothing may be written by a GET or a refusal"
    if response.status_code == 302 and expected != LOGIN and case.method == "POST" \
            and case.endpoint not in ("auth.login", "auth.logout"):
        assert _history_count() > before, "an allowed change leaves a history entry"
