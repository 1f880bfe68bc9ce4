"""The public web form (no account): off unless the installation switches it on, rate-limited per
address in the shared cache (Redis), guarded by a proof of work instead of a third-party captcha.
Everything sent arrives as unverified intake (channel ``web``), once per form (the challenge's nonce is
the intake's source id, so a double submit adds nothing).

The proof of work: the page carries a signed challenge (nonce, time, difficulty); the browser
(static/js/public-report.js) finds a counter such that SHA-256 of ``<challenge>:<counter>`` starts with
``difficulty`` zero bits, a second or two of a phone's time, and sends it with the form. The server
checks the signature, the age, the hash and that the nonce was not used before.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

CHALLENGE_SALT = "collect.public-report.challenge"
CHALLENGE_MAX_AGE_S = 3600


def public_form_enabled() -> bool:
    return bool(getattr(settings, "PUBLIC_REPORT_FORM_ENABLED", False))


def pow_difficulty() -> int:
    return int(getattr(settings, "PUBLIC_REPORT_POW_BITS", 16))


def challenge_make() -> str:
    """A new signed challenge: a random nonce, the time it was made and the difficulty."""
    payload = {"n": secrets.token_hex(16), "t": int(time.time()), "d": pow_difficulty()}
    return signing.dumps(payload, salt=CHALLENGE_SALT, compress=False)


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + (8 - byte.bit_length())
    return bits


def challenge_check(challenge: str, answer: str) -> str | None:
    """The challenge's nonce when the answer solves it and the nonce is unused (it is used now); else None."""
    try:
        payload = signing.loads(challenge, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE_S)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not answer.isdigit() or len(answer) > 12:
        return None
    digest = hashlib.sha256(f"{challenge}:{answer}".encode()).digest()
    if _leading_zero_bits(digest) < int(payload.get("d", 0)) or int(payload.get("d", 0)) < pow_difficulty():
        return None
    return str(payload["n"])


def rate_limit_hit(address: str) -> bool:
    """Count one sending from this address; True when it is over PUBLIC_REPORT_RATE_LIMIT in the window.
    The count lives in the shared cache (Redis), so every web process sees the same number."""
    limit = int(getattr(settings, "PUBLIC_REPORT_RATE_LIMIT", 5))
    window = int(getattr(settings, "PUBLIC_REPORT_RATE_WINDOW_S", 3600))
    key = "collect:public-rate:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
