"""Writes of collect: form integrations (made, renewed and switched off by a kabupaten administrator)
and what a submission from one becomes.

A submission (KoboToolbox REST Services JSON, ODK Central webhook XML) is read into the report
form's fields (``collect.submissions``), its attachments are fetched from the integration's own
server, and then:

- an integration tied to a registry person or organisation (verified by the administrator who tied
  it) files a normal report through ``incidents.services.incident_submit``, once per submission
  (its instanceID is the report's client id: Kobo's repeated delivery returns the first report);
- any other integration, or a submission a report cannot be made of, arrives as unverified intake
  (``intake.services.intake_receive``, once per instanceID), keeping the original submission.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.services import evidence_from_bytes, incident_submit
from intake.choices import IntakeChannel
from intake.services import Attachment, channel_user, intake_receive
from regions.selectors import code_within
from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile, grant_scope, home_kabupaten_for, person_holds_office_within

from .choices import IntegrationKind
from .models import FormIntegration
from .submissions import Submission, submission_report_fields

ATTACHMENT_TIMEOUT_S = 20


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def formintegration_may_manage(user) -> bool:
    """Only kabupaten administrators see and manage form integrations (with several kabupaten served,
    each those of its own kabupaten: ``formintegration_area_managed``)."""
    return grant_scope(user).administrator or access_profile(user).has_role(AccessRole.KABUPATEN_ADMIN)


def formintegration_area_managed(user, code: str) -> bool:
    """Whether the user manages the form integrations of the kabupaten ``code``: an administrator of
    the whole installation every one; with several kabupaten served, a kabupaten's administrator its own."""
    return grant_scope(user).administrator or access_profile(user).covers(code, AccessRole.KABUPATEN_ADMIN)


def _require_administrator(by_user, code: str) -> None:
    if not formintegration_area_managed(by_user, code):
        raise PermissionDenied(_("Hanya administrator kabupaten yang mengelola integrasi formulir."))


# --- integrations -------------------------------------------------------------------------------


@transaction.atomic
def formintegration_create(
    *,
    name: str,
    kind: str,
    by_user,
    person=None,
    organisation=None,
    download_base_url: str = "",
    download_authorization: str = "",
    area=None,
) -> tuple[FormIntegration, str]:
    """A new integration of a kabupaten (``area``; by default the maker's own) and its secret (shown
    once; only its SHA-256 is kept). Its person or organisation must be of that kabupaten."""
    if area is None:
        from regions.selectors import adminunit_find

        area = adminunit_find(code=home_kabupaten_for(by_user))
    if area is None:
        raise ValidationError({"area": _("Pilih kabupaten integrasi ini.")})
    _require_administrator(by_user, area.code)
    if kind not in IntegrationKind.values:
        raise ValidationError({"kind": _("Pilih KoboToolbox atau ODK Central.")})
    if organisation is not None and not code_within(organisation.area.code, area.code):
        raise ValidationError({"organisation": _("Organisasi ini di luar kabupaten integrasi.")})
    if person is not None and not person_holds_office_within(person, area.code):
        raise ValidationError({"person": _("Orang ini tidak menjabat di kabupaten integrasi.")})
    token = secrets.token_urlsafe(32)
    integration = FormIntegration(
        name=name.strip(),
        kind=kind,
        token_hash=token_hash(token),
        token_hint=token[:6],
        person=person,
        organisation=organisation,
        area=area,
        download_base_url=download_base_url.strip(),
        download_authorization=download_authorization.strip(),
        created_by=by_user,
    )
    integration.full_clean()
    integration._history_user = by_user  # type: ignore[attr-defined]
    integration.save()
    return integration, token


def submission_webhook_url() -> str:
    """The address Kobo or ODK Central sends submissions to, from SITE_URL (not from a request's Host)."""
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse('collect:submission_webhook')}"


@transaction.atomic
def formintegration_token_renew(*, integration: FormIntegration, by_user) -> str:
    """A new secret for the integration; the old one stops working at once. A switched-off
    integration gets none (it stays off: make a new one)."""
    _require_administrator(by_user, integration.area.code)
    locked = FormIntegration.objects.select_for_update().get(pk=integration.pk)
    if not locked.is_active:
        raise ValidationError(_("Integrasi ini sudah dinonaktifkan; buat integrasi baru bila perlu."))
    token = secrets.token_urlsafe(32)
    locked.token_hash, locked.token_hint = token_hash(token), token[:6]
    locked._history_user = by_user  # type: ignore[attr-defined]
    locked.save(update_fields=["token_hash", "token_hint", "updated_at"])
    integration.refresh_from_db()
    return token


@transaction.atomic
def formintegration_deactivate(*, integration: FormIntegration, by_user) -> FormIntegration:
    """Switch an integration off: its submissions are refused (401) from now on."""
    _require_administrator(by_user, integration.area.code)
    locked = FormIntegration.objects.select_for_update().get(pk=integration.pk)
    if locked.is_active:
        locked.is_active = False
        locked._history_user = by_user  # type: ignore[attr-defined]
        locked.save(update_fields=["is_active", "updated_at"])
    integration.refresh_from_db()
    return integration


# --- submissions --------------------------------------------------------------------------------


class AttachmentUnavailable(Exception):
    """An attachment could not be fetched now; the sender should deliver the submission again."""


