"""Deriving tasks from a directive and assigning them to bodies."""
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, post
from tracker.assignments.models import Assignment
from tracker.bodies.queries import bodies_for_assignment
from tracker.core.errors import ConflictError, ValidationError
from tracker.extensions import db
from tracker.history.queries import history_of
from tracker.tasks.models import Task
from tracker.tasks.operations import (
    MAX_PERIOD_YEARS,
    assign_bodies,
    create_periodic_tasks,
    create_task,
    update_task,
)
from tracker.tasks.queries import task_page_query


@pytest.fixture
def w(make_body, make_user, make_directive):
    """Lào Cai with a district, its communes and departments; Lạng Sơn beside it."""
    lao_cai = make_body("Tỉnh Lào Cai")
    bao_thang = make_body("Huyện Bảo Thắng", parent=lao_cai, level="huyen")
    huyen_uy = make_body("Huyện ủy Bảo Thắng", parent=bao_thang, kind="cap_uy", level="huyen")
    phong_nien = make_body("Đảng ủy xã Phong Niên", parent=bao_thang, kind="cap_uy",
                           level="xa")
    xuan_quang = make_body("Đảng ủy xã Xuân Quang", parent=bao_thang, kind="cap_uy",
                           level="xa")
    merged = make_body("Đảng ủy xã Phố Lu cũ", parent=bao_thang, kind="cap_uy", level="xa")
    merged.active = False
    ubnd_xa = make_body("UBND xã Phong Niên", parent=bao_thang, kind="ubnd", level="xa")
    noi_vu = make_body("Sở Nội vụ", parent=lao_cai, kind="so_nganh")
    y_te = make_body("Sở Y tế", parent=lao_cai, kind="so_nganh")
    lang_son = make_body("Tỉnh Lạng Sơn")
    elsewhere = make_body("Đảng ủy xã Tân Thanh", parent=lang_son, kind="cap_uy", level="xa")
    db.session.commit()
    coordinator = make_user("coordinator", body=lao_cai)
    directive = make_directive(actor=coordinator, number="33-CT/TU",
                               issued_on=date(2017, 10, 30))
    return SimpleNamespace(**locals())


def task_data(**overrides):
    return {"kind": "ke_hoach", "title": "Xây dựng kế hoạch tuyên truyền phòng, chống tảo hôn",
            "due_on": date(2026, 12, 31), **overrides}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# ---- derive ----------------------------------------------------------------------------

def test_a_task_is_owned_by_the_coordinators_body(w):
    task = create_task(w.directive, task_data(), actor=w.coordinator, now=NOW)
    assert task.owner_body_id == w.lao_cai.id
    assert [e.action for e in history_of("task", task.id)] == ["created"]


def test_a_deadline_before_the_issue_date_is_refused(w):
    with pytest.raises(ValidationError) as error:
        create_task(w.directive, task_data(due_on=date(2017, 10, 29)), actor=w.coordinator,
                    now=NOW)
    assert error.value.errors["due_on"].startswith("Hạn hoàn thành")
    assert "30/10/2017" in error.value.errors["due_on"]
    create_task(w.directive, task_data(due_on=date(2017, 10, 30)), actor=w.coordinator,
                now=NOW)  # the issue date itself is fine


@pytest.mark.parametrize("overrides, field", [
    ({"title": ""}, "title"),
    ({"title": "x" * 501}, "title"),
    ({"due_on": None}, "due_on"),
    ({"kind": "khong_co"}, "kind"),
    ({"kind": "so_ket", "review_years": None}, "review_years"),
    ({"kind": "tong_ket", "review_years": 51}, "review_years"),
])
def test_bad_task_fields_are_refused(w, overrides, field):
    with pytest.raises(ValidationError) as error:
        create_task(w.directive, task_data(**overrides), actor=w.coordinator, now=NOW)
    assert field in error.value.errors


def test_a_deadline_before_the_issue_date_is_refused_on_the_form(client, w):
    login(client, w.coordinator)
    response = post(client, f"/directives/{w.directive.id}/tasks/new",
                    {"kind": "ke_hoach", "title": "Kế hoạch", "due_on": "01/01/2017"})
    assert response.status_code == 422
    assert "Hạn hoàn thành: không được trước ngày ban hành văn bản (30/10/2017)" in \
        response.get_data(as_text=True)
    assert count(Task) == 0


