"""Safe names for uploaded files: the extension follows the detected type, nothing hides or breaks it."""

import pytest

from core.files import safe_file_name


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("foto.hta", "jpg", "foto.jpg"),
        ("gambar.svg", "png", "gambar.png"),
        ("laporan.html", "pdf", "laporan.pdf"),
        ("laporan.pdf.html", "pdf", "laporan.pdf.pdf"),
        ("foto.JPEG", "jpg", "foto.jpeg"),  # another name of the same type is kept
        ("foto.png", "jpg", "foto.jpg"),  # a JPEG named as a PNG is named as a JPEG
        ("\u202egpj.hta", "jpg", "gpj.jpg"),  # a right-to-left override that showed "ath.jpg"
        ('a"b\r\nSet-Cookie: x.jpg', "jpg", "abSet-Cookie x.jpg"),  # nothing that breaks a header
        ("..\\..\\etc/passwd", "pdf", "passwd.pdf"),
        ("foto", "jpg", "foto.jpg"),
        ("", "pdf", "berkas.pdf"),
        (".hta", "png", "hta.png"),
    ],
)
def test_safe_file_name(name, extension, expected):
    assert safe_file_name(name, extension) == expected


def test_a_long_name_is_cut_before_the_extension():
    name = safe_file_name("a" * 300 + ".hta", "jpg")
    assert len(name) == 200
    assert name.endswith("a.jpg")
