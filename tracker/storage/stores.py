"""Two stores behind one small interface: save(key, pieces), open(key), delete(key),
keys(). A key is the random `stored_name` of an attachment.

DatabaseStore writes through the session, so a file and the row that names it are
committed, or rolled back, together; DirectoryStore writes a file at once and removes it
if the writing fails.
"""
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

from flask import current_app
from sqlalchemy import delete, insert, select

from tracker.extensions import db
from tracker.storage.models import FileChunk

CHUNK_BYTES = 1024 * 1024  # one row per megabyte: a 20 MB report is 20 rows
SPOOL_BYTES = 1024 * 1024  # a download above this is spooled to a temporary file
_KEY = re.compile(r"[0-9a-f]{16,64}")


class FileStore(Protocol):
    def save(self, key: str, pieces: Iterable[bytes]) -> None: ...
    def open(self, key: str) -> IO[bytes] | None: ...
    def delete(self, key: str) -> None: ...
    def keys(self) -> Iterator[str]: ...


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key or ""):
        raise ValueError(f"not a stored file key: {key!r}")
    return key


def _rechunk(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


class DatabaseStore:
    """Contents as rows of `file_chunks`: every web server on the database sees them."""

    def save(self, key: str, pieces: Iterable[bytes]) -> None:
        _checked(key)
        for seq, chunk in enumerate(_rechunk(pieces, CHUNK_BYTES)):
            db.session.execute(insert(FileChunk).values(file_key=key, seq=seq, data=chunk))

    def open(self, key: str) -> IO[bytes] | None:
        rows = db.session.execute(
            select(FileChunk.data).where(FileChunk.file_key == _checked(key))
            .order_by(FileChunk.seq).execution_options(yield_per=1)).scalars()
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        found = False
        for data in rows:
            spool.write(data)
            found = True
        if not found:
            spool.close()
            return None
        spool.seek(0)
        return spool

    def delete(self, key: str) -> None:
        db.session.execute(delete(FileChunk).where(FileChunk.file_key == _checked(key)))

    def keys(self) -> Iterator[str]:
        yield from db.session.execute(
            select(FileChunk.file_key).where(FileChunk.seq == 0)
            .order_by(FileChunk.file_key)).scalars()


class DirectoryStore:
    """Contents as files of one directory: a mount shared by every web server (NFS, ...),
    or the instance folder of a single server."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def save(self, key: str, pieces: Iterable[bytes]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / _checked(key)
        try:
            with open(target, "xb") as out:
                for piece in pieces:
                    out.write(piece)
        except BaseException:
            target.unlink(missing_ok=True)
            raise

    def open(self, key: str) -> IO[bytes] | None:
        path = self.directory / _checked(key)
        return open(path, "rb") if path.is_file() else None

    def delete(self, key: str) -> None:
        (self.directory / _checked(key)).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if self.directory.is_dir():
            yield from sorted(name for name in os.listdir(self.directory) if _KEY.fullmatch(name))


def file_store(config=None) -> FileStore:
    """The store FILE_STORE names: "database" (the default) or "directory" (UPLOAD_DIR)."""
    config = config or current_app.config
    kind = config.get("FILE_STORE", "database")
    if kind == "database":
        return DatabaseStore()
    if kind == "directory":
        return DirectoryStore(config["UPLOAD_DIR"])
    raise ValueError(f"FILE_STORE must be 'database' or 'directory', not {kind!r}")
