"""Signed, time-limited tokens bound to one object, for QR codes people scan to act on it (a Bimtek
session's self check-in; a coordination meeting's attendance later).

A token names its purpose and the object's id and carries the time it was made, signed with the
``SECRET_KEY`` (``django.core.signing.TimestampSigner``, salted per purpose): it cannot be forged, a token
of one purpose is refused for another, and it expires after the caller's ``max_age``. A token is not a
login: the view that reads it still requires a logged-in user and checks what that user may do.
"""

from __future__ import annotations

from django.core import signing

SALT_PREFIX = "core.qrtokens"


class QrTokenError(Exception):
    """A token that cannot be used; ``code`` says why: "expired", "invalid" or "other_object"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT_PREFIX}.{purpose}")


def qrtoken_make(*, purpose: str, object_id: int) -> str:
    """A URL-safe token for ``object_id`` under ``purpose``, valid from now."""
    return _signer(purpose).sign_object({"id": int(object_id)}, compress=False)


def qrtoken_read(token: str, *, purpose: str, max_age: float) -> int:
    """The object id a token of ``purpose`` names, if it is genuine and younger than ``max_age`` seconds.

    Raises ``QrTokenError("expired")`` for a genuine token that is too old and ``QrTokenError("invalid")``
    for anything else (tampered, of another purpose, malformed).
    """
    try:
        data = _signer(purpose).unsign_object(token or "", max_age=max_age)
    except signing.SignatureExpired:
        raise QrTokenError("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise QrTokenError("invalid") from None
    object_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(object_id, int) or isinstance(object_id, bool):
        raise QrTokenError("invalid")
    return object_id


def qrtoken_check(token: str, *, purpose: str, object_id: int, max_age: float) -> None:
    """Refuse a token that is not a live token of ``purpose`` for exactly ``object_id``."""
    if qrtoken_read(token, purpose=purpose, max_age=max_age) != int(object_id):
        raise QrTokenError("other_object")


def qrtoken_live_or_new(token: str, *, purpose: str, object_id: int, max_age: float) -> str:
    """``token`` when it is a live token of ``purpose`` for exactly ``object_id``, else a fresh one: the
    image of the code a page shows stays that code, and a stale or foreign one is never drawn."""
    try:
        qrtoken_check(token, purpose=purpose, object_id=object_id, max_age=max_age)
    except QrTokenError:
        return qrtoken_make(purpose=purpose, object_id=object_id)
    return token
