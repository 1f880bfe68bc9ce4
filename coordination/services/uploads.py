"""Uploads of the coordination app (an action's evidence, an activity's photos), checked once, as an
incident's evidence is: size and content (magic bytes, incidents.services.evidence_check), the name
kept under the detected type's extension, the content's SHA-256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.files import safe_file_name
from incidents.choices import EvidenceKind
from incidents.services import evidence_check


@dataclass(frozen=True)
class CheckedUpload:
    """What the check found out about an upload (its file is rewound, ready to save)."""

    original_name: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str


def upload_check(uploaded_file, *, field: str = "file", photo_only: bool = False) -> CheckedUpload:
    """Check an upload by size and content; a refusal is a ValidationError on ``field``. With
    ``photo_only``, anything but a photo is refused."""
    name = (uploaded_file.name or "berkas").rsplit("/", 1)[-1][:200]
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    try:
        kind, content_type, extension = evidence_check(name=name, size=uploaded_file.size, head=head)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if photo_only and kind != EvidenceKind.PHOTO:
        raise ValidationError({field: [_("Berkas %(name)s bukan foto; berkas ditolak.") % {"name": name}]})
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedUpload(
        original_name=safe_file_name(name, extension),
        kind=kind,
        content_type=content_type,
        extension=extension,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
    )
