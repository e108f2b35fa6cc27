"""The status histogram under concurrent writes on PostgreSQL (SQLite has a single writer):
deadline extensions, reassignments moving counts between two provinces in opposite
directions, accepts, and a body merge while its officers write, all at once, each request
on its own thread, connection and app context, round after round. No request deadlocks or
answers 500, and the histogram equals a plain recount afterwards."""
import threading
from datetime import date
from types import SimpleNamespace

import pytest

from tests.conftest import NOW, csrf_token, login, require_postgresql
from tests.status.test_histogram import recount, stored
from tracker.assignments import operations as work
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies

pytestmark = pytest.mark.postgres
ROUNDS = 8


@pytest.fixture
def cast(app, make_body, make_user, make_directive):
    """The central Ban; provinces A and B with two departments each; a coordinator at the
    centre, an administrator, an officer in each department that reports."""
    require_postgresql("SQLite has a single writer")
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    a, b = make_body("Tỉnh An Giang", parent=root), make_body("Tỉnh Bạc Liêu", parent=root)
    w = SimpleNamespace(
        root=root, a=a, b=b,
        a1=make_body("Sở Nội vụ tỉnh An Giang", parent=a, kind="so_nganh"),
        a2=make_body("Sở Y tế tỉnh An Giang", parent=a, kind="so_nganh"),
        b1=make_body("Sở Nội vụ tỉnh Bạc Liêu", parent=b, kind="so_nganh"),
        b2=make_body("Sở Y tế tỉnh Bạc Liêu", parent=b, kind="so_nganh"),
        coordinator=make_user("coordinator", body=root), admin=make_user("admin", body=root))
    w.officer_a1 = make_user("officer", body=w.a1)
    w.officer_b1 = make_user("officer", body=w.b1)
    w.directive = make_directive(actor=w.coordinator, issuer="Ban Dân vận Trung ương")
    return w


def _assign(w, title: str, due_on: date, bodies: list[Body]) -> list:
    from tracker.tasks.operations import create_task
    task = create_task(w.directive, {"kind": "ke_hoach", "title": title, "due_on": due_on},
                       actor=w.coordinator, now=NOW)
    return assign_bodies(task, bodies, lead=bodies[0], due_on=None, actor=w.coordinator,
                         now=NOW)


def _round(w, make_body, make_user, n: int) -> list[tuple]:
    """The requests of one round, as (user, url, form): each must succeed."""
    ext_a, ext_b = _assign(w, f"Gia hạn {n}", date(2026, 12, 20), [w.a1, w.b1])
    move_a, move_b = _assign(w, f"Chuyển {n}", date(2027, 1, 5), [w.a2, w.b2])
    acc_a, acc_b = _assign(w, f"Tiếp nhận {n}", date(2026, 12, 10), [w.a1, w.b1])
    merged = make_body(f"Ban Dân vận huyện {n}", parent=w.a, level="huyen")
    officer = make_user("officer", body=merged)
    [progress] = _assign(w, f"Tiến độ {n}", date(2026, 12, 15), [merged])
    [report] = _assign(w, f"Báo cáo {n}", date(2027, 2, 1), [merged])
    work.submit_report(acc_a, note="", version=None, actor=w.officer_a1, now=NOW)
    work.submit_report(acc_b, note="", version=None, actor=w.officer_b1, now=NOW)
    db.session.commit()
    url = "/assignments/{}/{}".format
    return [
        # Deadlines extended on both sides of the year end, in both provinces.
        (w.coordinator, url(ext_a.id, "extend"),
         {"e-new_due_on": "10/01/2027", "e-reason": "Bão lũ"}),
        (w.coordinator, url(ext_b.id, "extend"),
         {"e-new_due_on": "28/12/2026", "e-reason": "Chờ số liệu"}),
        # A to B and B to A: the same ancestors' rows, touched in opposite directions.
        (w.coordinator, url(move_a.id, "reassign"),
         {"t-body_id": str(w.b1.id), "t-reason": "Bạc Liêu phụ trách"}),
        (w.coordinator, url(move_b.id, "reassign"),
         {"t-body_id": str(w.a1.id), "t-reason": "An Giang phụ trách"}),
        (w.coordinator, url(acc_a.id, "accept"), {"r-note": "Đạt"}),
        (w.coordinator, url(acc_b.id, "accept"), {"r-note": "Đạt"}),
        # The district merges into B's department while its officer writes.
        (w.admin, f"/admin/bodies/{merged.id}/merge", {"into_id": str(w.b2.id)}),
        (officer, url(progress.id, "progress"), {"p-progress": "40", "p-note": "Đang làm",
                                                  "p-version": str(progress.version)}),
        (officer, url(report.id, "submit"), {"s-note": "Báo cáo kết quả",
                                                "s-version": str(report.version),
                                                "s-confirm_empty": "1"}),
    ]


def _at_once(requests: list) -> tuple[list, list]:
    """Send the requests from as many threads, released together by a barrier; returns
    each answer's status and the exceptions raised (a deadlock, a 500 under TESTING)."""
    barrier = threading.Barrier(len(requests), timeout=60)
    answers, errors = [None] * len(requests), []

    def send(i, client, token, url, form):
        try:
            barrier.wait()
            answers[i] = client.post(url, data={**form, "csrf_token": token}).status_code
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i, client, token, url, form))
               for i, ((client, token), url, form) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, errors


def test_concurrent_writes_neither_deadlock_nor_miscount(app, cast, make_body, make_user):
    w = cast
    clients: dict = {}  # one signed-in client per (user, request slot), reused by rounds

    def client_for(user, slot: int):
        key = (user.id, slot)
        if key not in clients:
            client = login(app.test_client(), user)
            clients[key] = (client, csrf_token(client, "/profile"))
        return clients[key]

    for n in range(ROUNDS):
        requests = [(client_for(user, slot), url, form)
                    for slot, (user, url, form) in enumerate(_round(w, make_body, make_user, n))]
        db.session.rollback()  # the test's own connection goes back to the pool
        answers, errors = _at_once(requests)
        assert errors == [], f"round {n}: {errors!r}"
        assert answers == [302] * len(requests), f"round {n}: {answers}"
        assert stored() == recount(), f"round {n}"

    merged = db.session.query(Body).filter(Body.merged_into_id == w.b2.id).count()
    assert merged == ROUNDS