def _fetch(integration: FormIntegration, url: str) -> bytes:
    """One attachment from the integration's own server, within the upload size limit."""
    base = integration.download_base_url
    if not base or not url.startswith(base):
        raise AttachmentUnavailable(f"attachment outside {base or 'any configured server'}: {url[:200]}")
    headers = (
        {"Authorization": integration.download_authorization} if integration.download_authorization else {}
    )
    limit = settings.UPLOAD_MAX_BYTES
    try:
        with requests.get(url, headers=headers, timeout=ATTACHMENT_TIMEOUT_S, stream=True) as response:
            if response.status_code != 200:
                raise AttachmentUnavailable(f"HTTP {response.status_code} for {url[:200]}")
            data = b""
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > limit:
                    raise AttachmentUnavailable(f"attachment larger than {limit} bytes: {url[:200]}")
            return data
    except requests.RequestException as exc:
        raise AttachmentUnavailable(f"{exc.__class__.__name__} for {url[:200]}") from exc


def submission_attachments_fetch(*, integration: FormIntegration, submission: Submission) -> list[Attachment]:
    """The submission's files, fetched before any transaction opens (AttachmentUnavailable when one fails)."""
    return [
        Attachment(name=name, data=_fetch(integration, url), content_type=content_type)
        for name, url, content_type in submission.attachments
    ]


@dataclass(frozen=True)
class SubmissionResult:
    incident: object | None = None
    intake: object | None = None
    created: bool = True
    detail: str = ""


def _filer(integration: FormIntegration):
    person = integration.person
    if person is not None and person.user is not None and person.user.is_active:
        return person.user
    return channel_user()


@transaction.atomic
def submission_receive(
    *, integration: FormIntegration, submission: Submission, attachments: list[Attachment]
) -> SubmissionResult:
    """What one submission becomes: a report of the integration's person/organisation, or unverified
    intake; the same instanceID again returns what the first delivery made."""
    FormIntegration.objects.filter(pk=integration.pk).update(last_submission_at=timezone.now())
    fields, problems = submission_report_fields(submission)
    place = fields.get("area")
    if place is not None and not code_within(place.code, integration.area.code):
        # Its submissions land in its own kabupaten only: a place elsewhere waits as that kabupaten's intake.
        problems.append(_("Wilayah %(area)s di luar kabupaten integrasi ini.") % {"area": place.name})
        fields.pop("area")
        fields.pop("polling_station", None)
    label = _("%(kind)s: %(name)s") % {"kind": integration.get_kind_display(), "name": integration.name}
    if integration.is_trusted and not problems and submission.client_id is not None:
        if integration.organisation is not None:
            fields["chronology"] += "\n\n(" + label + ", " + str(integration.organisation) + ")"
        else:
            fields["chronology"] += "\n\n(" + label + ")"
        photo = None
        if attachments:
            photo = ContentFile(attachments[0].data, name=attachments[0].name or "lampiran")
        try:
            with transaction.atomic():
                incident, created = incident_submit(
                    by_user=_filer(integration),
                    client_id=submission.client_id,
                    photo=photo,
                    reporter_person=integration.person,
                    **fields,
                )
        except ValidationError as exc:
            problems = [" ".join(exc.messages)]
        else:
            if created:
                for attachment in attachments[1:]:
                    evidence_from_bytes(
                        incident=incident,
                        name=attachment.name or "lampiran",
                        data=attachment.data,
                        by_user=_filer(integration),
                    )
            return SubmissionResult(incident=incident, created=created)
    result = intake_receive(
        channel=IntakeChannel.KOBO,
        external_id=submission.external_id,
        text=submission.text,
        sender=label[:100],
        sender_name=str(integration.person or integration.organisation or ""),
        person=integration.person,
        title=fields.get("title", ""),
        area=fields.get("area") or integration.area,
        severity=fields.get("severity"),
        category=fields.get("category"),
        kind=fields.get("kind", ""),
        occurred_at=fields.get("occurred_at"),
        lat=fields.get("lat"),
        lng=fields.get("lng"),
        payload=submission.payload,
        attachments=attachments,
    )
    return SubmissionResult(intake=result.intake, created=result.created, detail="; ".join(problems))


@transaction.atomic
def public_report_receive(*, nonce: str, data: dict) -> SubmissionResult:
    """A public form's report as unverified intake (channel ``web``), once per solved challenge."""
    photo = data.get("photo")
    attachments = []
    if photo:
        attachments.append(
            Attachment(name=photo.name or "foto", data=photo.read(), content_type=photo.content_type or "")
        )
    area = data.get("desa") or data.get("kecamatan")
    contact = (data.get("contact") or "").strip()
    try:
        result = intake_receive(
            channel=IntakeChannel.WEB,
            external_id=f"web:{nonce}",
            text=data["text"],
            sender=_("formulir publik"),
            sender_name=(data.get("name") or "").strip(),
            contact=contact,
            area=area,
            occurred_at=data.get("occurred_at"),
            payload={"form": "public"},
            attachments=attachments,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "attachments" in exc.error_dict:
            raise ValidationError({"photo": exc.error_dict["attachments"]}) from exc
        raise
    return SubmissionResult(intake=result.intake, created=result.created)
