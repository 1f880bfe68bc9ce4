"""A person's rights under UU 27/2022 (PDP): everything held about them, and erasure; both audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import AccessKind
from audit.registry import personal_data_sections
from audit.services import access_record_object

from .models import Person


def person_personal_data(*, person: Person, by_user, request=None, file_format: str = "json") -> dict:
    """Collect every app's section about the person, and record the export in the audit trail."""
    sections = {
        section.name: {"label": str(section.label), "rows": section.export(person=person)}
        for section in personal_data_sections()
    }
    access_record_object(
        kind=AccessKind.PERSONAL_DATA_EXPORT,
        by_user=by_user,
        obj=person,
        person_id=person.pk,
        request=request,
        detail={
            "format": file_format,
            "sections": {name: len(data["rows"]) for name, data in sections.items()},
        },
    )
    return {
        "person_id": person.pk,
        "generated_at": timezone.now(),
        "generated_by": by_user.get_username(),
        "sections": sections,
    }


@transaction.atomic
def person_erase(*, person: Person, reason: str, by_user, request=None) -> dict[str, int]:
    """Erase or anonymise what every app holds about the person; incidents and their timelines stay.

    The person becomes "Dihapus (PDP) #id", contacts go, the account is disabled and
    informant identities matching the person are removed. All or nothing.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan dasar permintaan penghapusan.")})
    if person.user_id is not None and person.user_id == by_user.pk:
        raise ValidationError(_("Data pribadi Anda sendiri dihapus oleh administrator lain."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    counts: dict[str, int] = {}
    # Sections that look the person up by name or contact go first, while both still exist.
    for section in sorted(
        personal_data_sections(), key=lambda s: s.name in ("person", "account", "contacts")
    ):
        if section.erase is not None:
            counts[section.name] = section.erase(person=person, by_user=by_user)
    access_record_object(
        kind=AccessKind.PERSONAL_DATA_ERASE,
        by_user=by_user,
        obj=person,
        person_id=person.pk,
        purpose=reason,
        request=request,
        detail={"removed": counts},
    )
    return counts
