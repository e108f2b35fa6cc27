"""Secret links: the hash at rest, expiry, revocation, replacement, scope to one assignment,
replay after submit, forged links; uploads and figures through a link get the page's
checks and messages."""
import io
import logging
from datetime import date

import pytest
from sqlalchemy import select, text

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, login, post
from tests.links.conftest import new_link, open_link
from tracker.assignments.models import Attachment
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.history.models import HistoryEntry
from tracker.links.models import AssignmentLink
from tracker.links.operations import revoke_link

PDF = b"%PDF-1.4\n" + b"x" * 2000
GOOD = {"mo_hinh-kinh_te/tap_the": "3", "tin_bai": "12"}  # the required one, and another


def _figures(token, **values):
    return {"csrf_token": token, **{f"v-{k}": v for k, v in values.items()}}


def _everything_in_the_database() -> str:
    """Every row of every table, as text."""
    dump = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            dump += [repr(tuple(row)) for row in connection.execute(
                text(f"SELECT * FROM {table.name}"))]
    return "\n".join(dump)


def test_the_secret_is_nowhere_in_the_database_only_its_hash(client, link_world):
    import hashlib
    link, secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    client.post(f"/link/{link.public_id}/figures", data=_figures(
        token, **{"mo_hinh-kinh_te/tap_the": "3", "tin_bai": "12"}))
    client.post(f"/link/{link.public_id}/file", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "bao-cao.pdf")})
    client.post(f"/link/{link.public_id}/submit", data={"csrf_token": token, "note": "Xong"})
    dump = _everything_in_the_database()
    assert secret not in dump and secret[:20] not in dump
    assert hashlib.sha256(secret.encode()).hexdigest() in dump  # the hash, and only that
    assert link.public_id in dump


def test_each_use_is_in_the_history_naming_the_link_and_never_the_secret(client, link_world):
    link, secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    client.post(f"/link/{link.public_id}/figures", data=_figures(token, **GOOD))
    client.post(f"/link/{link.public_id}/file", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "bao-cao.pdf")})
    response = client.post(f"/link/{link.public_id}/submit", data={"csrf_token": token})
    assert response.status_code == 200 and "Đã nộp báo cáo" in response.get_data(as_text=True)
    entries = list(db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.entity_id == link_world.mine.id, HistoryEntry.entity == "assignment")
        .order_by(HistoryEntry.id)))
    used = [e for e in entries if e.action in ("figures", "attachment", "submitted")]
    assert [e.action for e in used] == ["figures", "attachment", "submitted"]
    assert all(e.changes["via_link"] == link.public_id and e.actor_id is None for e in used)
    assert not any(secret in repr(e.changes) or secret in e.note for e in entries)
    attachment = db.session.scalar(select(Attachment))
    assert attachment.uploaded_by_id is None
    assert load_assignment(link_world.mine.id).status == "submitted"
    # The coordinator reads who did it: the body, through which link.
    coordinator = login(client.application.test_client(), link_world.users.coord_a)
    page = coordinator.get(f"/assignments/{link_world.mine.id}").get_data(as_text=True)
    history = page[page.index('id="history-title"'):]
    assert history.count("Đơn vị, qua đường dẫn bí mật") == 3
    assert "Qua đường dẫn bí mật (mã)" in history
    assert history.count(link.public_id) == 4  # the three uses and the link's issue
    assert "qua đường dẫn bí mật" in page[:page.index('id="history-title"')]  # the file


