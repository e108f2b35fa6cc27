"""Issue 13 point 11: one label per state on every page, numbers in Vietnamese format."""
import io
import re

from tests.conftest import NOW, login, post
from tracker.assignments import operations as ops
from tracker.bodies.models import Body
from tracker.core.text import format_number, format_size
from tracker.extensions import db


def test_numbers_in_vietnamese_format():
    assert format_number(3250) == "3.250"
    assert format_number(1_234_567) == "1.234.567"
    assert format_number(62.3) == "62,3"
    assert format_number(62.0) == "62"
    assert format_number(1234.56) == "1.234,6"
    assert format_number(None) == ""
    assert format_size(900) == "900 B"
    assert format_size(63_795) == "62,3 KB"
    assert format_size(5 * 1024 * 1024 + 512 * 1024) == "5,5 MB"


def _badges(html: str) -> list[str]:
    """The words of the badges under the assignment's title."""
    row = re.search(r'<p class="mb-2">(.*?)</p>', html, re.S).group(1)
    return [re.sub(r"\s+", " ", b).strip()
            for b in re.findall(r'<span class="badge[^"]*">(.*?)</span>', row, re.S)]


def test_one_label_per_state_on_the_assignment_page(client, make_assignment, make_user):
    a = make_assignment()
    officer = make_user("officer", body=db.session.get(Body, a.body_id))
    login(client, officer)
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert _badges(html) == ["Chưa thực hiện"]  # it showed "Chưa thực hiện" twice

    ops.submit_report(a, note="", version=None, actor=officer, now=NOW)
    db.session.commit()
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    # Submitted is still open (counted as in progress), and said apart.
    assert _badges(html) == ["Đang thực hiện (trong hạn)", "Đã nộp, chờ tiếp nhận"]
    listing = client.get("/assignments/").get_data(as_text=True)
    assert "Đã nộp, chờ tiếp nhận" in listing
    assert "Đã nộp báo cáo<" not in listing


def test_status_table_headers_are_the_badges_words(client, make_assignment, make_user):
    a = make_assignment()
    leader = make_user("leader", body=db.session.get(Body, db.session.get(
        Body, a.body_id).parent_id))
    login(client, leader)
    html = client.get("/status/").get_data(as_text=True)
    headers = [re.sub(r"<[^>]+>|\s+", " ", h).strip()
               for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.S)]
    for label in ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện (trong hạn)",
                  "Chưa thực hiện", "Quá hạn"):
        assert any(h.startswith(label) for h in headers), (label, headers)
    for other in ("Đúng hạn", "Quá hạn mới xong", "Đang làm", "Chưa làm"):
        assert other not in headers


def test_a_file_size_and_a_percentage_read_the_vietnamese_way(app, client, make_assignment,
                                                             make_user):
    a = make_assignment()
    officer = make_user("officer", body=db.session.get(Body, a.body_id))
    login(client, officer)
    pdf = b"%PDF-1.4\n" + b"x" * (63_795 - 9)
    response = post(client, f"/assignments/{a.id}/files",
                    {"f-file": (io.BytesIO(pdf), "bao-cao.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "62,3 KB" in html and "62.3" not in html


def test_the_return_reason_is_at_the_top_of_the_assignment(client, make_assignment,
                                                            make_user):
    """Issue 13 point 3: an officer sees why the report came back before anything else."""
    a = make_assignment()
    body = db.session.get(Body, a.body_id)
    officer = make_user("officer", body=body)
    coordinator = make_user("coordinator", body=db.session.get(Body, body.parent_id),
                            full_name="Chuyên viên Hà")
    ops.submit_report(a, note="", version=None, actor=officer, now=NOW)
    ops.return_report(a, reason="Thiếu số liệu về mô hình dân vận khéo", actor=coordinator,
                      now=NOW)
    db.session.commit()
    login(client, officer)
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    top = html[:html.index("Đơn vị được giao")]
    assert 'id="return-reason"' in top
    assert "Thiếu số liệu về mô hình dân vận khéo" in top and "Chuyên viên Hà" in top

    ops.submit_report(a, note="Đã bổ sung", version=None, actor=officer, now=NOW)
    db.session.commit()
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'id="return-reason"' not in html  # submitted again: the reason is history now


def test_an_overdue_report_waiting_for_the_ban_is_said_apart(client, make_assignment,
                                                             make_user):
    """Issue 13 point 1: late, but the report is in (the Ban's turn): said on the overdue
    list too, the row staying where the official counts put it."""
    from datetime import date
    a = make_assignment(due_on=date(2025, 1, 15), title="Báo cáo năm 2024")
    body = db.session.get(Body, a.body_id)
    officer = make_user("officer", body=body)
    ops.submit_report(a, note="", version=None, actor=officer, now=NOW)
    db.session.commit()
    login(client, make_user("leader", body=db.session.get(Body, body.parent_id)))
    html = client.get("/status/overdue").get_data(as_text=True)
    row = html[html.index("Báo cáo năm 2024"):][:600]
    assert "Đã nộp, chờ tiếp nhận" in row
