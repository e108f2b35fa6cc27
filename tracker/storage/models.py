"""File contents kept in the database, cut into chunks so that neither a write nor a read
holds a whole file in one value."""
from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class FileChunk(db.Model):
    __tablename__ = "file_chunks"

    file_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
