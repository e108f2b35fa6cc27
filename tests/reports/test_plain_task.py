"""A task without a figure template: the draft report has the completion sentences and the
bodies not reported, no section of figures and no annex; its .xlsx lists the bodies."""
import io

from docx import Document
from openpyxl import load_workbook

from tests.conftest import NOW, TODAY, login
from tracker.assignments.operations import accept_report, submit_report
from tracker.extensions import db
from tracker.reports.queries import task_report


def test_a_task_without_template_gives_the_sentences_only(app, two_provinces, make_task,
                                                          make_assignment, make_body):
    cast = two_provinces
    coord = cast.users["coord_a"]
    task = make_task(actor=coord, kind="so_ket", review_years=3,
                     title="Sơ kết 03 năm Chỉ thị 33-CT/TU")
    done = make_assignment(task=task, body=cast.x)
    make_assignment(task=task, body=cast.y, role="support")
    submit_report(done, note="Đã tổ chức", version=None, actor=cast.users["officer_x"], now=NOW)
    accept_report(done, note="", actor=coord, now=NOW)
    db.session.commit()
    report = task_report(coord, task, TODAY)
    assert report.form is None and len(report.levels) == 1

    client = login(app.test_client(), coord)
    response = client.get(f"/tasks/{task.id}/report")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "đã tổ chức sơ kết" in text and "1/2, đạt 50%" in text
    assert f"Các cơ quan, đơn vị chưa báo cáo (1): {cast.y.name}." in text
    assert "Nhiệm vụ không có biểu mẫu số liệu." in text
    assert "PHỤ LỤC" not in text

    sheet = load_workbook(io.BytesIO(client.get(
        f"/tasks/{task.id}/report?format=xlsx").data)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] in ("1", "2")]
    assert sorted(names) == sorted([cast.x.name, cast.y.name])
