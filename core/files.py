"""Names of files users upload, made safe to store and to offer for download."""

from __future__ import annotations

import re
import unicodedata

# Control characters, the bidirectional and zero-width marks that make "gpj.hta" read as "ath.jpg",
# and the characters a file system or a Content-Disposition header treats specially.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff/\\:*?"<>|]')

# Other extensions that name the same type as the one detected from the content (filetype's).
SAME_TYPE_EXTENSIONS = {
    "jpg": ("jpeg", "jpe"),
    "heic": ("heif",),
    "ogg": ("oga", "opus"),
    "mp4": ("m4v",),
    "tif": ("tiff",),
}


def safe_file_name(name: str, extension: str, *, fallback: str = "berkas", max_length: int = 200) -> str:
    """``name`` without control, bidi or path characters, ending in ``extension`` (the detected type's).

    The extension a user typed is kept only when it names the detected type (``foto.JPEG`` for a
    JPEG); any other is replaced, so a JPEG named ``foto.hta`` is ``foto.jpg`` and a browser or a
    desktop opens it as the picture it is, never as an HTML application.
    """
    extension = extension.lower().lstrip(".")
    base = re.split(r"[/\\]", name or "")[-1]  # the last part of a path, whichever separator
    clean = _UNSAFE.sub("", unicodedata.normalize("NFC", base)).strip(" .")
    stem, dot, typed = clean.rpartition(".")
    if not dot:
        stem, typed = clean, ""
    stem = stem.strip(" .") or fallback
    if typed.lower() in (extension, *SAME_TYPE_EXTENSIONS.get(extension, ())):
        extension = typed.lower()
    return f"{stem[: max(1, max_length - len(extension) - 1)]}.{extension}"


# A picture larger than this many pixels is not decoded for a thumbnail (a decompression bomb).
THUMBNAIL_MAX_PIXELS = 60_000_000


def image_thumbnail(file, *, size: tuple[int, int] = (320, 320), quality: int = 80) -> bytes:
    """A JPEG no larger than ``size`` of the picture in ``file`` (a Django File or a file object),
    turned upright by its EXIF orientation. Re-encoded, so none of the uploaded bytes (metadata,
    scripts, a polyglot) reach the browser. Raises ValueError when the file is no picture it can read.
    """
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with file.open("rb") as fh, Image.open(fh) as image:
            if image.width * image.height > THUMBNAIL_MAX_PIXELS:
                raise ValueError("picture too large to decode")
            image.draft("RGB", size)
            picture = ImageOps.exif_transpose(image) or image
            picture = picture.convert("RGB")
            picture.thumbnail(size)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=quality)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValueError(str(exc)) from exc
    return out.getvalue()
