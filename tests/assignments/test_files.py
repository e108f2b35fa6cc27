"""Issue 13 point 4: a file added by mistake can be removed or replaced until the report is
submitted (kept in the history and on disk); submitted files are frozen; an empty report
asks for confirmation."""
import io
import re
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, login, post
from tracker.assignments import operations as ops
from tracker.assignments.files import add_attachment, open_attachment
from tracker.assignments.models import Assignment, Attachment
from tracker.bodies.models import Body
from tracker.core.errors import ConflictError
from tracker.extensions import db
from tracker.history.models import HistoryEntry

PDF = b"%PDF-1.4 bao cao"
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def w(app, make_assignment, make_user):
    a = make_assignment(title="Báo cáo sơ kết 03 năm")
    body = db.session.get(Body, a.body_id)
    officer = make_user("officer", body=body)
    coordinator = make_user("coordinator", body=db.session.get(Body, body.parent_id))

    def attach(name, at=NOW):
        attachment = add_attachment(a, FileStorage(io.BytesIO(PDF), name), allowed={"pdf"},
                                    max_bytes=10**6, actor=officer, now=at)
        db.session.commit()
        return attachment
    return a, officer, coordinator, attach


def _actions(a):
    return [h.action for h in db.session.query(HistoryEntry).filter_by(
        entity="assignment", entity_id=a.id).order_by(HistoryEntry.id)]


def test_a_file_is_removed_softly_before_submission(app, client, w):
    a, officer, _, attach = w
    wrong = attach("nham-tep.pdf")
    login(client, officer)
    response = post(client, f"/assignments/{a.id}/files/{wrong.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Attachment, wrong.id)
    assert kept.removed_at is not None and kept.removed_by_id == officer.id
    with open_attachment(kept) as stored:  # never destroyed
        assert stored.read() == PDF
    assert _actions(a)[-1] == "attachment_removed"
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "Chưa có tệp nào." in html
    assert "Gỡ tệp đính kèm" in html and "nham-tep.pdf" in html  # in the history
    download = client.get(f"/assignments/{a.id}/files/{wrong.id}")
    assert download.status_code == 200 and download.data == PDF
    download.close()


def test_a_file_is_replaced_before_submission(client, w):
    a, officer, _, attach = w
    wrong = attach("du-thao.pdf")
    login(client, officer)
    response = post(client, f"/assignments/{a.id}/files/{wrong.id}/replace",
                    {"f-file": (io.BytesIO(PDF + b" ban chinh thuc"), "chinh-thuc.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    names = {x.original_name: x.removed_at for x in db.session.query(Attachment)}
    assert names["du-thao.pdf"] is not None and names["chinh-thuc.pdf"] is None
    entry = db.session.query(HistoryEntry).filter_by(action="attachment_replaced").one()
    assert entry.changes["replaced_by"] == "chinh-thuc.pdf"


def test_a_refused_replacement_keeps_the_old_file(client, w):
    a, officer, _, attach = w
    wrong = attach("du-thao.pdf")
    login(client, officer)
    response = post(client, f"/assignments/{a.id}/files/{wrong.id}/replace",
                    {"f-file": (io.BytesIO(b"not a pdf"), "chinh-thuc.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Attachment, wrong.id).removed_at is None
    assert db.session.query(Attachment).count() == 1


def test_submitted_files_are_frozen(client, w):
    a, officer, coordinator, attach = w
    submitted = attach("bao-cao.pdf")
    ops.submit_report(a, note="", version=None, actor=officer, now=NOW + timedelta(minutes=5))
    db.session.commit()
    with pytest.raises(ConflictError, match="không gỡ hoặc thay tệp được"):
        ops.remove_attachment(a, submitted, actor=officer, now=LATER)
    db.session.rollback()
    ops.return_report(db.session.get(Assignment, a.id), reason="Thiếu phụ lục",
                      actor=coordinator, now=LATER)
    db.session.commit()
    # Returned: the submitted file stays frozen; a new one is free until the next submission.
    with pytest.raises(ConflictError, match="đã nộp cùng báo cáo trước"):
        ops.remove_attachment(a, submitted, actor=officer, now=LATER)
    db.session.rollback()
    appendix = attach("phu-luc.pdf", at=LATER + timedelta(minutes=1))
    login(client, officer)
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert f"/files/{appendix.id}/remove" in html and f"/files/{submitted.id}/remove" not in html
    ops.remove_attachment(a, appendix, actor=officer, now=LATER + timedelta(minutes=2))
    db.session.commit()


def test_an_empty_report_asks_for_confirmation_naming_what_is_missing(client, w):
    a, officer, _, attach = w
    login(client, officer)
    response = post(client, f"/assignments/{a.id}/submit",
                    {"s-note": "Gửi báo cáo", "s-version": str(a.version)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    warning = re.search(r'id="empty-report">(.*?)</div>', html, re.S).group(1)
    assert "chưa có tệp báo cáo" in warning and "chưa có số liệu" in warning
    assert "tiến độ đang là 0%" in warning
    assert 'name="s-confirm_empty" value="1"' in html and "Vẫn nộp báo cáo" in html
    assert "Gửi báo cáo</textarea>" in html  # the note is kept
    db.session.expire_all()
    assert db.session.get(Assignment, a.id).status == "not_started"

    response = post(client, f"/assignments/{a.id}/submit",
                    {"s-note": "Gửi báo cáo", "s-version": str(a.version),
                     "s-confirm_empty": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, a.id).status == "submitted"


def test_a_report_with_a_file_is_submitted_at_once(client, w):
    a, officer, _, attach = w
    attach("bao-cao.pdf")
    login(client, officer)
    response = post(client, f"/assignments/{a.id}/submit",
                    {"s-note": "", "s-version": str(db.session.get(Assignment, a.id).version)})
    assert response.status_code == 302
