"""Two identical saves at the same moment: the second one answers 409 with a message, the
typed input kept, not 500 from the unique index. The web request checks for a duplicate,
then (held by SQLAlchemy's before_flush hook) waits while another session saves the same
thing and commits; its own insert then meets the unique index."""
import threading
from datetime import date

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from tests.conftest import NOW, _task_coordinator, login, post
from tracker.assignments.models import Assignment
from tracker.directives.models import Directive
from tracker.directives.operations import create_directive
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies


def race(request_in_thread, model, save_the_same):
    """Run `request_in_thread` in a worker; once it has checked and is about to insert a
    `model`, `save_the_same()` commits the same row from this thread."""
    checked, saved = threading.Event(), threading.Event()
    results = []

    def hold(session, _context, _instances):
        if threading.current_thread() is worker and any(
                isinstance(obj, model) for obj in session.new):
            checked.set()
            saved.wait(30)

    worker = threading.Thread(target=lambda: results.append(request_in_thread()))
    event.listen(Session, "before_flush", hold, insert=True)  # before the histogram's
    try:
        worker.start()
        assert checked.wait(30), "the request never reached its insert"
        save_the_same()
        db.session.commit()
        saved.set()
        worker.join(30)
    finally:
        saved.set()
        event.remove(Session, "before_flush", hold)
    return results[0]


def test_two_identical_directives_at_once(client, make_user):
    coordinator = make_user("coordinator")
    login(client, coordinator)
    form = {"number": "15-ĐA/TU", "kind": "de_an", "issuer": "Tỉnh ủy Lạng Sơn",
            "issued_on": "15/05/2022", "title": "Đề án về công tác dân vận", "parent_id": "0"}
    response = race(
        lambda: post(client, "/directives/new", form), Directive,
        lambda: create_directive({**form, "issued_on": date(2022, 5, 15), "parent": None},
                                 actor=coordinator, now=NOW))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "vừa được lưu ở nơi khác cùng lúc" in page and "15-ĐA/TU" in page
    assert db.session.scalar(select(func.count()).select_from(Directive)) == 1


def test_two_identical_assignments_at_once(client, make_task, make_body):
    task = make_task()
    coordinator = _task_coordinator(task)
    body = make_body("Sở Nội vụ", parent=coordinator.body, kind="so_nganh")
    login(client, coordinator)
    url, form = f"/tasks/{task.id}/assign", {"body_ids": str(body.id), "lead_id": str(body.id)}
    response = race(
        lambda: post(client, url, form),
        Assignment,
        lambda: assign_bodies(task, [body], lead=body, due_on=None, actor=coordinator,
                              now=NOW))
    assert response.status_code == 409
    assert "vừa được lưu ở nơi khác cùng lúc" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1
