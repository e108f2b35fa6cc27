"""A backup is a zip archive, the same whichever database wrote it:

    manifest.json          format, schema revision (Alembic), when, rows per table, files
    tables/<table>.jsonl   one JSON object per row, in primary-key order
    files/<stored name>    the contents of every attachment, from the configured store

Values are written as JSON (dates and times in ISO 8601 with their UTC offset, bytes in
base64) and read back by the type of their column, so a backup of SQLite restores into
PostgreSQL and back. The contents of the database store (`file_chunks`) travel as files,
so a backup also moves attachments between FILE_STORE settings; previews waiting for
confirmation (`pending_imports`) are not kept.

Restoring needs an empty database at the same schema revision (`flask db upgrade` first)
and writes everything in one transaction: all of it, or nothing.
"""
import base64
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.types import TypeDecorator

from tracker.extensions import db
from tracker.storage import FileStore

FORMAT = "tracker-backup/1"
SKIPPED = {"file_chunks", "pending_imports"}
BATCH = 500
PIECE = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored here; the message says why, in Vietnamese."""


def _tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name not in SKIPPED]


def _revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database never migrated has no such table
        db.session.rollback()
        return None


def _kind(column) -> type | None:
    """The Python type a column's JSON value is read back into (None: as JSON gives it)."""
    type_ = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    for sql_type, python_type in ((DateTime, datetime), (Date, date), (LargeBinary, bytes)):
        if isinstance(type_, sql_type):
            return python_type
    return None


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(value, kind: type | None):
    if value is None or kind is None:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return base64.b64decode(value)


# ---- create ----------------------------------------------------------------------------

def create_backup(path: Path, store: FileStore, *, now: datetime) -> dict:
    """Write every table (but previews and the store's chunks) and every attachment file
    to a new archive at `path`; returns the manifest."""
    from tracker.assignments.models import Attachment  # the only table naming files
    _snapshot()
    manifest = {"format": FORMAT, "revision": _revision(), "created_at": now.isoformat(),
                "tables": {}, "files": 0, "missing_files": []}
    with zipfile.ZipFile(path, "x", zipfile.ZIP_DEFLATED) as archive:
        for table in _tables():
            manifest["tables"][table.name] = _write_table(archive, table)
        keys = db.session.execute(select(Attachment.stored_name)
                                  .order_by(Attachment.id)).scalars().all()
        for key in keys:
            content = store.open(key)
            if content is None:
                manifest["missing_files"].append(key)
                continue
            with content, archive.open(f"files/{key}", "w", force_zip64=True) as out:
                while piece := content.read(PIECE):
                    out.write(piece)
            manifest["files"] += 1
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _snapshot() -> None:
    """Read every table and file from one snapshot while the hosts keep writing."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return
    # SQLite (in WAL mode) keeps a read transaction's view; pysqlite opens none for reads.
    connection = db.session.connection()
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def _write_table(archive: zipfile.ZipFile, table: Table) -> int:
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    rows = db.session.execute(select(table).order_by(*order).execution_options(yield_per=BATCH))
    with archive.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as out:
        for row in rows.mappings():
            line = {key: _encode(value) for key, value in row.items()}
            out.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
            count += 1
    return count


# ---- restore ---------------------------------------------------------------------------

def restore_backup(path: Path, store: FileStore) -> dict:
    """Load an archive into this empty database and the store; flushes, never commits."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}") from exc
    with archive:
        manifest = _manifest(archive)
        _check_empty()
        restored: set[str] = set()
        later: list[tuple[Table, list[dict]]] = []
        for table in _tables():
            later.append((table, _restore_table(archive, table, manifest, restored)))
            restored.add(table.name)
        for table, updates in later:
            _fill_in(table, updates)
        for name in archive.namelist():
            if name.startswith("files/"):
                with archive.open(name) as content:
                    store.save(name.removeprefix("files/"),
                               iter(lambda content=content: content.read(PIECE), b""))
        _reset_sequences()
        db.session.flush()
    return manifest


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("Tệp sao lưu không có manifest.json hợp lệ.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu “{manifest.get('format')}” không được hỗ trợ.")
    here = _revision()
    if manifest.get("revision") != here:
        raise BackupError(
            f"Bản sao lưu ở phiên bản cơ sở dữ liệu {manifest.get('revision')}, cơ sở dữ liệu "
            f"này ở {here}: chạy `flask db upgrade` (hoặc dùng mã nguồn cùng phiên bản) trước.")
    return manifest


