"""Small real files for upload tests, built in memory."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG image (red pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def exe_named_jpg() -> SimpleUploadedFile:
    """A Windows executable header under a photo's name."""
    return SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")


def elf_named_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, content_type="image/jpeg")


def html_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "laporan.pdf",
        b"<!doctype html><html><script>alert(1)</script></html>",
        content_type="application/pdf",
    )


def pdf_upload(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def jpeg_bytes() -> bytes:
    """The start of a JPEG (SOI, JFIF APP0) followed by a script, as a polyglot carries it."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return (
        b"\xff\xd8\xff\xe0"
        + (len(app0) + 2).to_bytes(2, "big")
        + app0
        + b"<html><script>new ActiveXObject('WScript.Shell').Run('calc')</script></html>"
        + b"\xff\xd9"
    )


def jpeg_upload(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="application/hta")
