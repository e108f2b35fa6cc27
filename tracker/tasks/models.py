"""A follow-up task: a kind, a title, a default deadline, owned by the assigning body.

A task created by forwarding an assignment (giao tiếp cho cấp dưới) is a sub-task of that
assignment: `parent_assignment_id` points at it, the forwarding body owns the sub-task,
`root_task_id` names the top task of the chain (NULL on a top task itself) and
`chain_depth` counts the forwards above it (0 on a top task). See tracker/chain.
"""
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, ForeignKey, Index, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.bodies.models import Body
from tracker.core.search import words_index
from tracker.core.types import UTCDateTime
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.history import labels as history_labels

if TYPE_CHECKING:
    from tracker.assignments.models import Assignment

TASK_KINDS = {
    "so_ket": _l("Sơ kết"),
    "tong_ket": _l("Tổng kết"),
    "doi_thoai": _l("Đối thoại"),
    "bao_cao_dinh_ky": _l("Báo cáo định kỳ"),
    "ke_hoach": _l("Kế hoạch"),
    "kiem_tra_giam_sat": _l("Kiểm tra, giám sát"),
    "tuyen_truyen": _l("Tuyên truyền, quán triệt"),
    "tap_huan": _l("Tập huấn"),
    "khac": _l("Khác"),
}
REVIEW_KINDS = ("so_ket", "tong_ket")
PERIODS = {"half_year": _l("6 tháng"), "year": _l("Năm")}


class Task(db.Model):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"), index=True)
    owner_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date]
    review_years: Mapped[int | None]  # N of "sơ kết N năm"
    period_start: Mapped[date | None]  # for periodic reports
    period_end: Mapped[date | None]
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)
    # The chain (see the module docstring). use_alter: tasks and assignments refer to each
    # other, so the tables sort (create, drop, empty) without a cycle.
    parent_assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", use_alter=True, ondelete="SET NULL"), index=True)
    root_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    chain_depth: Mapped[int] = mapped_column(default=0, server_default="0")

    directive: Mapped[Directive] = relationship(lazy="raise")
    owner_body: Mapped[Body] = relationship(lazy="raise")
    parent_assignment: Mapped["Assignment | None"] = relationship(
        foreign_keys=[parent_assignment_id], back_populates="sub_tasks", lazy="raise")

    # The assignment list sorted by task title walks tasks in this order; the tasks list
    # walks them by deadline (its default) or kind, and stops after a page.
    __table_args__ = (Index("ix_tasks_title_id", "title", "id"),
                      Index("ix_tasks_due_on_id", "due_on", "id"),
                      Index("ix_tasks_kind_id", "kind", "id"),
                      words_index("tasks"))
    __mapper_args__ = {"version_id_col": version}

    @property
    def chain_root_id(self) -> int:
        """The id of the chain's top task (this task's own id on a top task)."""
        return self.root_task_id or self.id

    @property
    def is_sub_task(self) -> bool:
        return self.parent_assignment_id is not None

    @property
    def kind_label(self) -> str:
        return TASK_KINDS.get(self.kind, self.kind)


class TaskReach(db.Model):
    """How many assignments of a task were given to bodies strictly below a body (`node`):
    the tasks assigned in a user's subtree are this node's rows plus the tasks of the
    user's own body's assignments, two index lookups instead of reading every assignment
    of the subtree. Kept exact in the same transaction as every change (tasks/reach.py);
    rows that fell to 0 stay, and are read as absent."""

    __tablename__ = "task_reach"
    __table_args__ = (PrimaryKeyConstraint("node_id", "task_id", postgresql_include=["n"]),
                      {"sqlite_with_rowid": False})

    node_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    task_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


history_labels.register(
    actions={"assigned": _l("Giao nhiệm vụ"), "forwarded": _l("Giao tiếp cho cấp dưới")},
    fields={"review_years": _l("Số năm"), "bodies": _l("Số đơn vị được giao")},
    hidden={"sub_task_id", "parent_assignment_id"},  # a forward (tracker/chain)
    values={"kind": TASK_KINDS})
