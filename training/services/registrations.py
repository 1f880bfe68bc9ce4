"""Registrations: who takes part in a programme and in which role, within its target and quotas;
the ticket's QR code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.qrcodes import qr_image
from stakeholders.selectors import organisation_current_for
from stakeholders.services import person_create

from ..choices import ACTIVE_STATUSES, RegistrationRole, RegistrationStatus
from ..models import Batch, OrgTypeQuota, Programme, Registration
from ..selectors import person_registrable_by
from .history import history_user_set

if TYPE_CHECKING:
    from stakeholders.models import Organisation, Person


def _check_seat(*, programme: Programme, organisation: Organisation | None, extra: int = 1) -> None:
    """Refuse a peserta outside the target or over a quota (the caller holds the programme lock)."""
    org_type = organisation.org_type if organisation else ""
    if programme.target_org_types and org_type not in programme.target_org_types:
        raise ValidationError(
            {
                "person": _(
                    "Bimtek ini hanya untuk peserta dari: %(targets)s. Asal organisasi peserta ini tidak termasuk."
                )
                % {"targets": ", ".join(programme.get_target_labels())}
            }
        )
    active = Registration.objects.filter(
        programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
    )
    if active.count() + extra > programme.quota:
        raise ValidationError(
            {"person": _("Kuota peserta (%(quota)s orang) sudah penuh.") % {"quota": programme.quota}}
        )
    if org_type:
        cap = OrgTypeQuota.objects.filter(programme=programme, org_type=org_type).first()
        if cap is not None and active.filter(organisation__org_type=org_type).count() + extra > cap.quota:
            raise ValidationError(
                {
                    "person": _("Kuota untuk %(type)s (%(quota)s orang) sudah penuh.")
                    % {"type": cap.get_org_type_display(), "quota": cap.quota}
                }
            )


@transaction.atomic
def registration_create(
    *,
    programme: Programme,
    person: Person,
    role: str = RegistrationRole.PESERTA,
    status: str = RegistrationStatus.REGISTERED,
    organisation: Organisation | None = None,
    batch: Batch | None = None,
    by_user=None,
) -> Registration:
    """Register a person. Refuses a duplicate, a peserta outside the target org types, and over quota.

    With ``by_user``, the person must also be in the programme's scope for that user
    (``selectors.person_registrable_by``): a trainer invites only the people the programme is for.
    """
    if by_user is not None and not person_registrable_by(by_user, programme).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(person)s di luar sasaran Bimtek ini: daftarkan orang dari jenis organisasi "
                    "sasaran, penyelenggara atau mitranya, atau minta Kesbangpol mendaftarkannya."
                )
                % {"person": person}
            }
        )
    return _registration_save(
        programme=programme,
        person=person,
        role=role,
        status=status,
        organisation=organisation,
        batch=batch,
        by_user=by_user,
    )


def _registration_save(
    *, programme: Programme, person: Person, role: str, status: str, organisation, batch, by_user
) -> Registration:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if Registration.objects.filter(programme=programme, person=person).exists():
        raise ValidationError({"person": _("%(person)s sudah terdaftar di Bimtek ini.") % {"person": person}})
    if organisation is None:
        organisation = organisation_current_for(person=person)
    if role == RegistrationRole.PESERTA and status in ACTIVE_STATUSES:
        _check_seat(programme=programme, organisation=organisation)
    registration = Registration(
        programme=programme, person=person, role=role, status=status, organisation=organisation, batch=batch
    )
    registration.full_clean(validate_constraints=False)
    history_user_set(registration, by_user)
    registration.save()
    return registration


@transaction.atomic
def registration_create_new_person(
    *,
    programme: Programme,
    full_name: str,
    honorific: str = "",
    organisation: Organisation | None = None,
    role: str = RegistrationRole.PESERTA,
    batch: Batch | None = None,
    by_user=None,
) -> Registration:
    """Add a new person to the registry (no office, no contact) and register them, both or neither."""
    person = person_create(full_name=full_name, honorific=honorific, by_user=by_user)
    return _registration_save(
        programme=programme,
        person=person,
        role=role,
        status=RegistrationStatus.REGISTERED,
        organisation=organisation,
        batch=batch,
        by_user=by_user,
    )


@transaction.atomic
def registration_set_status(*, registration: Registration, status: str, by_user=None) -> Registration:
    """Move a registration to a status; re-activating a peserta checks the quota again."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        registration.role == RegistrationRole.PESERTA
        and status in ACTIVE_STATUSES
        and registration.status not in ACTIVE_STATUSES
    ):
        Programme.objects.select_for_update().filter(pk=registration.programme_id).first()
        _check_seat(programme=registration.programme, organisation=registration.organisation)
    registration.status = status
    registration.full_clean(validate_constraints=False)
    history_user_set(registration, by_user)
    registration.save(update_fields=["status", "updated_at"])
    return registration


def ticket_qr(*, code: str, kind: str = "svg") -> bytes:
    """The QR code of a ticket as SVG or PNG bytes."""
    return qr_image(code, kind=kind)
