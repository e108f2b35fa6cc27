"""Writes about users: create, update, authenticate (rate-limited), change password."""
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext

from tracker.auth.models import EVENT_MAIL_CHOICES, EVENT_MAILS, ROLES, LoginAttempt, User
from tracker.auth.password_policy import MIN_PASSWORD, password_error  # noqa: F401 (re-exported)
from tracker.auth.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from tracker.auth.queries import pair_failures, user_by_email
from tracker.bodies.models import Body
from tracker.core.errors import PermissionDenied, ValidationError
from tracker.core.permissions import in_scope
from tracker.core.text import clean
from tracker.extensions import db
from tracker.history.operations import diff, record


class TooManyAttempts(Exception):
    """This (account, address) pair must wait until `until` (UTC) before trying again."""

    def __init__(self, until: datetime, *, locked: bool = False):
        super().__init__(until)
        self.until, self.locked = until, locked


def _validate_password(password: str, field: str, *, user: User) -> None:
    message = password_error(password, email=user.email, full_name=user.full_name,
                             label=gettext("Mật khẩu mới"))
    if message:
        raise ValidationError({field: message})


def _check_user(data: dict, *, user: User | None, actor: User | None) -> dict:
    """Clean and check what an admin sets on an account, reporting every problem at once."""
    errors = {}
    values = {
        "email": clean(data.get("email")).lower(),
        "full_name": clean(data.get("full_name")),
        "position": clean(data.get("position")),
        "role": data.get("role"),
        "active": bool(data.get("active", True if user is None else user.active)),
    }
    if not values["email"] or "@" not in values["email"] or len(values["email"]) > 255:
        errors["email"] = gettext("Email: cần một địa chỉ email hợp lệ.")
    else:
        other = user_by_email(values["email"])
        if other is not None and (user is None or other.id != user.id):
            errors["email"] = gettext("Email: %(email)s đã có tài khoản.",
                                      email=values["email"])
    if not values["full_name"]:
        errors["full_name"] = gettext("Họ và tên: không được để trống.")
    elif len(values["full_name"]) > 255:
        errors["full_name"] = gettext("Họ và tên: không quá 255 ký tự.")
    if len(values["position"]) > 255:
        errors["position"] = gettext("Chức vụ: không quá 255 ký tự.")
    if values["role"] not in ROLES:
        errors["role"] = gettext("Vai trò: không hợp lệ.")
    body = data.get("body")
    # The CLI (no actor) may use any body; an admin only the bodies of their subtree.
    if not isinstance(body, Body) or (actor is not None and not in_scope(actor, body)):
        errors["body_id"] = gettext("Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.")
    password = data.get("password") or ""
    if user is None or password:  # optional when editing: empty keeps the old one
        message = password_error(password, email=values["email"],
                                 full_name=values["full_name"])
        if message:
            errors["password"] = message
    if user is not None and actor is not None and user.id == actor.id:
        # Otherwise an admin could lock everyone, themselves included, out of this page.
        if not values["active"]:
            errors["active"] = gettext(
                "Đang hoạt động: bạn không thể tự khóa tài khoản của mình.")
        if user.role == "admin" and values["role"] != "admin":
            errors["role"] = gettext("Vai trò: bạn không thể tự bỏ quyền quản trị của mình.")
    if errors:
        raise ValidationError(errors)
    values["body_id"] = body.id
    return values


def create_user(data: dict, *, actor: User | None, now: datetime) -> User:
    """Create a user; `data` holds email, full_name, position, role, body, password."""
    values = _check_user(data, user=None, actor=actor)
    user = User(**values, body=data["body"], password_hash=hash_password(data["password"]),
                created_at=now)
    db.session.add(user)
    db.session.flush()
    record("user", user.id, "created", actor=actor, now=now,
           changes={"email": values["email"], "role": values["role"], "body_id": user.body_id,
                    "body": data["body"].name})
    return user