def test_edit_with_a_stale_version_is_a_conflict(w):
    task = create_task(w.directive, task_data(), actor=w.coordinator, now=NOW)
    db.session.commit()
    update_task(task, w.directive, task_data(due_on=date(2027, 1, 15)), version=1,
                actor=w.coordinator, now=NOW)
    db.session.commit()
    assert history_of("task", task.id)[0].changes == {"due_on": ["2026-12-31", "2027-01-15"]}
    with pytest.raises(ConflictError):
        update_task(task, w.directive, task_data(title="Khác"), version=1,
                    actor=w.coordinator, now=NOW)


# ---- periodic reports ------------------------------------------------------------------

def periodic(w, **overrides):
    data = {"frequency": "half_year", "first_year": 2026, "last_year": 2027, "due_day": 15,
            **overrides}
    return create_periodic_tasks(w.directive, data, actor=w.coordinator, now=NOW)


def test_half_yearly_reports(w):
    tasks = periodic(w)
    assert [t.due_on for t in tasks] == [date(2026, 6, 15), date(2026, 12, 15),
                                        date(2027, 6, 15), date(2027, 12, 15)]
    assert tasks[0].title == ("Báo cáo 6 tháng đầu năm 2026 thực hiện Chỉ thị số 33-CT/TU, "
                              "ngày 30/10/2017 của Tỉnh ủy Lào Cai")
    assert tasks[1].title.startswith("Báo cáo 6 tháng cuối năm 2026 thực hiện")
    assert (tasks[1].period_start, tasks[1].period_end) == (date(2026, 7, 1),
                                                            date(2026, 12, 31))
    assert {t.kind for t in tasks} == {"bao_cao_dinh_ky"}


def test_yearly_reports_due_on_the_last_day_when_the_month_is_short(w):
    tasks = periodic(w, frequency="year", first_year=2026, last_year=2026, due_day=31)
    assert [(t.title[:18], t.due_on) for t in tasks] == [("Báo cáo năm 2026 t",
                                                          date(2026, 12, 31))]
    tasks = periodic(w, first_year=2028, last_year=2028, due_day=31)
    assert [t.due_on for t in tasks] == [date(2028, 6, 30), date(2028, 12, 31)]


def test_periodic_reports_span_at_most_ten_years(w):
    assert len(periodic(w, frequency="year", first_year=2020,
                        last_year=2020 + MAX_PERIOD_YEARS - 1)) == MAX_PERIOD_YEARS
    with pytest.raises(ValidationError) as error:
        periodic(w, frequency="year", first_year=2020, last_year=2020 + MAX_PERIOD_YEARS)
    assert "Đến năm" in error.value.errors["last_year"]
    with pytest.raises(ValidationError, match="Đến năm"):
        periodic(w, first_year=2027, last_year=2026)
    with pytest.raises(ValidationError, match="Kỳ báo cáo"):
        periodic(w, frequency="quarter")


# ---- assign ----------------------------------------------------------------------------

@pytest.fixture
def task(w):
    task = create_task(w.directive, task_data(), actor=w.coordinator, now=NOW)
    db.session.commit()
    return task


def test_assign_many_bodies_at_once_with_a_lead(w, task):
    created = assign_bodies(task, [w.noi_vu, w.y_te, w.huyen_uy], lead=w.noi_vu, due_on=None,
                            actor=w.coordinator, now=NOW)
    db.session.commit()
    assert {(a.body_id, a.role, a.due_on, a.status) for a in created} == {
        (w.noi_vu.id, "lead", date(2026, 12, 31), "not_started"),
        (w.y_te.id, "support", date(2026, 12, 31), "not_started"),
        (w.huyen_uy.id, "support", date(2026, 12, 31), "not_started"),
    }
    entry = history_of("assignment", created[0].id)[0]
    assert (entry.action, entry.actor_id, entry.at) == ("assigned", w.coordinator.id, NOW)


