"""`flask backup create` and `flask backup restore`: every row and file of one database
restored into an empty one (SQLite always; on a PostgreSQL run, PostgreSQL too)."""
import hashlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, login
from tracker import create_app
from tracker.assignments import operations as work
from tracker.assignments.files import add_attachment
from tracker.assignments.models import Assignment, Attachment
from tracker.backup.archive import SKIPPED, _parents_first
from tracker.bodies.operations import merge_body
from tracker.chain.operations import forward_assignment
from tracker.config import TestConfig
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.storage import file_store, stores

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 20


@pytest.fixture
def filled(make_body, make_user, make_directive, make_task, make_assignment, monkeypatch):
    """Two provinces' worth of work: merged bodies, assignments with progress, reports,
    figures, files (one of several chunks), history, an outbox mail."""
    monkeypatch.setattr(stores, "CHUNK_BYTES", 1000)
    province = make_body("Tỉnh Lào Cai")
    old = make_body("Xã Phố Lu cũ", parent=province, kind="cap_uy", level="xa")
    body = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    new = make_body("Xã Phố Lu", parent=province, kind="cap_uy", level="xa")
    coordinator = make_user("coordinator", body=province)
    officer = make_user("officer", body=body)
    merge_body(old, new, actor=coordinator, now=NOW)  # an older body points at a newer one
    directive = make_directive(actor=coordinator, number="33-CT/TU")
    assignments = []
    for n in range(3):
        task = make_task(directive=directive, actor=coordinator, title=f"Nhiệm vụ {n}",
                         due_on=date(2026, 12, 31) + timedelta(days=n))
        assignments.append(make_assignment(task=task, body=body))
    first = assignments[0]
    work.update_progress(first, {"progress": 60, "note": "Đã tổ chức hội nghị"},
                         version=first.version, actor=officer, now=NOW)
    work.set_figure(first, {"name": "Số cuộc đối thoại", "unit": "cuộc", "value": 16},
                    actor=officer, now=NOW)
    files = [add_attachment(a, FileStorage(io.BytesIO(PDF + bytes([n])), f"Báo cáo {n}.pdf"),
                            allowed={"pdf"}, max_bytes=10**6, actor=officer, now=NOW)
             for n, a in enumerate(assignments[:2])]
    work.submit_report(first, note="Nộp báo cáo", version=first.version, actor=officer, now=NOW)
    # A forwarded chain: the sub-task names an assignment, a table restored after tasks.
    office = make_body("Phòng Tổ chức", parent=body, kind="khac")
    db.session.commit()
    forward_assignment(load_assignment(assignments[2].id), {
        "title": "Rà soát cấp phòng", "description": "", "due_on": date(2026, 12, 20),
        "bodies": [office], "lead": office}, actor=coordinator, now=NOW)
    db.session.commit()
    return {"officer": officer, "files": files}


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table that a backup carries, in primary-key order."""
    tables = {}
    for table in db.metadata.sorted_tables:
        if table.name in SKIPPED:
            continue
        order = list(table.primary_key.columns)
        tables[table.name] = [dict(row) for row in
                              db.session.execute(select(table).order_by(*order)).mappings()]
    return tables


def contents() -> dict[str, str]:
    found = {}
    for attachment in db.session.scalars(select(Attachment)):
        with file_store().open(attachment.stored_name) as stored:
            found[attachment.stored_name] = hashlib.sha256(stored.read()).hexdigest()
    return found


def targets(tmp_path, source_url: str) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'restored.sqlite3'}"]
    if source_url.startswith("postgresql"):
        url = make_url(source_url)
        name = f"{url.database}_restored"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        urls.append(url.set(database=name).render_as_string(hide_password=False))
    return urls


def test_a_backup_restores_every_assignment_file_and_history_entry(app, filled, tmp_path):
    archive = tmp_path / "sao-luu.zip"
    result = app.test_cli_runner().invoke(args=["backup", "create", str(archive)])
    assert result.exit_code == 0, result.output
    assert "2 tệp đính kèm" in result.output
    before, files = snapshot(), contents()
    assert len(before["assignments"]) == 4 and len(files) == 2
    assert [t["parent_assignment_id"] for t in before["tasks"]][-1] is not None
    assert len(before["history_entries"]) >= 8
    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["tables"]["assignments"] == 4 and manifest["files"] == 2

    for url in targets(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"]):
        class Restored(TestConfig):
            SQLALCHEMY_DATABASE_URI = url
            INSTANCE_DIR = tmp_path / "restored-instance"
            UPLOAD_DIR = INSTANCE_DIR / "uploads"
        target = create_app(Restored)
        with target.app_context():
            upgrade()
            result = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
            assert result.exit_code == 0, result.output
            assert snapshot() == before
            assert contents() == files
            assert db.session.scalar(select(func.count()).select_from(HistoryEntry)) == \
                len(before["history_entries"])
            # The restored site works: the officer signs in and downloads the report.
            attachment = db.session.scalar(select(Attachment).order_by(Attachment.id))
            client = target.test_client()
            login(client, filled["officer"])
            response = client.get(f"/assignments/{attachment.assignment_id}/files/"
                                  f"{attachment.id}")
            assert response.status_code == 200 and response.get_data() == PDF + bytes([0])
            response.close()
            # New rows get new ids (PostgreSQL's sequences were moved past the restored ones).
            assignment = db.session.get(Assignment, before["assignments"][1]["id"])
            work.update_progress(assignment, {"progress": 80, "note": "Sau phục hồi"},
                                 version=assignment.version, actor=assignment_officer(),
                                 now=NOW + timedelta(days=1))
            db.session.commit()
            assert db.session.scalar(select(func.max(HistoryEntry.id))) == \
                max(row["id"] for row in before["history_entries"]) + 1
            # A second restore into what is no longer empty is refused, naming the tables.
            again = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
            assert again.exit_code == 1
            assert "Chỉ phục hồi vào cơ sở dữ liệu trống" in again.output
            db.session.remove()
            db.engine.dispose()


def assignment_officer():
    from tracker.auth.models import User
    return db.session.scalar(select(User).where(User.role == "officer"))


def test_a_backup_of_another_schema_revision_is_refused(app, tmp_path):
    archive = tmp_path / "cu.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("manifest.json", json.dumps(
            {"format": "tracker-backup/1", "revision": "0001", "tables": {}, "files": 0}))
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 1
    assert "phiên bản cơ sở dữ liệu 0001" in result.output and "flask db upgrade" in result.output


def test_create_refuses_to_overwrite(app, tmp_path):
    archive = tmp_path / "da-co.zip"
    archive.write_bytes(b"x")
    result = app.test_cli_runner().invoke(args=["backup", "create", str(archive)])
    assert result.exit_code == 1 and "đã tồn tại" in result.output
    assert archive.read_bytes() == b"x"


def test_rows_that_name_a_later_row_of_their_table_come_after_it():
    rows = [{"id": 1, "parent_id": None, "merged_into_id": None},
            {"id": 2, "parent_id": 4, "merged_into_id": 4},  # merged into a newer body
            {"id": 3, "parent_id": 2, "merged_into_id": None},
            {"id": 4, "parent_id": 1, "merged_into_id": None}]
    table = db.metadata.tables["bodies"]
    order = [row["id"] for row in _parents_first(rows, table)]
    assert sorted(order) == [1, 2, 3, 4]
    for row in rows:
        for column in ("parent_id", "merged_into_id"):
            if row[column] is not None:
                assert order.index(row[column]) < order.index(row["id"])


def test_nothing_is_written_when_a_restore_fails(app, tmp_path):
    archive = tmp_path / "hong.zip"
    revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("manifest.json", json.dumps(
            {"format": "tracker-backup/1", "revision": revision,
             "tables": {"holidays": 2}, "files": 0}))
        zipped.writestr("tables/holidays.jsonl",
                        json.dumps({"id": 1, "day": "2026-09-02", "name": "Quốc khánh"}) + "\n")
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 1 and "manifest ghi 2" in result.output
    assert db.session.scalar(text("SELECT count(*) FROM holidays")) == 0
