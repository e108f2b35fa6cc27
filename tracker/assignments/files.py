"""Attachments on disk: outside the static folder, random names, sha256 and size kept."""
import hashlib
import mimetypes
import os
import secrets
from datetime import datetime
from pathlib import Path

from flask_babel import gettext
from werkzeug.datastructures import FileStorage

from tracker.assignments.models import Assignment, Attachment
from tracker.core.errors import ValidationError
from tracker.core.text import clean
from tracker.extensions import db
from tracker.history.operations import record

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


def add_attachment(assignment: Assignment, upload: FileStorage | None, *, upload_dir: Path,
                   allowed: set[str], max_bytes: int, actor, now: datetime) -> Attachment:
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
    upload_dir.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    target = upload_dir / stored_name
    digest, size = hashlib.sha256(head), len(head)
    try:
        with open(target, "wb") as out:
            out.write(head)
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ValidationError({"file": gettext(
                        "Tệp đính kèm: dung lượng vượt quá %(size)s MB.",
                        size=max_bytes // (1024 * 1024))})
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
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


def attachment_path(upload_dir: Path, attachment: Attachment) -> Path:
    return upload_dir / attachment.stored_name