def test_a_deadline_of_its_own(w, task):
    [a] = assign_bodies(task, [w.noi_vu], lead=None, due_on=date(2026, 12, 15),
                        actor=w.coordinator, now=NOW)
    assert a.due_on == date(2026, 12, 15)
    with pytest.raises(ValidationError, match="Hạn hoàn thành"):
        assign_bodies(task, [w.y_te], lead=None, due_on=date(2016, 1, 1),
                      actor=w.coordinator, now=NOW)


def test_assigning_twice_is_refused(w, task):
    assign_bodies(task, [w.noi_vu], lead=w.noi_vu, due_on=None, actor=w.coordinator, now=NOW)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        assign_bodies(task, [w.y_te, w.noi_vu], lead=None, due_on=None, actor=w.coordinator,
                      now=NOW)
    assert "đã được giao nhiệm vụ này: Sở Nội vụ" in error.value.errors["body_ids"]
    with pytest.raises(ValidationError, match="đã có đơn vị chủ trì"):
        assign_bodies(task, [w.y_te], lead=w.y_te, due_on=None, actor=w.coordinator, now=NOW)


def test_out_of_scope_inactive_and_stray_lead_are_refused(w, task):
    for bodies, lead, field in (([w.elsewhere], None, "body_ids"),
                                ([w.merged], None, "body_ids"),
                                ([], None, "body_ids"),
                                ([w.noi_vu], w.y_te, "lead_id")):
        with pytest.raises(ValidationError) as error:
            assign_bodies(task, bodies, lead=lead, due_on=None, actor=w.coordinator, now=NOW)
        assert field in error.value.errors
    assert count(Assignment) == 0


def test_pick_every_commune_party_committee(w):
    bodies, missing = bodies_for_assignment(w.coordinator, [], kind="cap_uy", level="xa")
    assert {b.name for b in bodies} == {"Đảng ủy xã Phong Niên", "Đảng ủy xã Xuân Quang"}
    assert missing == []
    bodies, missing = bodies_for_assignment(w.coordinator, [w.noi_vu.id, w.elsewhere.id, 99999],
                                            kind="cap_uy", level="huyen")
    assert {b.name for b in bodies} == {"Sở Nội vụ", "Huyện ủy Bảo Thắng"}
    assert missing == sorted([w.elsewhere.id, 99999])


def test_assign_by_kind_and_level_on_the_form(client, w, task):
    login(client, w.coordinator)
    response = post(client, f"/tasks/{task.id}/assign",
                    {"body_ids": [str(w.huyen_uy.id)], "lead_id": str(w.huyen_uy.id),
                     "pick_kind": "cap_uy", "pick_level": "xa", "due_on": "15/12/2026"})
    assert response.status_code == 302, response.get_data(as_text=True)
    rows = db.session.execute(select(Assignment.body_id, Assignment.role, Assignment.due_on)
                              .where(Assignment.task_id == task.id)).all()
    assert set(rows) == {(w.huyen_uy.id, "lead", date(2026, 12, 15)),
                         (w.phong_nien.id, "support", date(2026, 12, 15)),
                         (w.xuan_quang.id, "support", date(2026, 12, 15))}


@pytest.mark.parametrize("picked", ["unknown", "elsewhere"])
def test_unknown_or_foreign_body_on_the_form_is_422(client, w, task, picked):
    body_id = 99999 if picked == "unknown" else w.elsewhere.id
    login(client, w.coordinator)
    response = post(client, f"/tasks/{task.id}/assign",
                    {"body_ids": [str(w.noi_vu.id), str(body_id)], "lead_id": "0"})
    assert response.status_code == 422
    assert "Đơn vị được giao" in response.get_data(as_text=True)
    assert count(Assignment) == 0


def test_assigning_twice_on_the_form_is_422(client, w, task):
    assign_bodies(task, [w.noi_vu], lead=None, due_on=None, actor=w.coordinator, now=NOW)
    db.session.commit()
    login(client, w.coordinator)
    response = post(client, f"/tasks/{task.id}/assign",
                    {"body_ids": [str(w.noi_vu.id)], "lead_id": "0"})
    assert response.status_code == 422
    assert "đã được giao nhiệm vụ này" in response.get_data(as_text=True)
    assert count(Assignment) == 1


# ---- search ----------------------------------------------------------------------------

