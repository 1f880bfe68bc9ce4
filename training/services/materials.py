"""Training materials: files checked by content and size and stored privately, or video links."""

from __future__ import annotations

import secrets

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import Material, Programme, Session
from .history import history_user_set

ALLOWED_MATERIAL_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def material_content_check(*, uploaded) -> tuple[str, str]:
    """(content type, extension) of an upload judged by its bytes; refuses other kinds and oversize."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
                % {
                    "size": round(uploaded.size / 1_048_576, 1),
                    "max": round(settings.UPLOAD_MAX_BYTES / 1_048_576, 1),
                }
            }
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_MATERIAL_TYPES:
        raise ValidationError(
            {"file": _("Isi berkas bukan PDF, PPTX, DOCX, XLSX atau gambar (JPG/PNG/WEBP); berkas ditolak.")}
        )
    return kind.mime, ALLOWED_MATERIAL_TYPES[kind.mime]


@transaction.atomic
def material_upload(
    *,
    programme: Programme,
    title: str,
    uploaded=None,
    video_url: str = "",
    session: Session | None = None,
    by_user=None,
) -> Material:
    """Store a material privately (file checked by content and size) or record a video link."""
    if session is not None and session.programme_id != programme.pk:
        raise ValidationError({"session": _("Sesi itu bukan bagian dari Bimtek ini.")})
    if uploaded is None and not video_url:
        raise ValidationError({"file": _("Unggah berkas atau isi tautan video.")})
    material = Material(
        programme=programme, session=session, title=title, video_url=video_url, uploaded_by=by_user
    )
    if uploaded is not None:
        mime, extension = material_content_check(uploaded=uploaded)
        name = f"training/materials/{programme.pk}/{secrets.token_hex(16)}.{extension}"
        material.file.name = default_storage.save(name, uploaded)
        material.original_name = (uploaded.name or "")[-200:]
        material.content_type = mime
        material.size = uploaded.size
    try:
        material.full_clean()
    except ValidationError:
        if material.file.name:
            default_storage.delete(material.file.name)
        raise
    history_user_set(material, by_user)
    material.save()
    return material


def material_download_record(*, material: Material) -> None:
    """Count one download (an atomic increment; not an audited change)."""
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)
