"""An exact histogram of assignments, kept in the same transaction as every change.

For each body (node) and each of its subtree's assignments, one count per (bucket,
deadline), where the bucket is what is stored (done on time, done late, open not started,
open started). Which open ones are overdue depends on "today" and is decided when reading:
open with deadline < today. So the figures change at midnight without any write, and a
status page sums a few thousand rows instead of grouping a million.
"""
from datetime import date

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

BUCKETS = ("done_on_time", "done_late", "open_not_started", "open_started")


class StatusCount(db.Model):
    __tablename__ = "status_counts"

    node_id: Mapped[int] = mapped_column(primary_key=True)  # a body; counts its subtree
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    deadline: Mapped[date] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