def test_task_search_without_diacritics(w):
    create_task(w.directive, task_data(), actor=w.coordinator, now=NOW)
    create_task(w.directive, task_data(title="Đạt 100% chỉ tiêu tập huấn"), actor=w.coordinator,
                now=NOW)

    def titles(query):
        return [t.title for t in db.session.scalars(task_page_query(w.coordinator, query=query)[0])]
    assert titles("tao hon") == [task_data()["title"]]
    assert titles("33-ct/tu") != []  # the directive's number is searchable too
    assert titles("100%") == ["Đạt 100% chỉ tiêu tập huấn"]
    assert titles("tap huan") == ["Đạt 100% chỉ tiêu tập huấn"]


def test_task_search_page(client, w):
    create_task(w.directive, task_data(), actor=w.coordinator, now=NOW)
    create_task(w.directive, task_data(title="Tập huấn cán bộ"), actor=w.coordinator, now=NOW)
    db.session.commit()
    login(client, w.coordinator)
    page = client.get("/tasks/?q=tao+hon").get_data(as_text=True)
    assert "tảo hôn" in page and "Tập huấn cán bộ" not in page


@pytest.mark.parametrize("url, form, message", [
    ("/directives/{d}/tasks/new", {"kind": "khong_co", "title": "Kế hoạch",
                                   "due_on": "01/01/2027"}, "Loại nhiệm vụ: không hợp lệ."),
    ("/tasks/{t}/assign", {"body_ids": ["abc"], "lead_id": "0"},
     "Đơn vị được giao: không hợp lệ."),
    ("/tasks/{t}/assign", {"body_ids": [], "pick_kind": "khong_co", "lead_id": "0"},
     "Chọn theo loại: không hợp lệ."),
    ("/tasks/{t}/assign", {"body_ids": [], "lead_id": "x"}, "Đơn vị chủ trì: không hợp lệ."),
    ("/directives/new", {"number": "1-KH/TU", "kind": "khong_co", "issuer": "Tỉnh ủy",
                         "issued_on": "01/01/2020", "title": "Kế hoạch", "parent_id": "x"},
     "Loại văn bản: không hợp lệ."),
    ("/directives/new", {"number": "1-KH/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy",
                         "issued_on": "01/01/2020", "title": "Kế hoạch", "parent_id": "x"},
     "Thực hiện văn bản (cấp trên): không hợp lệ."),
])
def test_a_value_outside_a_list_is_refused_in_vietnamese(client, w, task, url, form, message):
    """Only a hand-made request or a stale page sends these; the answer still names the
    field in Vietnamese (WTForms would say "Not a valid choice")."""
    login(client, w.coordinator)
    tasks_before = count(Task)
    response = post(client, url.format(d=w.directive.id, t=task.id), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "Not a valid" not in page and "Invalid Choice" not in page
    assert count(Task) == tasks_before and count(Assignment) == 0


def test_the_root_of_the_only_tree_sees_every_task_and_of_two_trees_its_own(
        client, two_provinces, make_user, make_body, make_directive, make_task):
    """The root of the only tree reads the tasks without a scope condition (every owner is
    in its scope); once another tree exists, its tasks stay out of the root's list."""
    from tracker.tasks.queries import task_page_query, visible_condition
    c = two_provinces
    leader = make_user("leader", body=c.root)
    mine = make_task(directive=make_directive(actor=c.users["coord_b"]), title="Của Lạng Sơn")
    assert str(visible_condition(leader).compile()) == "true"
    login(client, leader)
    assert "Của Lạng Sơn" in client.get("/tasks/").get_data(as_text=True)
    other = make_body("Tỉnh ngoài cây", kind="dia_phuong", level="tinh")  # a second root
    theirs = make_task(directive=make_directive(actor=make_user("coordinator", body=other)),
                       title="Của cây khác")
    assert str(visible_condition(leader).compile()) != "true"
    stmt, count = task_page_query(leader)
    assert [t.id for t in db.session.scalars(stmt)] == [mine.id] and count() == (1, True)
    page = client.get("/tasks/").get_data(as_text=True)
    assert "Của Lạng Sơn" in page and "Của cây khác" not in page
    assert client.get(f"/tasks/{theirs.id}").status_code == 404
