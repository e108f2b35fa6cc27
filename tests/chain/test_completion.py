"""Completion by kind of body and the chain of one task, from data entered as bodies would
(progress, report, acceptance through the operations and the pages)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, TODAY, counted_queries, login
from tracker.assignments.models import Assignment
from tracker.assignments.operations import accept_report, submit_report, update_progress
from tracker.chain.operations import forward_assignment
from tracker.chain.queries import chain_of, completion_by_kind, completion_sentence
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies


def _report(assignment, officer, coordinator=None, *, on=NOW):
    """What a body does: progress with a note, the report; then the Ban accepts it."""
    update_progress(assignment, {"progress": 100, "note": "Đã tổ chức hội nghị"},
                    version=assignment.version, actor=officer, now=on)
    submit_report(assignment, note="Gửi báo cáo", version=assignment.version, actor=officer,
                  now=on)
    if coordinator is not None:
        accept_report(assignment, note="", actor=coordinator, now=on)
    db.session.commit()


def test_eight_of_eight_districts_sixteen_of_eighteen_departments(make_body, make_user,
                                                                   make_directive, make_task,
                                                                   client):
    """Lạng Sơn's sentence: "8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết"."""
    province = make_body("Tỉnh Lạng Sơn")
    coordinator = make_user("coordinator", body=province)
    districts = [make_body(f"Huyện ủy {n}", parent=province, kind="cap_uy", level="huyen")
                 for n in ("Cao Lộc", "Văn Lãng", "Tràng Định", "Bình Gia", "Bắc Sơn",
                           "Hữu Lũng", "Chi Lăng", "Lộc Bình")]
    departments = [make_body(f"Sở {n}", parent=province, kind="so_nganh")
                   for n in range(1, 19)]
    directive = make_directive(actor=coordinator, number="1536-QĐ/TU",
                               issued_on=date(2010, 8, 23))
    task = make_task(directive=directive, actor=coordinator, kind="so_ket", review_years=10,
                     title="Sơ kết 10 năm thực hiện Quyết định 1536-QĐ/TU",
                     due_on=date(2026, 12, 31))
    given = assign_bodies(task, districts + departments, lead=None, due_on=None,
                          actor=coordinator, now=NOW)
    db.session.commit()
    by_body = {a.body_id: a for a in given}
    for body in districts + departments[:16]:
        _report(by_body[body.id], make_user("officer", body=body), coordinator)
    _report(by_body[departments[16].id], make_user("officer", body=departments[16]))
    groups = completion_by_kind(coordinator, task, TODAY)
    assert completion_sentence(groups, "done", task.kind) \
        == "8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết"
    assert completion_sentence(groups, "submitted", task.kind) \
        == "8/8 huyện, 17/18 sở, ngành đã nộp"
    page = login(client, coordinator).get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết." in page


def _national(make_body, make_user, make_directive, make_task, provinces, communes):
    """A central task to `provinces` provinces, each forwarding it to `communes` communes
    and two departments; half the communes done, one overdue in each province."""
    root = make_body("Ban Tuyên giáo và Dân vận Trung ương", kind="ban_dan_van",
                     level="trung_uong")
    central = make_user("coordinator", body=root)
    directive = make_directive(actor=central, number="99-KH/BTGDVTW",
                               issued_on=date(2026, 1, 5))
    task = make_task(directive=directive, actor=central, title="Tổng kết",
                     due_on=date(2026, 12, 31))
    tops, expected = [], {"communes": 0, "done": 0, "overdue": 0}
    for p in range(provinces):
        province = make_body(f"Tỉnh {p}", parent=root)
        coord = make_user("coordinator", body=province)
        bodies = [make_body(f"Xã {p}-{c}", parent=province, kind="cap_uy", level="xa")
                  for c in range(communes)]
        bodies += [make_body(f"Sở {p}-{d}", parent=province, kind="so_nganh")
                   for d in range(2)]
        [top] = assign_bodies(task, [province], lead=None, due_on=None, actor=central, now=NOW)
        db.session.commit()
        tops.append(top)
        sub = forward_assignment(load_assignment(top.id), {
            "title": "Tổng kết (cấp xã)", "description": "", "due_on": date(2026, 12, 20),
            "bodies": bodies, "lead": None}, actor=coord, now=NOW)
        rows = list(db.session.scalars(select(Assignment).where(Assignment.task_id == sub.id)
                                       .order_by(Assignment.id)))
        for n, row in enumerate(rows[:communes]):
            if n % 2 == 0:
                row.status, row.progress = "done", 100
                row.submitted_on = row.completed_on = TODAY - timedelta(days=1)
                expected["done"] += 1
        rows[1].extended_due_on = rows[1].due_on = TODAY - timedelta(days=3)
        expected["overdue"] += 1
        expected["communes"] += communes
        top.status, top.submitted_on = "submitted", TODAY
        db.session.commit()
    return central, task, tops, expected


def test_chain_levels_and_rows(make_body, make_user, make_directive, make_task):
    central, task, tops, expected = _national(make_body, make_user, make_directive, make_task,
                                              3, 4)
    chain = chain_of(central, task, TODAY)
    assert [level.depth for level in chain.levels] == [0, 1]
    [provinces] = chain.levels[0].groups
    assert (provinces.key, provinces.total, provinces.submitted) == ("tinh", 3, 3)
    communes, departments = chain.levels[1].groups
    assert (communes.key, communes.total, communes.done, communes.overdue) \
        == ("xa", expected["communes"], expected["done"], expected["overdue"])
    assert (departments.key, departments.total) == ("so_nganh", 6)
    assert completion_sentence(chain.levels[0].groups, "submitted") == "3/3 tỉnh đã nộp"
    assert completion_sentence(chain.levels[1].groups, "done") \
        == "6/12 xã, 0/6 sở, ngành đã hoàn thành"
    assert [r.sub_total for r in chain.rows] == [6, 6, 6]
    # A province sees its own part of the chain only.
    from tracker.auth.models import User
    coord = db.session.scalar(select(User).where(User.body_id == tops[0].body_id))
    mine = chain_of(coord, task, TODAY)
    assert [r.assignment_id for r in mine.rows] == [tops[0].id]
    assert mine.levels[1].total == 6


@pytest.mark.parametrize("page", ["chain", "task", "parent_assignment"])
def test_statement_counts_do_not_grow_with_the_bodies(make_body, make_user, make_directive,
                                                      make_task, app, page):
    counts = []
    for provinces, communes in ((2, 3), (6, 12)):
        central, task, tops, _ = _national(make_body, make_user, make_directive, make_task,
                                           provinces, communes)
        url = {"chain": f"/tasks/{task.id}/chain", "task": f"/tasks/{task.id}",
               "parent_assignment": f"/assignments/{tops[0].id}"}[page]
        client = login(app.test_client(), central)
        client.get(url)  # warm the caches that are not about the data
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
        from tests.conftest import empty_tables
        empty_tables()
    assert counts[0] == counts[1]
