"""Attachments: checked on upload, kept in the configured store (the database, or a
shared directory) under a random name, with their sha256 and size."""
import hashlib
import mimetypes
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import IO

from flask_babel import gettext
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tracker.assignments.models import Assignment, Attachment
from tracker.core.errors import ValidationError
from tracker.core.text import clean
from tracker.extensions import db
from tracker.history.operations import record
from tracker.storage import FileStore, file_store

# The first bytes each allowed type must start with: an extension alone proves nothing.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
CHUNK = 64 * 1024


def add_attachment(assignment: Assignment, upload: FileStorage | None, *, allowed: set[str],
                   max_bytes: int, actor, now: datetime, store: FileStore | None = None
                   ) -> Attachment:
    """Store an uploaded report file and record it in the assignment's history."""
    if upload is None or not upload.filename:
        raise ValidationError({"file": gettext("Tệp đính kèm: chưa chọn tệp.")})
    original = clean(os.path.basename(upload.filename.replace("\\", "/")))[:255]
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if extension not in allowed:
        raise ValidationError({"file": gettext("Tệp đính kèm: chỉ nhận các loại tệp %(types)s.",
                                               types=", ".join(sorted(allowed)))})
    head = upload.stream.read(16)
    if not head.startswith(SIGNATURES.get(extension, (b"",))):
        raise ValidationError({"file": gettext(
            "Tệp đính kèm: nội dung tệp không đúng định dạng .%(extension)s.",
            extension=extension)})
    store = store or file_store()
    stored_name = secrets.token_hex(16)
    digest, size = hashlib.sha256(head), len(head)

    def pieces():
        nonlocal size
        yield head
        while chunk := upload.stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ValidationError({"file": gettext(
                    "Tệp đính kèm: dung lượng vượt quá %(size)s MB.",
                    size=max_bytes // (1024 * 1024))})
            digest.update(chunk)
            yield chunk
    try:
        store.save(stored_name, pieces())
    except ValidationError:
        store.delete(stored_name)
        raise
    if size == 0:
        store.delete(stored_name)
        raise ValidationError({"file": gettext("Tệp đính kèm: tệp rỗng.")})
    content_type = mimetypes.guess_type(original)[0] or "application/octet-stream"
    attachment = Attachment(assignment_id=assignment.id, original_name=original,
                            stored_name=stored_name, content_type=content_type, size=size,
                            sha256=digest.hexdigest(), uploaded_by_id=actor.id,
                            uploaded_at=now)
    db.session.add(attachment)
    db.session.flush()
    assignment.last_activity_at = now
    record("assignment", assignment.id, "attachment", actor=actor, now=now,
           changes={"file": original, "size": size, "sha256": attachment.sha256,
                    "attachment_id": attachment.id})
    return attachment


def open_attachment(attachment: Attachment, store: FileStore | None = None) -> IO[bytes] | None:
    """The contents of an attachment, or None when its file is missing from the store."""
    return (store or file_store()).open(attachment.stored_name)


def move_files(source: Path, store: FileStore, *, keep: bool = False) -> dict[str, list[str]]:
    """Move the attachments' files from a directory (the instance folder of old) into the
    store, checking each against its sha256; committed file by file, so it can be stopped
    and run again. Returns the stored names moved, already there, missing and damaged."""
    report: dict[str, list[str]] = {"moved": [], "present": [], "missing": [], "damaged": []}
    present = set(store.keys())
    names = db.session.execute(select(Attachment.stored_name, Attachment.sha256)
                               .order_by(Attachment.id)).all()
    for name, sha256 in names:
        path = source / name
        if name in present:
            report["present"].append(name)
        elif not path.is_file():
            report["missing"].append(name)
        elif hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
            report["damaged"].append(name)
        else:
            with open(path, "rb") as file:
                store.save(name, iter(lambda: file.read(CHUNK), b""))
            db.session.commit()
            report["moved"].append(name)
            if not keep:
                path.unlink()
    return report
