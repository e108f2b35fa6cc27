"""The search boxes: every word of the query, without diacritics or case, in any order."""
from datetime import date

import pytest

from tests.conftest import NOW
from tracker.assignments.queries import assignment_list
from tracker.bodies.queries import body_search
from tracker.directives.queries import directive_list
from tracker.extensions import db
from tracker.tasks.queries import task_page_query


@pytest.fixture
def found(make_body, make_user, make_directive, make_task, make_assignment):
    province = make_body("Tỉnh Lạng Sơn")
    bac_son = make_body("Huyện ủy Bắc Sơn", parent=province, kind="cap_uy", level="huyen")
    make_body("Hội Nông dân tỉnh", parent=province, kind="doan_the")
    coordinator = make_user("coordinator", body=province)
    directive = make_directive(actor=coordinator, number="15-KH/TU", issued_on=date(2024, 1, 5))
    report = make_task(directive=directive, actor=coordinator, due_on=date(2028, 6, 30),
                       title="Báo cáo tổng kết năm 2028 về công tác dân vận")
    make_task(directive=directive, actor=coordinator, due_on=date(2027, 6, 30),
              title="Báo cáo sơ kết năm 2027")
    make_assignment(task=report, body=bac_son, due_on=date(2028, 6, 30))
    db.session.commit()
    today = NOW.date()
    return {
        "tasks": lambda q: [t.title for t in db.session.scalars(
            task_page_query(coordinator, query=q)[0])],
        "bodies": lambda q: [b.name for b in db.session.scalars(body_search(coordinator,
                                                                              query=q))],
        "directives": lambda q: [d.number for d in db.session.scalars(
            directive_list(coordinator, query=q))],
        "assignments": lambda q: [(a.task_title, a.body_name) for a in db.session.execute(
            assignment_list(coordinator, today, query=q))],
    }


def test_words_in_any_order_without_diacritics(found):
    assert found["tasks"]("bao cao 2028") == ["Báo cáo tổng kết năm 2028 về công tác dân vận"]
    assert found["tasks"]("2028 DÂN VẬN tong ket") == [
        "Báo cáo tổng kết năm 2028 về công tác dân vận"]
    assert sorted(found["tasks"]("bao cao")) == ["Báo cáo sơ kết năm 2027",
                                                  "Báo cáo tổng kết năm 2028 về công tác dân vận"]
    assert found["tasks"]("bao cao 2029") == []
    assert found["bodies"]("son huyen") == ["Huyện ủy Bắc Sơn"]
    assert found["directives"]("kh/tu 15") == ["15-KH/TU"]


def test_assignment_words_may_come_from_the_task_and_the_body(found):
    assert found["assignments"]("tong ket bac son") == [
        ("Báo cáo tổng kết năm 2028 về công tác dân vận", "Huyện ủy Bắc Sơn")]
    assert found["assignments"]("tong ket nong dan") == []


def test_wildcards_typed_by_the_user_are_no_wildcards(found):
    # Punctuation separates words, as in "18-CT/TU": a LIKE wildcard is never one.
    assert found["tasks"]("b%o") == [] and found["tasks"]("b_o") == []
    assert found["tasks"]("bao_cao") == found["tasks"]("bao cao")
    assert found["tasks"]("%") == []


@pytest.fixture
def documents(make_body, make_user, make_directive, make_task):
    """Lào Cai's directives as people name them in the issue (13, point 5)."""
    province = make_body("Tỉnh Lào Cai")
    coordinator = make_user("coordinator", body=province)
    ct18 = make_directive(actor=coordinator, number="18-CT/TU", kind="chi_thi",
                          title="Tăng cường công tác dân vận")
    make_directive(actor=coordinator, number="33/CT-TU", kind="chi_thi", issuer="UBND tỉnh",
                   title="Phòng, chống tảo hôn")
    plan = make_directive(actor=coordinator, number="180-KH/TU", kind="ke_hoach",
                          title="Củng cố chính quyền cơ sở vùng đồng bào thiểu số")
    make_task(directive=ct18, actor=coordinator, title="Sơ kết 05 năm thực hiện Chỉ thị 18")
    make_task(directive=plan, actor=coordinator, title="Kiểm tra chính quyền vùng thiểu số")
    db.session.commit()
    return {
        "directives": lambda q: sorted(d.number for d in db.session.scalars(
            directive_list(coordinator, query=q))),
        "tasks": lambda q: sorted(t.title for t in db.session.scalars(
            task_page_query(coordinator, query=q)[0])),
    }


@pytest.mark.parametrize("query", ["Chỉ thị 18", "CT 18", "chỉ thị số 18-CT/TU", "chi thi 18",
                                   "18-CT/TU", "18 ct tu", "ct/tu 18"])
def test_kind_words_and_number_forms_find_the_directive(documents, query):
    assert documents["directives"](query) == ["18-CT/TU"]
    assert documents["tasks"](query) == ["Sơ kết 05 năm thực hiện Chỉ thị 18"]


def test_slash_and_dash_forms_of_a_number(documents):
    assert documents["directives"]("33/CT-TU") == ["33/CT-TU"]
    assert documents["directives"]("33-CT/TU") == ["33/CT-TU"]
    assert documents["directives"]("Chỉ thị 33") == ["33/CT-TU"]
    assert documents["directives"]("kế hoạch 180") == ["180-KH/TU"]
    assert documents["directives"]("KH 180") == ["180-KH/TU"]


def test_no_accidental_hits_across_words(documents):
    """"chi thi" matched "chính quyền … thiểu số" (letters inside other words)."""
    assert documents["directives"]("chi thi") == ["18-CT/TU", "33/CT-TU"]
    assert documents["tasks"]("chi thi") == ["Sơ kết 05 năm thực hiện Chỉ thị 18"]
    assert documents["directives"]("18") == ["18-CT/TU"]  # not 180-KH/TU
    assert documents["directives"]("chinh quyen thieu so") == ["180-KH/TU"]
