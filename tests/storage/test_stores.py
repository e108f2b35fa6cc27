"""Attachments in the configured store: the database (default) or a shared directory, the
same downloads from either, and `flask files move` from the instance folder of old."""
import hashlib
import io
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from tests.conftest import NOW, login, post
from tracker.assignments.files import add_attachment
from tracker.assignments.models import Attachment
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.storage import DatabaseStore, DirectoryStore, file_store, stores
from tracker.storage.models import FileChunk

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


@pytest.fixture
def w(make_body, make_user, make_directive, make_task, make_assignment):
    province = make_body("Tỉnh Lào Cai")
    body = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province)
    officer = make_user("officer", body=body)
    directive = make_directive(actor=coordinator, number="33-CT/TU")
    task = make_task(directive=directive, actor=coordinator, due_on=date(2026, 12, 31))
    assignment = make_assignment(task=task, body=body)
    db.session.commit()
    return SimpleNamespace(**locals())


@pytest.fixture(params=["database", "directory"])
def store_kind(request, app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "FILE_STORE", request.param)
    monkeypatch.setitem(app.config, "UPLOAD_DIR", tmp_path / "shared")
    return request.param


def chunks() -> int:
    return db.session.scalar(select(func.count()).select_from(FileChunk))


def test_upload_and_download_through_either_store(app, client, w, store_kind, tmp_path):
    login(client, w.officer)
    response = post(client, f"/assignments/{w.assignment.id}/files",
                    {"f-file": (io.BytesIO(PDF), "Báo cáo.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    on_disk = sorted(p.name for p in (tmp_path / "shared").glob("*"))
    if store_kind == "database":
        assert on_disk == [] and chunks() == 1
    else:
        assert on_disk == [attachment.stored_name] and chunks() == 0
    response = client.get(f"/assignments/{w.assignment.id}/files/{attachment.id}")
    assert response.status_code == 200
    assert response.get_data() == PDF
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Bao cao.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF))
    response.close()


def test_a_large_file_is_kept_in_chunks_and_read_back_whole(w, monkeypatch):
    monkeypatch.setattr(stores, "CHUNK_BYTES", 1000)
    attachment = add_attachment(w.assignment, FileStorage(io.BytesIO(PDF), "bc.pdf"),
                                allowed={"pdf"}, max_bytes=10**6, actor=w.officer, now=NOW)
    assert chunks() == -(-len(PDF) // 1000)
    with DatabaseStore().open(attachment.stored_name) as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == attachment.sha256


def test_a_file_over_the_limit_leaves_nothing_in_the_store(w, store_kind):
    with pytest.raises(ValidationError, match="dung lượng vượt quá"):
        add_attachment(w.assignment, FileStorage(io.BytesIO(PDF), "bc.pdf"), allowed={"pdf"},
                       max_bytes=len(PDF) - 1, actor=w.officer, now=NOW)
    assert list(file_store().keys()) == []


def test_a_missing_file_answers_404(client, w, store_kind):
    attachment = add_attachment(w.assignment, FileStorage(io.BytesIO(PDF), "bc.pdf"),
                                allowed={"pdf"}, max_bytes=10**6, actor=w.officer, now=NOW)
    db.session.commit()
    file_store().delete(attachment.stored_name)
    db.session.commit()
    login(client, w.officer)
    assert client.get(f"/assignments/{w.assignment.id}/files/{attachment.id}").status_code \
        == 404


def test_keys_are_checked():
    with pytest.raises(ValueError):
        DatabaseStore().open("../../etc/passwd")
    with pytest.raises(ValueError):
        DirectoryStore("/tmp").open("../x")


def test_flask_files_move_brings_the_instance_folder_into_the_database(app, client, w,
                                                                       monkeypatch, tmp_path):
    old = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_DIR", old)
    folder = DirectoryStore(old)
    kept = [add_attachment(w.assignment, FileStorage(io.BytesIO(PDF + bytes([n])), f"{n}.pdf"),
                           allowed={"pdf"}, max_bytes=10**6, actor=w.officer, now=NOW,
                           store=folder) for n in range(4)]
    db.session.commit()
    (old / kept[2].stored_name).unlink()                 # lost before the move
    (old / kept[3].stored_name).write_bytes(b"%PDF-0")    # damaged before the move
    runner = app.test_cli_runner()
    result = runner.invoke(args=["files", "move"])
    assert result.exit_code == 1
    assert "Đã chuyển 2 tệp; đã có sẵn 0; thiếu 1; sai mã sha256 1." in result.output
    assert sorted(DatabaseStore().keys()) == sorted(a.stored_name for a in kept[:2])
    assert sorted(p.name for p in old.iterdir()) == [kept[3].stored_name]  # moved, not copied
    login(client, w.officer)
    for attachment in kept[:2]:
        response = client.get(f"/assignments/{w.assignment.id}/files/{attachment.id}")
        assert response.status_code == 200
        assert hashlib.sha256(response.get_data()).hexdigest() == attachment.sha256
        response.close()
    again = runner.invoke(args=["files", "move"])
    assert "Đã chuyển 0 tệp; đã có sẵn 2; thiếu 1; sai mã sha256 1." in again.output
