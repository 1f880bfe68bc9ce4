"""One-time codes that link a Telegram chat to a person (shown in the app, sent to the bot)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import ChannelLinkCode

if TYPE_CHECKING:
    from stakeholders.models import Person

# No 0/O or 1/I: the code is read off a screen and typed.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def channel_link_code_create(*, person: Person, by_user=None) -> ChannelLinkCode:
    """A new code for the person (their earlier unused codes stop working)."""
    now = timezone.now()
    ChannelLinkCode.objects.filter(person=person, used_at__isnull=True).update(expires_at=now)
    code = ChannelLinkCode(
        person=person,
        code="".join(secrets.choice(_ALPHABET) for _ in range(8)),
        expires_at=now + timedelta(seconds=int(getattr(settings, "INTAKE_LINK_CODE_TTL_S", 900))),
    )
    code.full_clean()
    code.save()
    return code
