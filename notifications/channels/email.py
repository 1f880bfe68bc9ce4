"""Email through Django's email backend (SMTP in production, the local outbox in `make run`)."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from ..choices import FailureReason, Urgency
from .base import BaseChannel, NotConfiguredError, PermanentError, TransientError, message_text


class EmailChannel(BaseChannel):
    """Sends one email per delivery; the Message-ID it sets is the provider id."""

    name = "email"

    def is_configured(self) -> bool:
        backend = settings.EMAIL_BACKEND
        return not (backend.endswith("smtp.EmailBackend") and not settings.EMAIL_HOST)

    def send(self, address: str, message) -> str:
        if not self.is_configured():
            raise NotConfiguredError("email: EMAIL_HOST is not set")
        with translation.override(settings.LANGUAGE_CODE):
            mark = f"[{Urgency(message.urgency).label}] " if message.urgency != Urgency.NORMAL else ""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
        message_id = make_msgid(domain=domain)
        email = EmailMessage(
            subject=(mark + message.text)[:200],
            body=message_text(message, with_long_text=True),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(400 <= code < 500 for code in codes):
                raise TransientError(
                    f"SMTP recipient refused for now: {exc.recipients}", reason=FailureReason.PROVIDER_DOWN
                ) from exc
            raise PermanentError(
                f"SMTP recipient refused: {exc.recipients}", reason=FailureReason.ADDRESS_REJECTED
            ) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentError(
                f"SMTP authentication failed: {exc.smtp_code}", reason=FailureReason.CREDENTIALS
            ) from exc
        except smtplib.SMTPResponseException as exc:
            error = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            if 400 <= exc.smtp_code < 500:
                raise TransientError(error, reason=FailureReason.PROVIDER_DOWN) from exc
            raise PermanentError(error, reason=FailureReason.REJECTED) from exc
        except TimeoutError as exc:
            raise TransientError(f"SMTP timeout: {exc}", reason=FailureReason.TIMEOUT) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientError(
                f"SMTP unreachable: {exc.__class__.__name__}: {exc}", reason=FailureReason.UNREACHABLE
            ) from exc
        return message_id.strip("<>")
