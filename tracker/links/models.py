"""A secret link to one assignment, mailed to its body's contact address.

Only the SHA-256 of the secret is kept (the secret is 32 random bytes: nothing to guess
from a dictionary); the public id names the link in the history and on the pages. A link
ends when it is revoked, replaced by a new one, or used up by submitting; it also expires
some days after the assignment's deadline in force (computed, so an extension moves it)."""
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

END_REASONS = {"revoked": _l("đã bị thu hồi"), "replaced": _l("đã được thay bằng đường dẫn mới"),
               "used": _l("đã dùng để nộp báo cáo")}


class AssignmentLink(db.Model):
    __tablename__ = "assignment_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    sent_to: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: reminder
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    end_reason: Mapped[str] = mapped_column(String(10), default="", server_default="")
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    assignment: Mapped[Assignment] = relationship(lazy="raise")

    def expires_on(self, assignment: Assignment, days_after: int) -> date:
        """The last day (Vietnam) the link opens: some days after the deadline in force."""
        return assignment.effective_due_on + timedelta(days=days_after)

    @property
    def end_label(self) -> str:
        return str(END_REASONS.get(self.end_reason, ""))


history_labels.register(
    actions={"link_issued": _l("Gửi đường dẫn bí mật cho đơn vị"),
             "link_revoked": _l("Thu hồi đường dẫn bí mật"),
             "link_requested": _l("Yêu cầu gửi lại đường dẫn bí mật")},
    fields={"link": _l("Đường dẫn bí mật (mã)"), "via_link": _l("Qua đường dẫn bí mật (mã)"),
            "sent_to": _l("Gửi tới"), "replaced_link": _l("Thay đường dẫn")})


def entry_url(link: AssignmentLink, secret: str) -> str:
    """The path in the mail (the base URL goes before it)."""
    return f"/link/{link.public_id}/{secret}"
