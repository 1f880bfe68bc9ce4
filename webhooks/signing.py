"""The signing secret of a subscription: generated here, shown once, kept encrypted with Fernet.

Why encrypted and not hashed: the secret signs every body (HMAC-SHA256), so the server needs it
itself; a hash (as collect keeps for the secrets partners send us) cannot sign. Why not plain: a
database dump or backup alone then gives nobody the secrets. The key is derived from ``SECRET_KEY``
(the first of ``SECRET_KEY_FALLBACKS`` too, so a rotated ``SECRET_KEY`` keeps reading the old
secrets until they are rotated); a secret no key opens makes its deliveries fail with a reason the
administrator can act on ("Putar rahasia").
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

SECRET_PREFIX = "whsec_"  # noqa: S105 - a visible prefix, not a secret


def _fernet(key: str) -> Fernet:
    raw = salted_hmac("webhooks.signing.secret", "fernet-key", secret=key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def _cipher() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def secret_new() -> str:
    """A fresh secret for a partner: ``whsec_`` and 32 random bytes, URL-safe."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_encrypt(secret: str) -> str:
    return _cipher().encrypt(secret.encode()).decode()


def secret_decrypt(token: str) -> str | None:
    """The secret, or None when no current key opens it (SECRET_KEY changed without a fallback)."""
    try:
        return _cipher().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
