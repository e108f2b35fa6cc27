"""The body picker of the assign and forward forms (tracker/bodies/picker.py): a short scope
listed whole, a long one searched through the form's JSON endpoint (accents ignored, by kind
and level, a page at a time, only bodies that may be picked); the task page's statements do
not grow with the bodies in scope. The browser side: tests/e2e/test_body_picker.py."""
import pytest

from tests.conftest import NOW, counted_queries, login, post
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies


def _province(make_body, make_user, communes, departments=2):
    province = make_body("Tỉnh Lào Cai")
    bodies = [make_body(f"Đảng ủy xã Số {n:03d}", parent=province, kind="cap_uy", level="xa")
              for n in range(communes)]
    bodies += [make_body(f"Sở Số {n:02d}", parent=province, kind="so_nganh")
               for n in range(departments)]
    return province, bodies, make_user("coordinator", body=province)


def test_a_long_scope_is_searched_not_listed(app, client, make_body, make_user, make_task,
                                              monkeypatch):
    monkeypatch.setitem(app.config, "BODY_PICKER_INLINE_MAX", 10)
    province, bodies, coord = _province(make_body, make_user, 40)
    task = make_task(actor=coord)
    assign_bodies(task, [bodies[0]], lead=None, due_on=None, actor=coord, now=NOW)
    db.session.commit()
    login(client, coord)
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "42 đơn vị trong phạm vi" in page  # the province, 42 below it, one assigned
    assert 'name="body_ids"' not in page and "Đảng ủy xã Số 007" not in page
    assert f'data-picker-url="/tasks/{task.id}/bodies"' in page

    def search(**args):
        response = client.get(f"/tasks/{task.id}/bodies", query_string=args)
        assert response.status_code == 200
        return response.get_json()
    found = search(q="dang uy xa so 007")  # without accents
    assert [i["name"] for i in found["items"]] == ["Đảng ủy xã Số 007"]
    assert found["items"][0] == {"id": bodies[7].id, "name": "Đảng ủy xã Số 007",
                                 "kind": "Cấp ủy đảng", "level": "Xã", "parent": "Tỉnh Lào Cai"}
    first = search(kind="cap_uy", level="xa")
    assert len(first["items"]) == 30 and first["more"]
    rest = search(kind="cap_uy", level="xa", offset=30)
    assert len(rest["items"]) == 9 and not rest["more"]  # 39: Số 000 is assigned already
    names = [i["name"] for i in first["items"] + rest["items"]]
    assert "Đảng ủy xã Số 000" not in names and len(set(names)) == 39
    assert [i["name"] for i in search(kind="so_nganh")["items"]] == ["Sở Số 00", "Sở Số 01"]
    assert search(q="khong co don vi nao")["items"] == []
    # The province itself is in its own scope (it may be given its own task).
    assert [i["name"] for i in search(q="tinh lao cai")["items"]] == ["Tỉnh Lào Cai"]


def test_a_refused_form_keeps_the_bodies_picked_as_chips(app, client, make_body, make_user,
                                                         make_task, monkeypatch):
    monkeypatch.setitem(app.config, "BODY_PICKER_INLINE_MAX", 10)
    province, bodies, coord = _province(make_body, make_user, 20)
    task = make_task(actor=coord)
    login(client, coord)
    response = post(client, f"/tasks/{task.id}/assign", {
        "body_ids": [bodies[3].id, bodies[20].id], "lead_id": 999_999, "due_on": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Đơn vị chủ trì: phải là một trong các đơn vị được giao." in page
    for body in (bodies[3], bodies[20]):
        assert f'<input type="hidden" name="body_ids" value="{body.id}">' in page
        assert f'<option value="{body.id}">{body.name}</option>' in page  # a lead choice


@pytest.mark.parametrize("inline_max", [1000, 5])
def test_task_page_statements_do_not_grow_with_the_scope(app, make_body, make_user, make_task,
                                                         inline_max, monkeypatch):
    """A scope of 8 bodies and one of 80: the same statements, listed whole (1000) or
    searched (5)."""
    monkeypatch.setitem(app.config, "BODY_PICKER_INLINE_MAX", inline_max)
    counts = []
    for communes in (6, 78):
        province, bodies, coord = _province(make_body, make_user, communes)
        task = make_task(actor=coord)
        db.session.commit()
        client = login(app.test_client(), coord)
        with counted_queries() as statements:
            assert client.get(f"/tasks/{task.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_forward_form_searches_below_the_assignment_body(app, client, make_body, make_user,
                                                             make_task, monkeypatch):
    from sqlalchemy import select

    from tracker.assignments.models import Assignment
    monkeypatch.setitem(app.config, "BODY_PICKER_INLINE_MAX", 10)
    central = make_body("Ban Tuyên giáo và Dân vận Trung ương", kind="ban_dan_van",
                        level="trung_uong")
    boss = make_user("coordinator", body=central)
    province = make_body("Tỉnh Lạng Sơn", parent=central)
    for n in range(15):
        make_body(f"Đảng ủy xã Số {n:03d}", parent=province, kind="cap_uy", level="xa")
    other = make_body("Tỉnh Lào Cai", parent=central)
    make_body("Đảng ủy xã Số 999", parent=other, kind="cap_uy", level="xa")
    coord = make_user("coordinator", body=province)
    task = make_task(actor=boss)
    assign_bodies(task, [province], lead=None, due_on=None, actor=boss, now=NOW)
    db.session.commit()
    assignment = db.session.scalar(select(Assignment).where(Assignment.task_id == task.id))
    login(client, coord)
    page = client.get(f"/assignments/{assignment.id}/forward").get_data(as_text=True)
    assert "15 đơn vị trong phạm vi" in page and "Đảng ủy xã Số 003" not in page
    found = client.get(f"/assignments/{assignment.id}/forward/bodies?q=so").get_json()
    names = [i["name"] for i in found["items"]]
    assert names == [f"Đảng ủy xã Số {n:03d}" for n in range(15)]  # not Lào Cai's, not itself
    assert client.get("/assignments/999999/forward/bodies").status_code == 404
