"""Evidence files: checked by size and content, stored privately, removed by retention."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.files import safe_file_name

from ..choices import EventKind, EvidenceKind
from ..models import Evidence, Incident
from .base import _event, _refuse_if_closed

# Detected content type -> (kind). Anything else is refused whatever its name says.
ALLOWED_EVIDENCE = {
    "image/jpeg": EvidenceKind.PHOTO,
    "image/png": EvidenceKind.PHOTO,
    "image/webp": EvidenceKind.PHOTO,
    "image/heic": EvidenceKind.PHOTO,
    "image/gif": EvidenceKind.PHOTO,
    "application/pdf": EvidenceKind.DOCUMENT,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": EvidenceKind.DOCUMENT,
    "application/vnd.oasis.opendocument.text": EvidenceKind.DOCUMENT,
    "audio/mpeg": EvidenceKind.AUDIO,
    "audio/mp4": EvidenceKind.AUDIO,
    "audio/ogg": EvidenceKind.AUDIO,
    "audio/x-wav": EvidenceKind.AUDIO,
    "audio/aac": EvidenceKind.AUDIO,
    "audio/amr": EvidenceKind.AUDIO,
    "video/mp4": EvidenceKind.VIDEO,
    "video/3gpp": EvidenceKind.VIDEO,
    "video/quicktime": EvidenceKind.VIDEO,
    "video/webm": EvidenceKind.VIDEO,
}
# What a file name's extension promises; a mismatch with the content is refused.
EXTENSION_KIND = {
    **dict.fromkeys(("jpg", "jpeg", "png", "webp", "heic", "heif", "gif"), EvidenceKind.PHOTO),
    **dict.fromkeys(("pdf", "doc", "docx", "odt"), EvidenceKind.DOCUMENT),
    **dict.fromkeys(("mp3", "m4a", "ogg", "oga", "opus", "wav", "aac", "amr"), EvidenceKind.AUDIO),
    **dict.fromkeys(("mp4", "3gp", "mov", "webm"), EvidenceKind.VIDEO),
}


def evidence_check(*, name: str, size: int, head: bytes) -> tuple[str, str, str]:
    """(kind, content type, extension) of an upload judged by its content, or a ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"name": name, "size": round(size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    guess = filetype.guess(head)
    if guess is None or guess.mime not in ALLOWED_EVIDENCE:
        raise ValidationError(
            _(
                "Isi berkas %(name)s bukan foto, dokumen PDF/Word, audio atau video yang diterima; berkas ditolak."
            )
            % {"name": name},
            code="bad_content",
        )
    kind = ALLOWED_EVIDENCE[guess.mime]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension and extension in EXTENSION_KIND and EXTENSION_KIND[extension] != kind:
        raise ValidationError(
            _("Isi berkas %(name)s tidak sesuai dengan namanya (isinya %(kind)s); berkas ditolak.")
            % {"name": name, "kind": kind.label.lower()},
            code="bad_content",
        )
    return kind, guess.mime, guess.extension


@transaction.atomic
def evidence_add(*, incident: Incident, uploaded_file, by_user, description: str = "") -> Evidence:
    """Store an evidence file privately after checking its size and content (magic bytes), under a
    name whose extension is the detected type's."""
    _refuse_if_closed(incident)
    name = (uploaded_file.name or "berkas").rsplit("/", 1)[-1][:200]
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    kind, content_type, extension = evidence_check(name=name, size=uploaded_file.size, head=head)
    # Kept and offered for download under the detected type's extension: a JPEG named foto.hta is
    # foto.jpg, never a file a desktop would run.
    name = safe_file_name(name, extension)
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    evidence = Evidence(
        incident=incident,
        original_name=name,
        kind=kind,
        content_type=content_type,
        extension=extension,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        description=description.strip(),
        uploaded_by=by_user,
    )
    evidence.file.save(f"bukti.{extension}", uploaded_file, save=False)
    evidence.full_clean()
    evidence.save()
    _event(
        incident,
        kind=EventKind.EVIDENCE,
        by_user=by_user,
        new={"name": name, "kind": kind, "size": evidence.size},
    )
    return evidence


def evidence_from_bytes(*, incident: Incident, name: str, data: bytes, by_user) -> Evidence:
    """evidence_add for content already in memory (demo data, intake channels)."""
    content = ContentFile(data, name=name)
    return evidence_add(incident=incident, uploaded_file=content, by_user=by_user)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, reason: str, by_user=None) -> str:
    """Delete an evidence file and its row (retention); the timeline keeps its name. Returns a reference."""
    incident = evidence.incident
    reference = f"{incident.number}/bukti #{evidence.pk}"
    evidence.file.delete(save=False)
    _event(
        incident,
        kind=EventKind.EVIDENCE,
        by_user=by_user,
        new={"removed": reason, "name": evidence.original_name},
    )
    evidence.delete()
    return reference
