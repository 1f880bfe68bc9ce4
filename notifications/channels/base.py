"""What every channel shares: the two kinds of failure, the HTTP call with a timeout, the message text."""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ..choices import FailureReason, Urgency


class ChannelError(Exception):
    """A provider did not take the message; ``reason`` says why in a user's words (FailureReason).

    The exception's text is the raw technical detail, kept in the delivery log for administrators.
    """

    default_reason = FailureReason.OTHER

    def __init__(self, *args, reason: str | None = None, retry_after: float | None = None):
        super().__init__(*args)
        self.reason = reason or self.default_reason
        # Seconds the provider asked us to wait (HTTP Retry-After, Telegram's parameters.retry_after).
        self.retry_after = retry_after


class TransientError(ChannelError):
    """Worth trying again later: timeouts, refused connections, 5xx, 429."""

    default_reason = FailureReason.UNREACHABLE


class PermanentError(ChannelError):
    """Trying again will not help: a rejected address, a 4xx, bad credentials."""

    default_reason = FailureReason.REJECTED


class NotConfiguredError(PermanentError):
    """The channel has no provider settings on this installation."""

    default_reason = FailureReason.NOT_CONFIGURED


class BaseChannel:
    """A way to deliver a message to an address; ``send`` returns the provider's message id."""

    name = ""
    # True when sending twice cannot show the person the message twice (see services).
    idempotent = False
    # True when the provider lets a sent message be changed in place (``edit``).
    editable = False

    def send(self, address: str, message) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def edit(self, address: str, provider_message_id: str, message) -> None:  # pragma: no cover
        """Replace the text of a message sent earlier (only where ``editable``)."""
        raise NotImplementedError

    def is_configured(self) -> bool:
        return True


def http_timeout() -> float:
    return float(getattr(settings, "NOTIFICATIONS_HTTP_TIMEOUT_S", 10))


_local = threading.local()


def _session() -> requests.Session:
    # One session per thread (and per worker process) keeps connections to a provider alive.
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def http_status_reason(status: int) -> str:
    """The user's reason for an HTTP error status of a provider, before any provider-specific reading."""
    if status == 429:
        return FailureReason.RATE_LIMITED
    if status >= 500:
        return FailureReason.PROVIDER_DOWN
    if status in (401, 403):
        return FailureReason.CREDENTIALS
    return FailureReason.REJECTED


def http_call(
    method: str,
    url: str,
    *,
    classify: Callable[[requests.Response], str | None] | None = None,
    **kwargs,
) -> requests.Response:
    """One HTTP request with a timeout; network trouble, 429 and 5xx are transient, other 4xx permanent.

    ``classify`` lets a channel read a provider's error answer (its own error codes) into a
    FailureReason; it returns None to keep the reason of the HTTP status.
    """
    try:
        response = _session().request(method, url, timeout=http_timeout(), **kwargs)
    except requests.Timeout as exc:
        raise TransientError(
            f"timeout after {http_timeout()} s: {exc.__class__.__name__}", reason=FailureReason.TIMEOUT
        ) from exc
    except requests.ConnectionError as exc:
        raise TransientError(f"connection failed: {exc}", reason=FailureReason.UNREACHABLE) from exc
    except requests.RequestException as exc:
        raise PermanentError(f"request failed: {exc}", reason=FailureReason.OTHER) from exc
    if response.status_code < 400:
        return response
    reason = (classify(response) if classify else None) or http_status_reason(response.status_code)
    error = f"HTTP {response.status_code}: {response.text[:300]}"
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientError(error, reason=reason, retry_after=retry_after_s(response))
    raise PermanentError(error, reason=reason)


def retry_after_s(response: requests.Response) -> float | None:
    """How long a provider asked us to wait: the ``Retry-After`` header (seconds) or Telegram's
    ``parameters.retry_after`` in the JSON answer; None when it says nothing."""
    header = response.headers.get("Retry-After", "").strip()
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass  # an HTTP date: rare for these providers; the backoff applies
    parameters = json_or_empty(response).get("parameters")
    if isinstance(parameters, dict):
        try:
            return max(0.0, float(parameters.get("retry_after")))
        except (TypeError, ValueError):
            return None
    return None


def json_or_empty(response: requests.Response) -> dict:
    """The answer's JSON object, or {} when it is not one (for reading a provider's error)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def message_text(message, *, with_long_text: bool = True) -> str:
    """The text a person reads: urgency mark for urgent messages, short text, long text, link."""
    with translation.override(settings.LANGUAGE_CODE):
        prefix = f"[{Urgency(message.urgency).label.upper()}] " if message.urgency != Urgency.NORMAL else ""
    # Callers may hand over any object with the text fields (the fake gateway's tests do).
    # Once the sender closed the matter its note replaces the request ("Sudah ditangani oleh ...").
    action = getattr(message, "closed_note", "") or getattr(message, "action_text", "")
    parts = [prefix + message.text + (f" {action}" if action else "")]
    if with_long_text and message.long_text:
        parts.append(message.long_text)
    if message.link:
        parts.append(message.link)
    return "\n\n".join(parts)


# What a recipient presses or types to take charge of a message that asks for an action (an escalation
# alert): a button carrying ``ack:<message id>`` on Telegram and WhatsApp, "OK" by SMS. The reply comes
# back through the provider's webhook (intake), which acknowledges through the escalation's service.
ACK_BUTTON_PREFIX = "ack:"


def asks_for_action(message) -> bool:
    """Whether the message asks its recipient to take charge and still does (not closed)."""
    return bool(getattr(message, "action_text", "") and getattr(message, "pk", None)) and not getattr(
        message, "closed_at", None
    )


def ack_button_label() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Saya tangani")


def ack_sms_hint() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Balas OK bila Anda menangani.")
