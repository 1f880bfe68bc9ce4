"""What every channel shares: the two kinds of failure, the HTTP call with a timeout, the message text."""

from __future__ import annotations

import threading

import requests
from django.conf import settings
from django.utils import translation

from ..choices import Urgency


class ChannelError(Exception):
    """A provider did not take the message."""


class TransientError(ChannelError):
    """Worth trying again later: timeouts, refused connections, 5xx, 429."""


class PermanentError(ChannelError):
    """Trying again will not help: a rejected address, a 4xx, bad credentials."""


class NotConfiguredError(PermanentError):
    """The channel has no provider settings on this installation."""


class BaseChannel:
    """A way to deliver a message to an address; ``send`` returns the provider's message id."""

    name = ""
    # True when sending twice cannot show the person the message twice (see services).
    idempotent = False

    def send(self, address: str, message) -> str:  # pragma: no cover - interface
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


def http_call(method: str, url: str, **kwargs) -> requests.Response:
    """One HTTP request with a timeout; network trouble, 429 and 5xx are transient, other 4xx permanent."""
    try:
        response = _session().request(method, url, timeout=http_timeout(), **kwargs)
    except requests.Timeout as exc:
        raise TransientError(f"timeout after {http_timeout()} s: {exc.__class__.__name__}") from exc
    except requests.ConnectionError as exc:
        raise TransientError(f"connection failed: {exc}") from exc
    except requests.RequestException as exc:
        raise PermanentError(f"request failed: {exc}") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientError(f"HTTP {response.status_code}: {response.text[:300]}")
    if response.status_code >= 400:
        raise PermanentError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response


def message_text(message, *, with_long_text: bool = True) -> str:
    """The text a person reads: urgency mark for urgent messages, short text, long text, link."""
    with translation.override(settings.LANGUAGE_CODE):
        prefix = f"[{Urgency(message.urgency).label.upper()}] " if message.urgency != Urgency.NORMAL else ""
    parts = [prefix + message.text]
    if with_long_text and message.long_text:
        parts.append(message.long_text)
    if message.link:
        parts.append(message.link)
    return "\n\n".join(parts)
