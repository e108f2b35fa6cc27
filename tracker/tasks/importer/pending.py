"""Uploaded sheets waiting for their uploader to confirm the import.

The preview writes nothing; the confirmation must import exactly the sheet that was
previewed, without asking for it again. So the file is kept under the instance directory,
named by its uploader and a random token: a token alone opens nothing of another user's,
and a sheet left unconfirmed is swept after a day.
"""
import os
import re
import secrets
from datetime import datetime
from pathlib import Path

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_NAME = re.compile(r"(\d+)-([A-Za-z0-9_-]{32})-(\d+)\.xlsx")


class PendingSheets:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def keep(self, content: bytes, *, user_id: int, now: datetime) -> str:
        """Store the sheet and return the token that opens it again for this user."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self._sweep(now)
        token = secrets.token_urlsafe(24)
        path = self.directory / f"{int(user_id)}-{token}-{int(now.timestamp())}.xlsx"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        return token

    def load(self, token: str, *, user_id: int, now: datetime) -> bytes | None:
        """The sheet kept under this token by this user, or None (unknown, another user's,
        or older than a day)."""
        path = self._find(token, user_id)
        if path is None or self._expired(path, now):
            return None
        return path.read_bytes()

    def discard(self, token: str, *, user_id: int) -> None:
        path = self._find(token, user_id)
        if path is not None:
            path.unlink(missing_ok=True)

    def _find(self, token: str, user_id: int) -> Path | None:
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            return None
        # The token holds no glob character (checked above), so it cannot widen the match.
        return next(self.directory.glob(f"{int(user_id)}-{token}-*.xlsx"), None)

    @staticmethod
    def _expired(path: Path, now: datetime) -> bool:
        match = _NAME.fullmatch(path.name)
        return match is None or now.timestamp() - int(match.group(3)) > MAX_AGE_SECONDS

    def _sweep(self, now: datetime) -> None:
        for path in self.directory.glob("*.xlsx"):
            if self._expired(path, now):
                path.unlink(missing_ok=True)
