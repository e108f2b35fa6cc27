"""The draft report of the demo's central task and of a province's roll-up, opened by
LibreOffice: the header lines, the completion sentences, the figures in words, the notes
quoted with their bodies' names, and annex totals equal to the roll-up (in the .docx and
in the .xlsx)."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import NOW, login
from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.chain.queries import completion_by_kind, completion_sentence
from tracker.core.time import vn_today
from tracker.demo.bodies import DEMO_PASSWORD
from tracker.demo.figures import NOTES
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.tasks.models import Task

TODAY = vn_today(NOW)


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def _accepted_sum(task_ids, indicator: str, cell: str = "") -> int:
    """A plain recount: the accepted assignments' values of one cell, in whole units."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(FigureValue.value), 0))
        .join(Assignment, Assignment.id == FigureValue.assignment_id)
        .where(Assignment.task_id.in_(task_ids), Assignment.status == "done",
               FigureValue.indicator == indicator, FigureValue.cell == cell))
    return int(total) // 1000


def _total_line(text: str, label: str, count: int, after: int = 0) -> list[str]:
    """The cells after a total row's label in LibreOffice's text (one cell a line; the
    status cell of a total row is empty)."""
    lines = text.splitlines()
    start = [n for n, line in enumerate(lines) if line.strip() == label][after]
    return [line.strip() for line in lines[start + 2:start + 2 + count]]


@pytest.fixture
def demo(demo_data):
    top = db.session.scalar(select(Task).where(Task.root_task_id.is_(None), Task.id.in_(
        select(Task.root_task_id))))
    langson = db.session.scalar(select(Body).where(Body.name == "Tỉnh Lạng Sơn"))
    province_assignment = db.session.scalar(select(Assignment).where(
        Assignment.task_id == top.id, Assignment.body_id == langson.id))
    sub_task = db.session.scalar(select(Task).where(
        Task.parent_assignment_id == province_assignment.id))
    return top, province_assignment, sub_task


def test_province_report_opened_by_libreoffice(app, demo, docx_text):
    top, assignment, sub_task = demo
    coordinator = _user("chuyenvien.langson@demo.vn")
    client = login(app.test_client(), coordinator, DEMO_PASSWORD)
    response = client.get(f"/assignments/{assignment.id}/report")
    assert response.status_code == 200
    text = docx_text(response.data, "province")
    lines = [line.strip() for line in text.splitlines()]

    for header in ("ĐẢNG BỘ TỈNH LẠNG SƠN", "TỈNH ỦY LẠNG SƠN", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                   "ĐẢNG CỘNG SẢN VIỆT NAM", "Lạng Sơn, ngày .. tháng .. năm ....", "BÁO CÁO",
                   top.title):  # the province reports up on the task it was given
        assert header in lines, header
    assert any(re.fullmatch(r"Số:\s+-BC/BTGDVTU", line) for line in lines)
    assert "Times New Roman" not in text  # (fonts are not text: a sanity check of the txt)

    # I. The sentence of the task page, by kind of body, and the bodies not reported named.
    sentence = completion_sentence(completion_by_kind(coordinator, sub_task, TODAY), "done",
                                   sub_task.kind)
    assert sentence and f"Đến nay, {sentence}" in text
    missing = list(db.session.scalars(
        select(Body.name).join(Assignment, Assignment.body_id == Body.id)
        .where(Assignment.task_id == sub_task.id,
               Assignment.status.not_in(("submitted", "done")))))
    assert missing
    assert all(name in text for name in missing)
    assert f"chưa báo cáo ({len(missing)})" in text

    # II. Figures in words, Vietnamese format, equal to a plain recount of accepted reports.
    people = _accepted_sum([sub_task.id], "luot_nguoi")
    groups, singles = (_accepted_sum([sub_task.id], "khen_thuong", c)
                       for c in ("tap_the", "ca_nhan"))
    assert people >= 1000  # the thousands separator is exercised
    assert f"- Lượt người tham gia: {_vn(people)} lượt người." in text
    assert (f"- Được khen thưởng: {_vn(groups + singles)} tập thể, cá nhân, trong đó "
            f"{_vn(groups)} tập thể, {_vn(singles)} cá nhân.") in text

    # III. The bodies' own notes, quoted with their names.
    quoted = [line for line in lines if line.startswith("- ") and "“" in line]
    assert quoted and any(note in text for note in NOTES)
    assert all(re.match(r"- (Đảng ủy|Ủy ban|Sở) .+ \(kết quả nổi bật, hạn chế, kiến nghị\): “",
                        line) for line in quoted), quoted

    # Nơi nhận, signature, and the annex whose total is the roll-up's.
    assert "Nơi nhận:" in lines and "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN" in lines
    assert "PHỤ LỤC 1" in lines
    cells = _total_line(text, "Tổng cộng (báo cáo đã tiếp nhận)", 7)
    done = db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.task_id == sub_task.id, Assignment.status == "done"))
    assert cells[0] == f"{done}/{done}"  # đã tổ chức: yes of those accepted
    assert cells[2] == _vn(people)
    assert cells[5] == _vn(groups + singles)


