"""A small world for the API tests: the centre, province A with bodies X (assigned) and Y,
province B; a user of each role; an open and a submitted assignment; and tokens."""
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, shared_data
from tracker.api.operations import create_token, revoke_token
from tracker.assignments.operations import submit_report
from tracker.extensions import db
from tracker.history.models import HistoryEntry


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


@pytest.fixture
def make_token():
    def make(user, *, read_only=False, name="Thử nghiệm", revoked=False) -> str:
        token, secret = create_token(user, {"name": name, "read_only": read_only}, now=NOW)
        if revoked:
            revoke_token(token, actor=user, now=NOW)
        db.session.commit()
        return secret
    return make


@shared_data
def world(two_provinces, make_directive, make_task, make_assignment, make_token):
    cast = two_provinces
    root, a, b, x, y, users = cast.root, cast.a, cast.b, cast.x, cast.y, cast.users
    directive = make_directive(actor=users["coord_a"], number="33-CT/TU",
                               issued_on=date(2017, 10, 30))
    task = make_task(directive=directive, actor=users["coord_a"])
    task2 = make_task(directive=directive, actor=users["coord_a"], title="Báo cáo sơ bộ")
    open_ = make_assignment(task=task, body=x, due_on=date(2026, 11, 1))  # overdue
    submitted = make_assignment(task=task2, body=x)
    submit_report(submitted, note="Nộp", version=None, actor=users["officer_x"], now=NOW)
    # Both tasks carry a figure form (the figure endpoints).
    from tracker.figures.templates import attach_template, copy_library_template
    template = copy_library_template("so_tong_ket", actor=users["coord_a"], now=NOW)
    for t in (task, task2):
        attach_template(t, template, actor=users["coord_a"], now=NOW)
    db.session.commit()
    tokens = {role: make_token(user) for role, user in users.items()}
    tokens["revoked"] = make_token(users["coord_a"], revoked=True)
    tokens["coord_a_ro"] = make_token(users["coord_a"], read_only=True)
    tokens["officer_x_ro"] = make_token(users["officer_x"], read_only=True)
    return SimpleNamespace(
        root=root, a=a, b=b, x=x, y=y, users=users, tokens=tokens,
        directive_id=directive.id, task_id=task.id, task2_id=task2.id, open_id=open_.id,
        open_version=open_.version, submitted_id=submitted.id,
        submitted_version=db.session.get(type(submitted), submitted.id).version)
