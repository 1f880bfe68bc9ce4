"""QR tokens bound to one object and the QR image: a live token is kept, a stale, foreign or forged
one is replaced by a fresh one; the image is SVG or PNG of the text."""

import pytest

from core.qrcodes import qr_image
from core.qrtokens import QrTokenError, qrtoken_check, qrtoken_live_or_new, qrtoken_make


def test_a_live_token_of_the_object_is_kept():
    token = qrtoken_make(purpose="uji", object_id=7)
    assert qrtoken_live_or_new(token, purpose="uji", object_id=7, max_age=60) == token


@pytest.mark.parametrize(
    ("token", "purpose", "object_id", "max_age"),
    [
        ("palsu", "uji", 7, 60),
        (qrtoken_make(purpose="uji", object_id=8), "uji", 7, 60),
        (qrtoken_make(purpose="lain", object_id=7), "uji", 7, 60),
        (qrtoken_make(purpose="uji", object_id=7), "uji", 7, -1),
    ],
)
def test_a_forged_foreign_or_expired_token_is_replaced_by_a_live_one(token, purpose, object_id, max_age):
    fresh = qrtoken_live_or_new(token, purpose=purpose, object_id=object_id, max_age=max_age)
    qrtoken_check(fresh, purpose=purpose, object_id=object_id, max_age=60)
    with pytest.raises(QrTokenError):
        qrtoken_check(token, purpose=purpose, object_id=object_id, max_age=max_age)


def test_the_qr_image_is_svg_or_png():
    assert qr_image("https://contoh.test/x").lstrip().startswith(b"<svg")
    assert qr_image("https://contoh.test/x", kind="png").startswith(b"\x89PNG")
