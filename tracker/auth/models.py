"""Users and the login attempts that rate-limit them."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.bodies.models import Body
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels

ROLES = {
    "coordinator": _l("Chuyên viên Ban Tuyên giáo và Dân vận"),
    "officer": _l("Cán bộ đầu mối đơn vị"),
    "leader": _l("Lãnh đạo"),
    "admin": _l("Quản trị"),
}


# Mails on events of the report workflow: the role that receives each (coordinators of
# the assigning body hear of submitted reports, officers of the assigned body of decisions
# on their reports and extensions) and the user's switch for it (None: it always goes:
# the mail of a returned report carries the reason the unit must act on). The one table
# the profile page and the mails (reminders/events.py) read.
EVENT_MAILS = {"submitted": ("coordinator", "mail_on_submitted"),
               "accepted": ("officer", "mail_on_accepted"),
               "returned": ("officer", None),
               "extension_granted": ("officer", "mail_on_extension"),
               "extension_refused": ("officer", "mail_on_extension")}
_SWITCH_LABELS = {
    "mail_on_submitted": _l("Thư báo khi đơn vị nộp báo cáo chờ tiếp nhận"),
    "mail_on_accepted": _l("Thư báo khi báo cáo của đơn vị được tiếp nhận"),
    "mail_on_extension": _l("Thư báo khi đề nghị gia hạn được đồng ý hoặc từ chối"),
}
# The switches a user may turn off, by the role that receives their mails.
EVENT_MAIL_CHOICES = {switch: (role, _SWITCH_LABELS[switch])
                      for role, switch in EVENT_MAILS.values() if switch is not None}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    position: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Mail preferences: single reminder mails (off = none), or one daily digest instead.
    # Escalations to leaders ignore both: they cannot be turned off.
    reminder_mails: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    daily_digest: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Mails on events of the report workflow (see EVENT_MAIL_CHOICES); the mail of a
    # returned report, which carries the reason, has no switch: it always goes.
    mail_on_submitted: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    mail_on_accepted: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    mail_on_extension: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # Part of every session and remember cookie: logout, a password change or reset and
    # deactivation add one, and the cookies of older generations stop working.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    # Loaded with the user on every request: scope checks need the body path.
    body: Mapped[Body] = relationship(lazy="joined", innerjoin=True)

    # The admin's list of accounts, by name: a page is a walk of this index from its start
    # rather than a sort of every account in scope (10,045 for the central admin).
    __table_args__ = (Index("ix_users_full_name_id", "full_name", "id"),)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the session and the remember cookie hold: id and generation (Flask-Login);
        sessions.sign_in adds the sign-in time."""
        return f"{self.id}:{self.session_generation}"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginAttempt(db.Model):
    """One row per checked login: failures in a window slow, then lock, their (account,
    address) pair."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    remote_addr: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)
    # The failure that locked its (email, address) pair out: what the admin's list shows.
    locked_out: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_pair_at", "email", "remote_addr", "at"),
        Index("ix_login_attempts_locked_out_at", "locked_out", "at"),
        Index("ix_login_attempts_remote_addr_at", "remote_addr", "at"),
    )


history_labels.register(
    actions={"password_changed": _l("Đổi mật khẩu")},
    fields={"email": _l("Email"), "full_name": _l("Họ và tên"), "position": _l("Chức vụ"),
            **{name: label for name, (_role, label) in EVENT_MAIL_CHOICES.items()}},
    values={"role": ROLES})
