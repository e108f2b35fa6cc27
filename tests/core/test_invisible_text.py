"""Control characters and bidirectional overrides (U+202E turns "exe.fdp" into what reads
as "pdf.exe") never reach titles, file names or the calendar feed."""
import io
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, login, post
from tracker.assignments.files import add_attachment
from tracker.bodies.models import Body
from tracker.core.text import clean, clean_multiline
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.feeds.operations import create_feed
from tracker.tasks.models import Task

RLO = "\u202e"


@pytest.mark.parametrize("dirty, expected", [
    (f"Báo cáo{RLO}fdp.exe", "Báo cáofdp.exe"), ("Kế\x00 hoạch\x1b[31m", "Kế hoạch[31m"),
    ("A\u2066B\u2069C\u202aD", "ABCD"), ("tab\there", "tab here"), ("\x85x\x9f", "x"),
])
def test_clean_drops_control_and_bidi_characters(dirty, expected):
    assert clean(dirty) == expected


def test_multiline_text_keeps_its_line_breaks_only():
    assert clean_multiline(f"Dòng 1\r\nDòng{RLO} 2\x07") == "Dòng 1\nDòng 2"


def test_a_title_typed_with_an_override_is_stored_without(client, make_user):
    login(client, make_user("coordinator"))
    response = post(client, "/directives/new", {
        "number": f"15{RLO}-ĐA/TU", "kind": "de_an", "issuer": "Tỉnh ủy Lạng Sơn",
        "issued_on": "15/05/2022", "title": f"Đề án\x1b dân vận{RLO}", "parent_id": "0"})
    assert response.status_code == 302
    directive = db.session.scalars(db.select(Directive)).one()
    assert (directive.number, directive.title) == ("15-ĐA/TU", "Đề án dân vận")


def test_a_file_name_with_an_override_is_stored_without(app, make_assignment, make_user):
    assignment = make_assignment()
    officer = make_user("officer", body=db.session.get(Body, assignment.body_id))
    upload = FileStorage(io.BytesIO(b"%PDF-1.4 bao cao"), filename=f"bao-cao{RLO}fdp.exe.pdf",
                         content_type="application/pdf")
    attachment = add_attachment(assignment, upload, allowed={"pdf"},
                                max_bytes=1024 * 1024, actor=officer, now=NOW)
    assert attachment.original_name == "bao-caofdp.exe.pdf"


def test_the_calendar_feed_drops_them_from_rows_saved_before(client, make_assignment,
                                                             make_user):
    assignment = make_assignment(title="Sơ kết", due_on=date(2026, 12, 1))
    officer = make_user("officer", body=db.session.get(Body, assignment.body_id))
    task = db.session.get(Task, assignment.task_id)
    task.title = f"Sơ kết{RLO} 03 năm\x07"  # as an older version stored it
    db.session.commit()
    _, secret = create_feed(officer, now=NOW)
    db.session.commit()
    text = client.get(f"/calendar/{secret}.ics").get_data(as_text=True)
    assert "Sơ kết 03 năm" in text and RLO not in text and "\x07" not in text