def test_pages_are_private_and_forms_need_the_csrf_token(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    entry = client.get(path)
    assert entry.headers["Cache-Control"] == "no-store"
    assert entry.headers["Referrer-Policy"] == "no-referrer"
    assert path not in entry.headers["Location"]  # the secret leaves the address bar
    page = client.get(entry.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"
    body = page.get_data(as_text=True)
    assert "Sơ kết kế hoạch (cấp xã)" in body and "18/12/2026" in body
    assert "Báo cáo số mô hình." in body
    assert "/assignments" not in body and "/tasks" not in body and "Đăng xuất" not in body
    refused = client.post(f"/link/{link.public_id}/figures", data={"v-tin_bai": "5"})
    assert refused.status_code == 400
    assert db.session.scalar(select(FigureValue)) is None


@pytest.mark.parametrize("kind", ["unknown id", "tampered secret", "overlong secret",
                                  "no secret", "secret of another link"])
def test_a_forged_link_answers_404(client, link_world, kind):
    link, secret, path = new_link(link_world.mine)
    _other, other_secret, _ = new_link(link_world.other, to="ubnd@cocsan.laocai.vn")
    path = {"unknown id": f"/link/AAAAAAAAAAAA/{secret}",
            "tampered secret": f"/link/{link.public_id}/{secret[:-2]}xy",
            "overlong secret": f"/link/{link.public_id}/{secret * 3}",
            "no secret": f"/link/{link.public_id}",
            "secret of another link": f"/link/{link.public_id}/{other_secret}"}[kind]
    response = client.get(path)
    assert response.status_code == 404


def test_a_link_reaches_its_one_assignment_only(client, link_world):
    mine, _secret, path = new_link(link_world.mine)
    other, _other_secret, _ = new_link(link_world.other, to="ubnd@cocsan.laocai.vn")
    token = open_link(client, path)
    # The other body's link id, without its secret: unknown to this browser.
    for url in (f"/link/{other.public_id}", f"/link/{other.public_id}/figures",
                f"/link/{other.public_id}/file", f"/link/{other.public_id}/submit"):
        if url == f"/link/{other.public_id}":
            assert client.get(url).status_code == 404
        else:
            assert client.post(url, data=_figures(token, tin_bai="7")).status_code == 404
    assert client.post(f"/link/{mine.public_id}/figures",
                       data=_figures(token, **GOOD)).status_code == 303
    values = list(db.session.scalars(select(FigureValue)))
    assert {v.assignment_id for v in values} == {link_world.mine.id}
    assert load_assignment(link_world.other.id).status == "not_started"


def test_replay_after_submit_answers_410_with_whom_to_contact(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    client.post(f"/link/{link.public_id}/file", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "bao-cao.pdf")})
    assert client.post(f"/link/{link.public_id}/submit",
                       data={"csrf_token": token}).status_code == 200
    for response in (client.get(path), client.get(f"/link/{link.public_id}"),
                     client.post(f"/link/{link.public_id}/submit", data={"csrf_token": token}),
                     client.post(f"/link/{link.public_id}/figures",
                                 data=_figures(token, tin_bai="9"))):
        assert response.status_code == 410
        body = response.get_data(as_text=True)
        assert "Báo cáo đã được nộp qua đường dẫn này." in body
        assert "Tỉnh Lào Cai" in body and link_world.users.coord_a.email in body
    db.session.expire_all()
    assert db.session.scalar(select(AssignmentLink)).end_reason == "used"
    submitted = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.action == "submitted")).all()
    assert len(submitted) == 1


def test_revoked_link_answers_410_even_in_an_open_browser(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    revoke_link(db.session.get(AssignmentLink, link.id), actor=link_world.users.coord_a,
                now=NOW)
    db.session.commit()
    response = client.post(f"/link/{link.public_id}/figures", data=_figures(token, tin_bai="1"))
    assert response.status_code == 410
    assert "Đường dẫn đã bị thu hồi." in response.get_data(as_text=True)
    assert client.get(path).status_code == 410
    assert db.session.scalar(select(FigureValue)) is None


def test_a_new_link_replaces_the_old_one(client, link_world):
    old, _old_secret, old_path = new_link(link_world.mine)
    new, _new_secret, new_path = new_link(link_world.mine)
    response = client.get(old_path)
    assert response.status_code == 410
    assert "Đã có đường dẫn mới" in response.get_data(as_text=True)
    open_link(client, new_path)
    db.session.expire_all()
    assert db.session.get(AssignmentLink, old.id).end_reason == "replaced"
    issued = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.action == "link_issued").order_by(HistoryEntry.id)).all()
    assert issued[-1].changes == {"link": new.public_id, "sent_to": "vanphong@banvuoc.laocai.vn",
                                  "replaced_link": old.public_id}


def test_a_link_expires_some_days_after_the_deadline_in_force(app, client, link_world,
                                                              monkeypatch):
    link, _secret, path = new_link(link_world.mine)
    days = app.config["LINK_DAYS_AFTER_DEADLINE"]
    last_day = date.fromordinal(date(2026, 12, 18).toordinal() + days)
    monkeypatch.setattr("tracker.links.views.vn_today", lambda: last_day)
    open_link(client, path)
    monkeypatch.setattr("tracker.links.views.vn_today",
                        lambda: date.fromordinal(last_day.toordinal() + 1))
    response = client.get(f"/link/{link.public_id}")
    assert response.status_code == 410
    assert "Đường dẫn đã hết hạn sử dụng." in response.get_data(as_text=True)
    # An extension of the deadline gives the link the same extra days.
    from tracker.assignments.operations import extend_deadline
    extend_deadline(load_assignment(link_world.mine.id),
                    {"new_due_on": date(2026, 12, 25), "reason": "Chờ số liệu"},
                    actor=link_world.users.coord_a, now=NOW)
    db.session.commit()
    assert client.get(f"/link/{link.public_id}").status_code == 200


