"""The core journey through the web pages, end to end in the test client."""
import io

from tests.conftest import login, post
from tracker.assignments.models import Assignment
from tracker.extensions import db


def test_coordinator_to_officer_journey(client, app, make_body, make_user):
    province = make_body("Tỉnh Lào Cai")
    sở = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province)
    officer = make_user("officer", body=sở)

    login(client, coordinator)
    r = post(client, "/directives/new", {"number": "33-CT/TU", "kind": "chi_thi",
                                         "issuer": "Tỉnh ủy Lào Cai", "issued_on": "30/10/2017",
                                         "title": "Phòng, chống tảo hôn", "parent_id": "0"})
    assert r.status_code == 302, r.get_data(as_text=True)
    page = client.get(r.headers["Location"] + "/tasks/new?kind=so_ket&years=3")
    page = page.get_data(as_text=True)
    assert ("Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU, ngày 30/10/2017 của Tỉnh ủy Lào Cai"
            in page)
    assert "30/10/2020" in page
    task_form = {"kind": "so_ket", "review_years": "3", "due_on": "30/10/2020",
                 "title": "Sơ kết 03 năm thực hiện Chỉ thị số 33-CT/TU"}
    directive_url = r.headers["Location"]
    r = post(client, directive_url + "/tasks/new", task_form)
    assert r.status_code == 422  # a deadline already past is said first, then saved
    assert "Hạn hoàn thành: ngày 30/10/2020 đã qua." in r.get_data(as_text=True)
    r = post(client, directive_url + "/tasks/new", {**task_form, "confirm": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)
    task_url = r.headers["Location"]
    r = post(client, task_url + "/assign", {"body_ids": [str(sở.id)], "lead_id": str(sở.id),
                                            "due_on": "15/12/2026"})
    assert r.status_code == 302, r.get_data(as_text=True)
    assignment = db.session.query(Assignment).one()
    client.post("/logout", data={"csrf_token": ""})

    officer_client = app.test_client()
    login(officer_client, officer)
    r = post(officer_client, f"/assignments/{assignment.id}/progress",
             {"p-progress": "50", "p-note": "Đã xây dựng dự thảo", "p-version": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)
    r = post(officer_client, f"/assignments/{assignment.id}/files",
             {"f-file": (io.BytesIO(b"%PDF-1.4 report"), "bao-cao.pdf")},
             content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)
    db.session.expire_all()
    r = post(officer_client, f"/assignments/{assignment.id}/submit",
             {"s-note": "Nộp", "s-version": str(db.session.get(type(assignment),
                                                               assignment.id).version)})
    assert r.status_code == 302, r.get_data(as_text=True)
    page = officer_client.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Nộp báo cáo" in page and "bao-cao.pdf" in page