def _check_empty() -> None:
    filled = [t.name for t in db.metadata.sorted_tables
              if db.session.scalar(select(func.count()).select_from(t)) > 0]
    if filled:
        raise BackupError("Chỉ phục hồi vào cơ sở dữ liệu trống; đang có dữ liệu trong: "
                          + ", ".join(filled) + ".")


def _rows(archive: zipfile.ZipFile, table: Table) -> Iterator[dict]:
    kinds = {column.name: _kind(column) for column in table.columns}
    try:
        part = archive.open(f"tables/{table.name}.jsonl")
    except KeyError:
        return
    with part:
        for line in part:
            row = json.loads(line)
            yield {key: _decode(value, kinds[key]) for key, value in row.items()
                   if key in kinds}


def _restore_table(archive: zipfile.ZipFile, table: Table, manifest: dict,
                   restored: set[str]) -> list[dict]:
    """Insert a table's rows; a reference to a table not restored yet (tasks and
    assignments refer to each other) is inserted empty and returned to be filled in."""
    rows = _rows(archive, table)
    if any(fk.column.table is table for fk in table.foreign_keys):
        rows = _parents_first(list(rows), table)
    ahead = sorted({fk.parent.name for fk in table.foreign_keys
                    if fk.column.table is not table and fk.column.table.name not in restored})
    [key] = [column.name for column in table.primary_key.columns] if ahead else [None]
    batch, count, updates = [], 0, []
    for row in rows:
        if ahead and any(row.get(column) is not None for column in ahead):
            updates.append({"b_key": row[key], **{f"b_{c}": row[c] for c in ahead}})
            row = {**row, **dict.fromkeys(ahead)}
        batch.append(row)
        if len(batch) == BATCH:
            db.session.execute(insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(insert(table), batch)
        count += len(batch)
    expected = manifest["tables"].get(table.name, 0)
    if count != expected:
        raise BackupError(f"Bảng {table.name}: đọc được {count} dòng, manifest ghi {expected}.")
    return updates


def _fill_in(table: Table, updates: list[dict]) -> None:
    if not updates:
        return
    [key] = list(table.primary_key.columns)
    columns = [name.removeprefix("b_") for name in updates[0] if name != "b_key"]
    statement = (update(table).where(key == bindparam("b_key"))
                 .values({column: bindparam(f"b_{column}") for column in columns}))
    db.session.execute(statement, updates)


def _parents_first(rows: list[dict], table: Table) -> list[dict]:
    """Rows of a table that refers to itself (bodies, directives), each after the rows it
    names: a body may have been moved under a body created after it."""
    columns = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    [key] = [column.name for column in table.primary_key.columns]
    by_key = {row[key]: row for row in rows}
    placed: set = set()
    ordered: list[dict] = []
    for row in rows:
        stack = [row]
        while stack:
            current = stack[-1]
            waiting = [by_key[current[c]] for c in columns
                       if current.get(c) is not None and current[c] not in placed
                       and current[c] in by_key and by_key[current[c]] is not current
                       and by_key[current[c]] not in stack]
            if waiting:
                stack.append(waiting[0])
                continue
            stack.pop()
            if current[key] not in placed:
                placed.add(current[key])
                ordered.append(current)
    return ordered


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences that the inserted ids did not move."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in _tables():
        primary = list(table.primary_key.columns)
        if len(primary) != 1 or not primary[0].autoincrement or \
                primary[0].type.python_type is not int:
            continue
        name = primary[0].name
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'), "
            f"coalesce((SELECT max({name}) FROM {table.name}), 0) + 1, false)"))
