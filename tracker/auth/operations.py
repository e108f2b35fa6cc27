"""Writes about users: create, authenticate (rate-limited), change password."""
from datetime import datetime, timedelta

from flask import current_app
from tracker.auth.models import ROLES, LoginAttempt, User
from tracker.auth.passwords import hash_password, needs_rehash, verify_password
from tracker.auth.queries import recent_failures, user_by_email
from tracker.bodies.models import Body
from tracker.core.errors import ValidationError
from tracker.core.text import clean
from tracker.extensions import db
from tracker.history.operations import diff, record

MIN_PASSWORD = 10
ADDRESS_FACTOR = 4  # one office NAT may hold several people mistyping


class TooManyAttempts(Exception):
    pass


def _validate_password(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError({field: f"Mật khẩu: cần ít nhất {MIN_PASSWORD} ký tự."})
    if len(password) > 200:
        raise ValidationError({field: "Mật khẩu: không quá 200 ký tự."})


def _validate_user_fields(data: dict) -> dict:
    errors = {}
    values = {
        "email": clean(data.get("email")).lower(),
        "full_name": clean(data.get("full_name")),
        "position": clean(data.get("position")),
        "role": data.get("role"),
    }
    if not values["email"] or "@" not in values["email"] or len(values["email"]) > 255:
        errors["email"] = "Email: cần một địa chỉ email hợp lệ."
    if not values["full_name"]:
        errors["full_name"] = "Họ và tên: không được để trống."
    elif len(values["full_name"]) > 255:
        errors["full_name"] = "Họ và tên: không quá 255 ký tự."
    if len(values["position"]) > 255:
        errors["position"] = "Chức vụ: không quá 255 ký tự."
    if values["role"] not in ROLES:
        errors["role"] = "Vai trò: không hợp lệ."
    body = data.get("body")
    if not isinstance(body, Body):
        errors["body_id"] = "Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn."
    if errors:
        raise ValidationError(errors)
    values["body_id"] = body.id
    values["body"] = body
    return values


def create_user(data: dict, *, actor: User | None, now: datetime) -> User:
    """Create a user; `data` holds email, full_name, position, role, body, password."""
    values = _validate_user_fields(data)
    _validate_password(data.get("password", ""))
    if user_by_email(values["email"]):
        raise ValidationError({"email": f"Email: {values['email']} đã có tài khoản."})
    user = User(**values, password_hash=hash_password(data["password"]),
                active=data.get("active", True), created_at=now)
    db.session.add(user)
    db.session.flush()
    record("user", user.id, "created", actor=actor, now=now,
           changes={"email": values["email"], "role": values["role"], "body_id": user.body_id})
    return user


def update_user(user: User, data: dict, *, actor: User, now: datetime) -> User:
    """Change a user's name, role, body or active flag (admins)."""
    values = _validate_user_fields(data)
    other = user_by_email(values["email"])
    if other is not None and other.id != user.id:
        raise ValidationError({"email": f"Email: {values['email']} đã có tài khoản."})
    values.pop("body")
    values["active"] = bool(data.get("active", user.active))
    changes = diff(user, values)
    if data.get("password"):
        _validate_password(data["password"])
        user.password_hash = hash_password(data["password"])
        changes["password"] = ["***", "***"]
    if changes:
        record("user", user.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return user


def authenticate(email: str, password: str, *, remote_addr: str, now: datetime) -> User | None:
    """Check a login, recording the attempt. Raises TooManyAttempts when locked out."""
    email = clean(email).lower()[:255]
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    by_email, by_address = recent_failures(email=email, remote_addr=remote_addr,
                                           since=now - window)
    if by_email >= limit or by_address >= limit * ADDRESS_FACTOR:
        raise TooManyAttempts()
    user = user_by_email(email)
    ok = user is not None and user.active and verify_password(user.password_hash, password)
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, succeeded=ok, at=now))
    if not ok:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    return user


def change_password(user: User, current: str, new: str, *, now: datetime) -> None:
    if not verify_password(user.password_hash, current):
        raise ValidationError({"current_password": "Mật khẩu hiện tại: không đúng."})
    _validate_password(new, "new_password")
    user.password_hash = hash_password(new)
    record("user", user.id, "password_changed", actor=user, now=now)
