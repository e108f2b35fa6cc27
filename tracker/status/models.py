"""An exact histogram of assignments, kept in the same transaction as every change.

For each body (node) and each of its subtree's assignments, one count per (bucket,
deadline), where the bucket is what is stored (done on time, done late, open not started,
open started). Which open ones are overdue depends on "today" and is decided when reading:
open with deadline < today. So the figures change at midnight without any write, and a
status page sums a few thousand rows instead of grouping a million. StatusYearCount holds
the same counts per year of the deadline and StatusTotal over all deadlines, so that a page
reads whole years or the total there and only the days at the edges of a period (and around
"today") here.
"""
from datetime import date

from sqlalchemy import BigInteger, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

BUCKETS = ("done_on_time", "done_late", "open_not_started", "open_started")


class StatusCount(db.Model):
    __tablename__ = "status_counts"
    # PostgreSQL: n rides in the key's index, so a sum reads the index alone.
    __table_args__ = (PrimaryKeyConstraint("node_id", "bucket", "deadline",
                                           postgresql_include=["n"]),)

    node_id: Mapped[int] = mapped_column(primary_key=True)  # a body; counts its subtree
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    deadline: Mapped[date] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class StatusYearCount(db.Model):
    """StatusCount summed per year of the deadline, kept in the same flush."""

    __tablename__ = "status_year_counts"
    # The sums are read from the key's index alone: n is included in it on PostgreSQL, and
    # on SQLite the rows live in the key's b-tree.
    __table_args__ = (PrimaryKeyConstraint("node_id", "bucket", "year", postgresql_include=["n"]),
                      {"sqlite_with_rowid": False})

    node_id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class StatusTotal(db.Model):
    """StatusCount summed over every deadline, kept in the same flush."""

    __tablename__ = "status_totals"
    __table_args__ = (PrimaryKeyConstraint("node_id", "bucket", postgresql_include=["n"]),
                      {"sqlite_with_rowid": False})

    node_id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
