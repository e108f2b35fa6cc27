"""Random secrets handed out once (API tokens, calendar URLs) and the hash kept of them.

They are 32 random bytes, so a plain SHA-256 is enough to store them: unlike passwords,
there is nothing to guess from a dictionary."""
import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
