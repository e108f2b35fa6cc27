"""SMTP delivery, with faults sorted into 'try again later' and 'will never work'."""
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app


class TemporaryMailError(Exception):
    """Server down, timeout, 4xx: the mail stays in the outbox and is retried."""


class PermanentMailError(Exception):
    """5xx, recipient refused: retrying cannot help; the admin sees the reason."""


@dataclass
class SmtpSettings:
    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "theodoi@localhost"
    timeout: float = 20.0

    @classmethod
    def from_config(cls) -> "SmtpSettings":
        c = current_app.config
        return cls(host=c["SMTP_HOST"], port=c["SMTP_PORT"], user=c["SMTP_USER"],
                   password=c["SMTP_PASSWORD"], starttls=c["SMTP_STARTTLS"],
                   sender=c["MAIL_FROM"], timeout=c["SMTP_TIMEOUT"])


class SmtpMailer:
    """One SMTP conversation, reused for a batch of mails."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise TemporaryMailError(f"Đăng nhập SMTP thất bại: {exc.smtp_code}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryMailError(f"Không kết nối được máy chủ thư "
                                     f"{s.host}:{s.port}: {exc}") from exc
        return smtp

    def send(self, message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = self.settings.sender
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            error = f"Địa chỉ nhận bị từ chối ({code}): {_text(text)}"
            raise (TemporaryMailError if 400 <= code < 500 else PermanentMailError)(error) from exc
        except smtplib.SMTPResponseException as exc:
            error = f"Máy chủ thư trả lời {exc.smtp_code}: {_text(exc.smtp_error)}"
            self.close()
            raise (TemporaryMailError if 400 <= exc.smtp_code < 500
                   else PermanentMailError)(error) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TemporaryMailError(f"Mất kết nối máy chủ thư: {exc}") from exc
        if refused:
            code, text = next(iter(refused.values()))
            raise PermanentMailError(f"Địa chỉ nhận bị từ chối ({code}): {_text(text)}")

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
