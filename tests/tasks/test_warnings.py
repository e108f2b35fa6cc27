"""Issue 13 point 6: warnings before mistakes (said once, saved when confirmed), and a title
longer than the field refused with the text kept instead of cut by the browser."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, post
from tracker.core.errors import ValidationError
from tracker.core.time import vn_today
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.tasks.operations import create_task


@pytest.fixture
def w(make_body, make_user, make_directive):
    coordinator = make_user("coordinator", body=make_body("Tỉnh Lào Cai"))
    directive = make_directive(actor=coordinator, number="33-CT/TU", issued_on=date(2017, 10, 30))
    return coordinator, directive


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _warnings(html):
    box = re.search(r'id="warnings">(.*?)</div>\s*</div>|id="warnings">(.*?)<input', html, re.S)
    return box.group(0) if box else ""


def test_the_same_title_in_the_same_directive_is_said_before_saving(w):
    coordinator, directive = w
    data = {"kind": "ke_hoach", "title": "Xây dựng kế hoạch thực hiện",
            "due_on": vn_today(NOW) + timedelta(days=30)}
    create_task(directive, data, actor=coordinator, now=NOW)
    with pytest.raises(ValidationError, match="đã có nhiệm vụ “Xây dựng kế hoạch thực hiện”"):
        create_task(directive, {**data, "title": "xây dựng KẾ HOẠCH thực hiện",
                                "warned": False}, actor=coordinator, now=NOW)
    create_task(directive, {**data, "warned": True}, actor=coordinator, now=NOW)  # confirmed


def test_a_task_form_warns_of_a_duplicate_and_a_past_deadline_then_saves(client, w):
    coordinator, directive = w
    create_task(directive, {"kind": "ke_hoach", "title": "Kế hoạch tuyên truyền",
                            "due_on": date(2030, 1, 1)}, actor=coordinator, now=NOW)
    db.session.commit()
    login(client, coordinator)
    past = (vn_today() - timedelta(days=3)).strftime("%d/%m/%Y")
    form = {"kind": "ke_hoach", "title": "Kế hoạch tuyên truyền", "due_on": past}
    response = post(client, f"/directives/{directive.id}/tasks/new", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    warnings = _warnings(html)
    assert "văn bản này đã có nhiệm vụ “Kế hoạch tuyên truyền”" in warnings
    assert f"Hạn hoàn thành: ngày {past} đã qua." in warnings
    assert 'name="confirm" value="1"' in html and "Chưa lưu được" not in html
    assert _count(Task) == 1

    response = post(client, f"/directives/{directive.id}/tasks/new", {**form, "confirm": "1"})
    assert response.status_code == 302 and _count(Task) == 2


def test_an_issue_date_in_the_future_is_said_before_saving(client, w):
    coordinator, _ = w
    login(client, coordinator)
    future = (vn_today() + timedelta(days=40)).strftime("%d/%m/%Y")
    form = {"number": "45-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
            "issued_on": future, "title": "Về công tác dân vận", "parent_id": "0"}
    response = post(client, "/directives/new", form)
    assert response.status_code == 422
    assert f"Ngày ban hành: ngày {future} là ngày trong tương lai." in \
        _warnings(response.get_data(as_text=True))
    assert _count(Directive) == 1
    response = post(client, "/directives/new", {**form, "confirm": "1"})
    assert response.status_code == 302 and _count(Directive) == 2


def test_a_too_long_title_is_refused_whole_not_cut_by_the_browser(client, w):
    coordinator, directive = w
    login(client, coordinator)
    page = client.get(f"/directives/{directive.id}/tasks/new").get_data(as_text=True)
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert "maxlength" not in title_input  # the browser would cut a pasted title silently
    long_title = "Tổ chức tổng kết " + "công tác dân vận " * 40
    response = post(client, f"/directives/{directive.id}/tasks/new",
                    {"kind": "ke_hoach", "title": long_title, "due_on": "31/12/2030",
                     "confirm": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tên nhiệm vụ: không quá 500 ký tự." in html
    assert long_title.strip() in html  # kept whole in the field
