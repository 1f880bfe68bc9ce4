"""Acknowledge links: one signed, single-use, expiring link per recipient of a step.

The link is the credential (no account needed): a ``TimestampSigner`` signs the escalation, the
person and a random nonce stored on an ``EscalationAckLink`` row; reading a link checks the
signature, its age and that the row exists. Using one is a write: ``services.escalation_acknowledge_by_link``.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Escalation, EscalationAckLink

if TYPE_CHECKING:
    from stakeholders.models import Person

# Unchanged since the engine lived in incidents: links already sent in messages still verify.
ACK_LINK_SALT = "incidents.escalation-ack"


def ack_link_max_age_s() -> int:
    return int(getattr(settings, "ESCALATION_ACK_LINK_MAX_AGE_S", 24 * 3600))


def ack_links_make(*, escalation: Escalation, people: list[Person]) -> dict[int, str]:
    """A new single-use, expiring acknowledge link per recipient (absolute URLs by person id; rows created
    in one query)."""
    signer = signing.TimestampSigner(salt=ACK_LINK_SALT)
    rows = [
        EscalationAckLink(escalation=escalation, person=person, nonce=secrets.token_hex(16))
        for person in people
    ]
    EscalationAckLink.objects.bulk_create(rows)
    return {
        row.person.pk: settings.SITE_URL
        + reverse(
            "escalation:escalation_ack_link",
            args=[signer.sign_object({"e": escalation.pk, "p": row.person.pk, "n": row.nonce})],
        )
        for row in rows
    }


class AckLinkError(ValidationError):
    """A link that cannot acknowledge: forged, expired or already used (``code`` says which)."""


def ack_link_read(signed: str) -> EscalationAckLink:
    """The link row of a signed token; AckLinkError(code=invalid|expired) when it is not one of ours."""
    signer = signing.TimestampSigner(salt=ACK_LINK_SALT)
    try:
        payload = signer.unsign_object(signed, max_age=ack_link_max_age_s())
    except signing.SignatureExpired as exc:
        raise AckLinkError(
            _("Tautan konfirmasi ini sudah kedaluwarsa. Buka insidennya di aplikasi untuk mengonfirmasi."),
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise AckLinkError(_("Tautan konfirmasi ini tidak sah."), code="invalid") from exc
    link = (
        EscalationAckLink.objects.select_related("escalation__incident", "person")
        .filter(nonce=payload.get("n"), escalation_id=payload.get("e"), person_id=payload.get("p"))
        .first()
    )
    if link is None:
        raise AckLinkError(_("Tautan konfirmasi ini tidak sah."), code="invalid")
    return link