def update_user(user: User, data: dict, *, actor: User, now: datetime) -> User:
    """Change a user's name, role, body, active flag or password (admins)."""
    values = _check_user(data, user=user, actor=actor)
    old_body_name = user.body.name
    changes = diff(user, values)
    if "body_id" in changes:
        user.body = data["body"]  # keep the loaded relationship in step with the id
        changes["body"] = [old_body_name, user.body.name]  # ids mean nothing to a reader
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
        changes["password"] = ["***", "***"]
    if data.get("password") or "active" in changes:
        end_sessions(user)  # a reset or a lock signs the user out everywhere
    if changes:
        record("user", user.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return user


def authenticate(email: str, password: str, *, remote_addr: str, now: datetime) -> User | None:
    """Check a login, recording the attempt; None when refused.

    Failures count per (account, client address) pair, so an attacker slows and locks out
    only their own pair: each failure makes the pair wait twice as long before the next try
    is even checked, and LOGIN_MAX_FAILURES in the window lock the pair (TooManyAttempts).
    The right password from another address is never refused.
    """
    email = clean(email).lower()[:255]
    remote_addr = (remote_addr or "")[:64]
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    limit = config["LOGIN_MAX_FAILURES"]
    failures, last, locked_at = pair_failures(email=email, remote_addr=remote_addr,
                                              since=now - window)
    if locked_at is not None:  # locked for a whole window after the failure that locked it
        raise TooManyAttempts(locked_at + window, locked=True)
    if failures:
        wait_until = last + timedelta(
            seconds=min(config["LOGIN_DELAY_SECONDS"] * 2 ** (failures - 1),
                        window.total_seconds()))
        if now < wait_until:
            raise TooManyAttempts(wait_until)
    user = user_by_email(email)
    if user is None:
        # The same Argon2 work as for a real account: the answer's time tells nothing.
        verify_password(dummy_hash(), password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, succeeded=ok, at=now,
                                locked_out=not ok and failures + 1 >= limit))
    if not ok:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    return user


def change_password(user: User, current: str, new: str, *, now: datetime) -> None:
    if not verify_password(user.password_hash, current):
        raise ValidationError({"current_password": gettext("Mật khẩu hiện tại: không đúng.")})
    _validate_password(new, "new_password", user=user)
    user.password_hash = hash_password(new)
    end_sessions(user)  # whoever else holds a session or remember cookie is signed out
    record("user", user.id, "password_changed", actor=user, now=now)


def end_sessions(user: User) -> None:
    """Refuse from now on every session and remember cookie issued to `user` so far."""
    user.session_generation = (user.session_generation or 0) + 1
    db.session.flush()


def update_mail_preferences(user: User, data: dict, *, now: datetime) -> User:
    """Single reminder mails on or off, or one daily digest instead (escalations to leaders
    are sent whatever the choice)."""
    changes = diff(user, {"reminder_mails": bool(data.get("reminder_mails")),
                          "daily_digest": bool(data.get("daily_digest"))})
    if changes:
        record("user", user.id, "mail_preferences", actor=user, now=now, changes=changes)
    db.session.flush()
    return user


def event_mail_choices(user: User) -> list[str]:
    """The switches of the event mails this user's role receives."""
    return [name for name, (role, _label) in EVENT_MAIL_CHOICES.items() if role == user.role]


def event_mails_always_sent(user: User) -> list[str]:
    """The event mails this user's role receives with no switch (a returned report)."""
    return [kind for kind, (role, switch) in EVENT_MAILS.items()
            if role == user.role and switch is None]


def update_event_mail_preferences(user: User, data: dict, *, now: datetime) -> User:
    """Turn each kind of event mail of the user's role on or off (the mail of a returned
    report has no switch: it carries the reason and always goes)."""
    if not event_mail_choices(user):
        raise PermissionDenied({"event_mails": gettext(
            "Thư báo sự kiện: vai trò của bạn không nhận thư báo sự kiện.")})
    changes = diff(user, {name: bool(data.get(name)) for name in event_mail_choices(user)})
    if changes:
        record("user", user.id, "mail_preferences", actor=user, now=now, changes=changes)
    db.session.flush()
    return user


def purge_login_attempts(*, now: datetime, keep_days: int = 30) -> int:
    """Delete login attempts older than `keep_days`; they only feed the rate limit."""
    from sqlalchemy import delete
    result = db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=keep_days)))
    return result.rowcount