def test_central_report_and_annexes(app, demo, docx_text):
    top, assignment, sub_task = demo
    central = _user("chuyenvien.trunguong@demo.vn")
    client = login(app.test_client(), central, DEMO_PASSWORD)
    text = docx_text(client.get(f"/tasks/{top.id}/report").data, "central")
    lines = [line.strip() for line in text.splitlines()]
    for header in ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                   "Hà Nội, ngày .. tháng .. năm ....", "BÁO CÁO", top.title):
        assert header in lines, header
    assert any(re.fullmatch(r"Số:\s+-BC/BTGDVTW", line) for line in lines)
    sentence = completion_sentence(completion_by_kind(central, top, TODAY), "done", top.kind)
    assert f"Đến nay, {sentence}" in text
    # Every province's communes, departments and front, under the province, with a subtotal
    # equal to that province's roll-up; and the level's total.
    subs = list(db.session.scalars(select(Task.id).where(Task.root_task_id == top.id)))
    assert "PHỤ LỤC 2" in lines
    people = _accepted_sum(subs, "luot_nguoi")
    assert _total_line(text, "Tổng cộng (báo cáo đã tiếp nhận)", 7, after=1)[2] == _vn(people)
    assert _total_line(text, "Cộng Tỉnh Lạng Sơn", 7)[2] == _vn(
        _accepted_sum([sub_task.id], "luot_nguoi"))

    # The same figures in the .xlsx annex, as numbers.
    response = client.get(f"/tasks/{top.id}/report?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["Phụ lục 1", "Phụ lục 2"]
    rows = [r for r in workbook["Phụ lục 2"].iter_rows(values_only=True) if len(r) > 1]
    header = next(r for r in rows if r[0] == "STT")
    total = rows[-1]
    column = header.index("Lượt người tham gia (lượt người)")
    assert total[1] == "Tổng cộng (báo cáo đã tiếp nhận)" and total[column] == people
    subtotal = next(r for r in rows if r[1] == "Cộng Tỉnh Lạng Sơn")
    assert subtotal[column] == _accepted_sum([sub_task.id], "luot_nguoi")
    named = {r[1] for r in rows[rows.index(header) + 1:-1] if r[0]}
    assert named == set(db.session.scalars(select(Body.name).join(
        Assignment, Assignment.body_id == Body.id).where(Assignment.task_id.in_(subs))))


@pytest.mark.parametrize("email", ["chuyenvien.trunguong@demo.vn", "chuyenvien.langson@demo.vn"])
def test_one_percentage_in_every_format(app, demo, email):
    """The completion of the demo's chain (every assignment of directive 33/CT-TTg in the
    user's scope): the status page, its JSON, its .xlsx, the directive's .docx report and
    the task's draft report say the same number, from `core.shares.percent`."""
    from docx import Document

    from tracker.core.shares import percent
    from tracker.core.text import format_number
    top, _assignment, _sub_task = demo
    user = _user(email)
    client = login(app.test_client(), user, DEMO_PASSWORD)
    directive_id = top.directive_id
    done, total = (db.session.scalar(
        select(func.count()).select_from(Assignment).join(Body, Body.id == Assignment.body_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.directive_id == directive_id,
               Body.path.startswith(user.body.path), *extra))
        for extra in ([Assignment.status == "done"], []))
    expected = format_number(percent(done, total))
    assert 0 < done < total

    page = client.get(f"/status/?directive_id={directive_id}").get_data(as_text=True)
    footer = page[page.index("<tfoot"):page.index("</tfoot>")]
    assert re.findall(r'<td class="text-end">([\d.,]+)%</td>', footer)[-1] == expected
    stats = client.get(f"/api/v1/stats/provinces?directive_id={directive_id}").get_json()
    assert format_number(stats["total"]["percent_done"]) == expected
    sheet = load_workbook(io.BytesIO(client.get(
        f"/status/export.xlsx?directive_id={directive_id}").data)).active
    last = [c.value for c in list(sheet.iter_rows())[-1]]
    assert format_number(round(last[-1] * 100, 1)) == expected
    report = Document(io.BytesIO(client.get(
        f"/status/directives/{directive_id}/report.docx").data))
    said = "\n".join(p.text for p in report.paragraphs)
    assert f"{_vn(done)}/{_vn(total)} lượt nhiệm vụ ({expected}%)" in said
    # The draft report of the central task: its chain only (the directive has other tasks).
    chain = Task.id.in_(select(Task.id).where((Task.id == top.id) | (Task.root_task_id == top.id)))
    done, total = (db.session.scalar(
        select(func.count()).select_from(Assignment).join(Body, Body.id == Assignment.body_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(chain, Body.path.startswith(user.body.path), *extra))
        for extra in ([Assignment.status == "done"], []))
    draft = Document(io.BytesIO(client.get(f"/tasks/{top.id}/report").data))
    said = "\n".join(p.text for p in draft.paragraphs)
    assert (f"Tính chung các cấp: đã hoàn thành {_vn(done)}/{_vn(total)} lượt nhiệm vụ, "
            f"đạt {format_number(percent(done, total))}%.") in said
