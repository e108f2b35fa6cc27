"""What a new password must not be: too short or long, one of the most common passwords,
or built from the user's own name or email. Reasons are Vietnamese and name the field."""
import gzip
import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from flask_babel import gettext

from tracker.core.text import fold

MIN_PASSWORD = 8  # NIST SP 800-63B minimum; the list and the login delays do the rest
MAX_PASSWORD = 200
# 19,646 of the most common passwords, from Django's list (scripts/common-passwords).
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
SIMILARITY = 0.7  # as Django's UserAttributeSimilarityValidator


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _letters_and_digits(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _personal_parts(email: str, full_name: str) -> list[str]:
    """The user's name and email as someone would type them in a password."""
    local = (email or "").lower().partition("@")[0]
    name_words = fold(full_name).split()
    parts = [local, email, "".join(name_words), *re.split(r"[._+-]", local), *name_words,
             "".join(reversed(name_words))]
    return [p for p in {_letters_and_digits(part) for part in parts} if len(p) >= 3]


def _built_from(password: str, parts: list[str]) -> bool:
    """The password is one of the parts with at most a few digits or signs around it, or
    close to one of them."""
    core = _letters_and_digits(password)
    letters = re.sub(r"[0-9]", "", core)
    for part in parts:
        if len(part) >= 4 and part in core and len(letters) <= len(part) + 2:
            return True
        if SequenceMatcher(a=core, b=part).quick_ratio() >= SIMILARITY and \
                SequenceMatcher(a=core, b=part).ratio() >= SIMILARITY:
            return True
    return False


def password_error(password: str, *, email: str = "", full_name: str = "",
                   label: str | None = None) -> str | None:
    """Why `password` is refused, or None."""
    label = label or gettext("Mật khẩu")
    password = password or ""
    if len(password) < MIN_PASSWORD:
        return gettext("%(label)s: cần ít nhất %(min)s ký tự.", label=label, min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return gettext("%(label)s: không quá %(max)s ký tự.", label=label, max=MAX_PASSWORD)
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        return gettext("%(label)s: quá phổ biến, nằm trong danh sách mật khẩu hay bị dò "
                       "đoán nhất. Vui lòng chọn mật khẩu khác.", label=label)
    if _built_from(password, _personal_parts(email, full_name)):
        return gettext("%(label)s: không được dựa trên họ tên hoặc email của người dùng.",
                       label=label)
    return None