def test_a_report_submitted_otherwise_closes_the_link(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    coordinator = login(client.application.test_client(), link_world.users.coord_a)
    version = load_assignment(link_world.mine.id).version
    assert post(coordinator, f"/assignments/{link_world.mine.id}/submit",
                {"s-note": "Nhập thay", "s-confirm_empty": "1",
                 "s-version": str(version)}).status_code == 302
    response = client.post(f"/link/{link.public_id}/figures", data=_figures(token, tin_bai="3"))
    assert response.status_code == 410


def test_a_wrong_content_upload_is_refused_as_on_the_page(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    response = client.post(f"/link/{link.public_id}/file", data={
        "csrf_token": token, "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"x" * 50), "bc.pdf")})
    assert response.status_code == 422
    assert "Tệp đính kèm: nội dung tệp không đúng định dạng .pdf." in response.get_data(
        as_text=True)
    response = client.post(f"/link/{link.public_id}/file", data={
        "csrf_token": token, "file": (io.BytesIO(b"MZ" + b"x" * 50), "virus.exe")})
    assert response.status_code == 422
    assert "Tệp đính kèm: chỉ nhận các loại tệp" in response.get_data(as_text=True)
    assert db.session.scalar(select(Attachment)) is None


def test_an_oversize_upload_is_refused_with_the_pages_message(app, client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    # The body as a browser sends it, built here (the test client would spool it to a
    # temporary file of its own).
    body = (b"--B\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            + token.encode() + b"\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; "
            b"filename=\"bao-cao.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF"
            + b"0" * app.config["MAX_CONTENT_LENGTH"] + b"\r\n--B--\r\n")
    response = client.post(f"/link/{link.public_id}/file", data=body,
                           content_type="multipart/form-data; boundary=B")
    assert response.status_code == 413
    assert "Tệp đính kèm: dung lượng vượt quá 1 MB." in response.get_data(as_text=True)
    assert db.session.scalar(select(Attachment)) is None


def test_a_second_file_replaces_the_first_one_sent_through_the_link(client, link_world):
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    for name in ("lan-1.pdf", "lan-2.pdf"):
        assert client.post(f"/link/{link.public_id}/file", data={
            "csrf_token": token, "file": (io.BytesIO(PDF), name)}).status_code == 303
    kept = db.session.scalars(select(Attachment).where(Attachment.removed_at.is_(None))).all()
    assert [a.original_name for a in kept] == ["lan-2.pdf"]


BROKEN = [
    ({"mo_hinh": "10", "mo_hinh-kinh_te/tap_the": "3"}, 422),
    ({"mo_hinh": "-4"}, 422),
    ({"mo_hinh": "12,5"}, 422),
    ({"tin_bai": "5"}, 422),  # the required indicator left empty
]


@pytest.mark.parametrize("values,status", BROKEN)
def test_figures_that_break_the_template_get_the_pages_messages(client, link_world, values,
                                                                status):
    """The same values typed on the page (by nhập thay, on the twin commune) and through the
    link: the same status and the same messages, and nothing written."""
    import re
    link, _secret, path = new_link(link_world.mine)
    token = open_link(client, path)
    through_link = client.post(f"/link/{link.public_id}/figures",
                               data=_figures(token, **values))
    coordinator = login(client.application.test_client(), link_world.users.coord_a)
    on_page = post(coordinator, f"/assignments/{link_world.other.id}/figure-form",
                   {f"v-{k}": v for k, v in values.items()})
    assert through_link.status_code == on_page.status_code == status

    def messages(response):
        html = response.get_data(as_text=True)
        block = html[html.index("Chưa lưu được."):]
        return re.findall(r"<li>(.*?)</li>", block[:block.index("</ul>")])
    assert messages(through_link) == messages(on_page) and messages(on_page)
    assert db.session.scalar(select(FigureValue)) is None


def test_the_secret_is_masked_in_request_logs(caplog):
    from tracker.links.views import _MaskSecrets
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '127.0.0.1 - - "GET /link/%s/%s HTTP/1.1" 303 -',
                               ("AbCdEfGh1234", "s3cr3t-s3cr3t_s3cr3t"), None)
    _MaskSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1 - - "GET /link/AbCdEfGh1234/… HTTP/1.1" 303 -'
