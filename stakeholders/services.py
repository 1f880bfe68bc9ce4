"""Every write to the registry. Each service validates, saves and records who changed what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports.parsers import split_titles

from .access import ACCESS_PERMISSIONS, PRIVILEGED_OFFICES
from .choices import SINGLE_HOLDER_OFFICES, AccessRole, ContactKind, ForumKind, GrantStatus, Office
from .hooks import notice_send
from .models import (
    ContactPoint,
    DutyRoster,
    Forum,
    ForumSeat,
    NonActivePeriod,
    Organisation,
    Person,
    Position,
    PositionRequest,
)
from .selectors import (
    kabupaten_admin_people,
    kabupaten_admin_users,
    position_grant_refusal,
    position_request_approval_refusal,
    position_request_decidable,
)


def phone_normalise(raw: str) -> str:
    """'0812-3456-7890', '62812...', '+62 812...' -> '+6281234567890'; anything else is refused."""
    text = (raw or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    candidate = "+" + digits if text.startswith("+") or digits.startswith("62") else digits
    try:
        number = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Nomor telepon tidak dikenali: %(value)s.") % {"value": raw}, code="invalid"
        ) from exc
    if number.country_code != 62:
        raise ValidationError(
            _("Hanya nomor Indonesia (+62) yang diterima: %(value)s.") % {"value": raw}, code="foreign"
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor telepon tidak valid: %(value)s.") % {"value": raw}, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def contact_value_normalise(*, kind: str, value: str) -> str:
    """Normalise a contact value for its kind, or raise a ValidationError in Bahasa Indonesia."""
    value = (value or "").strip()
    if kind in (ContactKind.PHONE, ContactKind.WHATSAPP, ContactKind.LANDLINE):
        return phone_normalise(value)
    if kind == ContactKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(_("Alamat email tidak valid: %(value)s.") % {"value": value}) from exc
        return value.lower()
    if kind == ContactKind.TELEGRAM:
        if not value or not (value.lstrip("-").isdigit() or (value.startswith("@") and len(value) > 5)):
            raise ValidationError(
                _("ID chat Telegram harus angka atau @nama_pengguna: %(value)s.") % {"value": value}
            )
        return value
    raise ValidationError(_("Jenis kontak tidak dikenal."))


def _titles(honorific: str, degrees: str) -> tuple[str, str]:
    """(front titles, back degrees): the degrees typed among the front titles go behind the name."""
    front, misplaced = split_titles(honorific or "")
    back = ", ".join(part for part in (misplaced, (degrees or "").strip()) if part)
    return front, back


def _record(instance, by_user) -> None:
    # simple_history reads the acting user from here when there is no request.
    instance._history_user = by_user


@transaction.atomic
def person_create(
    *, full_name: str, honorific: str = "", degrees: str = "", notes: str = "", user=None, by_user=None
) -> Person:
    """Create a person in the registry (front titles in ``honorific``, back degrees in ``degrees``; a
    degree typed among the front titles, "S.Sos.", is moved to the degrees)."""
    honorific, degrees = _titles(honorific, degrees)
    person = Person(
        full_name=full_name.strip(),
        honorific=honorific,
        degrees=degrees,
        notes=notes,
        user=user,
    )
    person.full_clean()
    _record(person, by_user)
    person.save()
    return person


@transaction.atomic
def contact_point_add(
    *,
    person: Person,
    kind: str,
    value: str,
    verified: bool = False,
    notifiable: bool = True,
    preference: int | None = None,
    by_user=None,
) -> ContactPoint:
    """Add a normalised contact point; a duplicate for the same person is refused."""
    normalised = contact_value_normalise(kind=kind, value=value)
    if ContactPoint.objects.filter(person=person, kind=kind, value=normalised).exists():
        raise ValidationError({"value": _("Kontak ini sudah tercatat untuk orang ini.")})
    if preference is None:
        preference = ContactPoint.objects.filter(person=person).count() + 1
    contact = ContactPoint(
        person=person,
        kind=kind,
        value=normalised,
        verified=verified,
        notifiable=notifiable,
        preference=preference,
    )
    contact.full_clean()
    _record(contact, by_user)
    contact.save()
    return contact


@transaction.atomic
def organisation_create(
    *, name: str, org_type: str, area, parent: Organisation | None = None, short_name: str = "", by_user=None
) -> Organisation:
    """Create an organisation; a child must lie within its parent's area."""
    if parent is not None and not (
        area.code == parent.area.code or area.code.startswith(parent.area.code + ".")
    ):
        raise ValidationError({"area": _("Wilayah organisasi harus berada di dalam wilayah induknya.")})
    organisation = Organisation(
        name=name.strip(), org_type=org_type, area=area, parent=parent, short_name=short_name
    )
    organisation.full_clean()
    _record(organisation, by_user)
    organisation.save()
    return organisation


def _overlaps(start: date, end: date | None) -> Q:
    q = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        q &= Q(start_date__lte=end)
    return q


def _position_check(
    *, organisation: Organisation, office: str, area, start_date: date, end_date: date | None, acting: str
) -> None:
    """Refuse an area outside the organisation's area, an end before the start, and a second
    definitive holder of a single-holder office for overlapping dates (locking the office's rows).
    """
    errors: dict[str, str] = {}
    org_code = organisation.area.code
    if not (area.code == org_code or area.code.startswith(org_code + ".")):
        errors["area"] = _("Wilayah jabatan berada di luar wilayah kerja %(org)s.") % {"org": organisation}
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if errors:
        raise ValidationError(errors)
    if office in SINGLE_HOLDER_OFFICES and not acting:
        # Lock the office's rows so two concurrent assignments cannot both pass.
        clash = (
            Position.objects.select_for_update()
            .filter(office=office, area=area, acting="")
            .filter(_overlaps(start_date, end_date))
            .select_related("person")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "office": _(
                        "Jabatan ini sudah dipegang %(person)s sejak %(start)s. Akhiri jabatan itu dulu, "
                        "atau catat sebagai Plt/Pjs."
                    )
                    % {"person": clash.person, "start": clash.start_date.strftime("%d/%m/%Y")}
                }
            )


def _position_record(
    *,
    person: Person,
    organisation: Organisation,
    office: str,
    area,
    start_date: date,
    end_date: date | None,
    acting: str,
    by_user,
) -> Position:
    _position_check(
        organisation=organisation,
        office=office,
        area=area,
        start_date=start_date,
        end_date=end_date,
        acting=acting,
    )
    position = Position(
        person=person,
        organisation=organisation,
        office=office,
        area=area,
        start_date=start_date,
        end_date=end_date,
        acting=acting,
    )
    position.full_clean(validate_constraints=False)
    _record(position, by_user)
    position.save()
    return position


def _grant_check(*, by_user, person: Person, office: str, area) -> None:
    errors = position_grant_refusal(user=by_user, person=person, office=office, area=area)
    if errors:
        raise ValidationError(errors)


def _approvers(*, by_user, person: Person, area=None):
    """Kabupaten administrators other than the granter and the grantee: who can approve (a grant in
    ``area``: its kabupaten's, with several kabupaten served, and the installation's)."""
    users = kabupaten_admin_users(area_code=area.code if area is not None else None).exclude(pk=by_user.pk)
    return users.exclude(pk=person.user_id) if person.user_id else users


def _site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def admin_notice_send(
    *,
    text: str,
    link: str,
    key: str,
    area_codes: Sequence[str],
    exclude_user_ids: set[int],
    exclude_person_ids: set[int],
):
    """Tell the other kabupaten administrators who decide for an office in ``area_codes`` (the people of
    superuser accounts and the holders of a Kesbangpol office today; with several kabupaten served, only
    the Kesbangpol of the office's own kabupaten and the installation's, ``kabupaten_admin_people``);
    returns ((person, reached outside the app), ...) in name order.
    """
    admins = (
        kabupaten_admin_people(area_codes=area_codes)
        .exclude(id__in=exclude_person_ids)
        .exclude(user_id__in=exclude_user_ids)
        .order_by("full_name")
    )
    recipients = list(admins)
    reached = (
        notice_send(recipients=recipients, text=text, link=link, idempotency_key=key) if recipients else set()
    )
    return tuple((person, person.pk in reached) for person in recipients)


def _office_label(office: str) -> str:
    return str(dict(Office.choices).get(office, office))


@dataclass(frozen=True)
class GrantResult:
    """What a grant did: the position recorded or the request waiting for a second administrator,
    and which kabupaten administrators were told (each with whether they were reached outside the app).
    """

    position: Position | None = None
    request: PositionRequest | None = None
    notified: tuple[tuple[Person, bool], ...] = ()


@transaction.atomic
def position_assign(
    *,
    person: Person,
    organisation: Organisation,
    office: str,
    area,
    start_date: date,
    end_date: date | None = None,
    acting: str = "",
    by_user=None,
) -> Position:
    """Give a person an office now. Refuses an area outside the organisation's area, an end before the
    start, and a second definitive holder of a single-holder office for overlapping dates.

    With ``by_user`` (a person acting: web, import, admin), the grant rules of
    ``selectors.position_grant_refusal`` apply too, and a privileged office that a second kabupaten
    administrator must approve is refused (``position_grant`` files the request instead). Without
    it, the caller is the system itself (demo data, migrations, commands run on the server).
    """
    if by_user is not None:
        _grant_check(by_user=by_user, person=person, office=office, area=area)
        if office in PRIVILEGED_OFFICES and _approvers(by_user=by_user, person=person, area=area).exists():
            raise ValidationError(
                {
                    "office": _(
                        "%(office)s memberi akses ke seluruh kabupaten dan perlu persetujuan administrator "
                        "kabupaten kedua: catat lewat halaman orang itu (Tambah jabatan)."
                    )
                    % {"office": _office_label(office)}
                }
            )
    position = _position_record(
        person=person,
        organisation=organisation,
        office=office,
        area=area,
        start_date=start_date,
        end_date=end_date,
        acting=acting,
        by_user=by_user,
    )
    if by_user is not None and office in PRIVILEGED_OFFICES:
        # Only one administrator exists (the bootstrap case): nobody could approve, but all are told.
        admin_notice_send(
            text=_("Jabatan istimewa diberikan: %(user)s memberikan %(office)s kepada %(person)s.")
            % {"user": _user_label(by_user), "office": _office_label(office), "person": person},
            link=_site_link(person.get_absolute_url()),
            key=f"stakeholders|position|{position.pk}|granted",
            area_codes=(area.code,),
            exclude_user_ids={by_user.pk},
            exclude_person_ids={person.pk},
        )
    return position


def _user_label(user) -> str:
    person = Person.objects.filter(user=user).first()
    return str(person) if person else user.get_username()


@transaction.atomic
def position_grant(
    *,
    person: Person,
    organisation: Organisation,
    office: str,
    area,
    start_date: date,
    end_date: date | None = None,
    acting: str = "",
    by_user,
) -> GrantResult:
    """Give a person an office on behalf of ``by_user``, under the grant rules.

    A privileged office (its role covers the whole kabupaten) is not recorded at once when another
    kabupaten administrator exists: a pending ``PositionRequest`` is filed and the other
    administrators are told; the position exists once one of them approves
    (``position_request_approve``). With no other administrator (a fresh installation), the
    position is recorded at once. Every privileged grant tells the other administrators.
    """
    _grant_check(by_user=by_user, person=person, office=office, area=area)
    if office in PRIVILEGED_OFFICES and _approvers(by_user=by_user, person=person, area=area).exists():
        _position_check(
            organisation=organisation,
            office=office,
            area=area,
            start_date=start_date,
            end_date=end_date,
            acting=acting,
        )
        if PositionRequest.objects.filter(
            person=person, office=office, area=area, status=GrantStatus.PENDING
        ).exists():
            raise ValidationError({"office": _("Permohonan jabatan ini sudah menunggu persetujuan.")})
        request = PositionRequest(
            person=person,
            organisation=organisation,
            office=office,
            area=area,
            start_date=start_date,
            end_date=end_date,
            acting=acting,
            requested_by=by_user,
        )
        request.full_clean(validate_constraints=False)
        _record(request, by_user)
        request.save()
        notified = admin_notice_send(
            text=_(
                "Permohonan jabatan istimewa: %(user)s memberikan %(office)s kepada %(person)s. "
                "Perlu persetujuan administrator kabupaten kedua."
            )
            % {"user": _user_label(by_user), "office": _office_label(office), "person": person},
            link=_site_link(reverse("stakeholders:positionrequest_list")),
            key=f"stakeholders|request|{request.pk}|filed",
            area_codes=(area.code,),
            exclude_user_ids={by_user.pk},
            exclude_person_ids={person.pk},
        )
        return GrantResult(request=request, notified=notified)
    if office in PRIVILEGED_OFFICES:
        position = _position_record(
            person=person,
            organisation=organisation,
            office=office,
            area=area,
            start_date=start_date,
            end_date=end_date,
            acting=acting,
            by_user=by_user,
        )
        notified = admin_notice_send(
            text=_("Jabatan istimewa diberikan: %(user)s memberikan %(office)s kepada %(person)s.")
            % {"user": _user_label(by_user), "office": _office_label(office), "person": person},
            link=_site_link(person.get_absolute_url()),
            key=f"stakeholders|position|{position.pk}|granted",
            area_codes=(area.code,),
            exclude_user_ids={by_user.pk},
            exclude_person_ids={person.pk},
        )
        return GrantResult(position=position, notified=notified)
    position = position_assign(
        person=person,
        organisation=organisation,
        office=office,
        area=area,
        start_date=start_date,
        end_date=end_date,
        acting=acting,
        by_user=by_user,
    )
    return GrantResult(position=position)


def _decider_check(*, request: PositionRequest, by_user) -> None:
    if not position_request_decidable(by_user, area_code=request.area.code):
        raise ValidationError(_("Hanya administrator kabupaten yang boleh memutuskan permohonan jabatan."))
    if request.status != GrantStatus.PENDING:
        raise ValidationError(_("Permohonan ini sudah diputuskan."))


@transaction.atomic
def position_request_approve(*, request: PositionRequest, by_user) -> GrantResult:
    """A second kabupaten administrator approves a pending privileged grant: the position is recorded
    (checked again, now under the approver's name) and the other administrators are told. With several
    kabupaten served, the second administrator is the office's own kabupaten's Kesbangpol or the
    installation's.
    """
    request = (
        PositionRequest.objects.select_for_update()
        .select_related("person", "organisation", "area")
        .get(pk=request.pk)
    )
    _decider_check(request=request, by_user=by_user)
    if request.requested_by_id == by_user.pk:
        raise ValidationError(
            _("Permohonan harus disetujui administrator kabupaten lain, bukan oleh yang mengajukannya.")
        )
    refusal = position_request_approval_refusal(user=by_user, request=request)
    if refusal:
        raise ValidationError(refusal)
    position = _position_record(
        person=request.person,
        organisation=request.organisation,
        office=request.office,
        area=request.area,
        start_date=request.start_date,
        end_date=request.end_date,
        acting=request.acting,
        by_user=by_user,
    )
    request.status = GrantStatus.APPROVED
    request.decided_by = by_user
    request.decided_at = timezone.now()
    request.position = position
    request.full_clean()
    _record(request, by_user)
    request.save()
    notified = admin_notice_send(
        text=_("%(user)s menyetujui %(office)s untuk %(person)s (diajukan %(requester)s).")
        % {
            "user": _user_label(by_user),
            "office": _office_label(request.office),
            "person": request.person,
            "requester": _user_label(request.requested_by),
        },
        link=_site_link(request.person.get_absolute_url()),
        key=f"stakeholders|request|{request.pk}|approved",
        area_codes=(request.area.code,),
        exclude_user_ids={by_user.pk},
        exclude_person_ids={request.person_id},
    )
    return GrantResult(position=position, request=request, notified=notified)


@transaction.atomic
def position_request_reject(*, request: PositionRequest, by_user, reason: str = "") -> PositionRequest:
    """A kabupaten administrator refuses a pending privileged grant (the one who filed it withdraws it);
    with several kabupaten served, the office's own kabupaten's Kesbangpol or the installation's."""
    request = PositionRequest.objects.select_for_update().select_related("area").get(pk=request.pk)
    _decider_check(request=request, by_user=by_user)
    request.status = GrantStatus.REJECTED
    request.decided_by = by_user
    request.decided_at = timezone.now()
    request.reason = reason.strip()
    request.full_clean()
    _record(request, by_user)
    request.save()
    admin_notice_send(
        text=_("%(user)s menolak %(office)s untuk %(person)s.")
        % {"user": _user_label(by_user), "office": _office_label(request.office), "person": request.person},
        link=_site_link(reverse("stakeholders:positionrequest_list")),
        key=f"stakeholders|request|{request.pk}|rejected",
        area_codes=(request.area.code,),
        exclude_user_ids={by_user.pk},
        exclude_person_ids={request.person_id},
    )
    return request


@transaction.atomic
def position_hand_over(*, office: str, area, start_date: date, by_user=None) -> Position | None:
    """A change of holder (mutasi): end the definitive holder of a single-holder office on the day
    before ``start_date``, so that the new holder can be assigned from that date. Returns the ended
    position, or None when there is none to end (or it started on or after that date: then the
    new assignment is refused as it would be without a hand-over).
    """
    if office not in SINGLE_HOLDER_OFFICES:
        return None
    current = (
        Position.objects.select_for_update()
        .filter(office=office, area=area, acting="", start_date__lt=start_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .select_related("person", "area")
        .order_by("-start_date")
        .first()
    )
    if current is None:
        return None
    return position_end(position=current, end_date=start_date - timedelta(days=1), by_user=by_user)


@transaction.atomic
def position_end(*, position: Position, end_date: date, by_user=None) -> Position:
    """End a position on a date; the record stays as history. With ``by_user``, only an office the user
    could grant may be ended (their own included); ending a privileged office tells the other
    kabupaten administrators.
    """
    if by_user is not None:
        errors = position_grant_refusal(
            user=by_user, person=position.person, office=position.office, area=position.area, own_allowed=True
        )
        if errors:
            raise ValidationError(errors)
    if end_date < position.start_date:
        raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    position.end_date = end_date
    _record(position, by_user)
    position.save(update_fields=["end_date", "updated_at"])
    if by_user is not None and position.office in PRIVILEGED_OFFICES:
        admin_notice_send(
            text=_("Jabatan istimewa diakhiri: %(user)s mengakhiri %(office)s %(person)s per %(date)s.")
            % {
                "user": _user_label(by_user),
                "office": _office_label(position.office),
                "person": position.person,
                "date": end_date.strftime("%d/%m/%Y"),
            },
            link=_site_link(position.person.get_absolute_url()),
            key=f"stakeholders|position|{position.pk}|ended|{end_date.isoformat()}",
            area_codes=(position.area.code,),
            exclude_user_ids={by_user.pk},
            exclude_person_ids=set(),
        )
    return position


def _nonactive_check(period: NonActivePeriod, by_user) -> None:
    """Refuse a period outside its position's term, overlapping another of the same position, or on an
    office the user could not grant (a Bupati's cuti: a kabupaten administrator only)."""
    position = period.position
    errors: dict[str, list[str]] = {}
    if by_user is not None:
        refusal = position_grant_refusal(
            user=by_user, person=position.person, office=position.office, area=position.area
        )
        for field_name, message in refusal.items():
            errors.setdefault(field_name, []).append(message)
    if period.start_date < position.start_date or (
        position.end_date is not None and period.start_date > position.end_date
    ):
        errors.setdefault("start_date", []).append(_("Tanggal mulai harus di dalam masa jabatan."))
    if period.end_date is not None and period.end_date < period.start_date:
        errors.setdefault("end_date", []).append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    others = NonActivePeriod.objects.filter(position=position).exclude(pk=period.pk)
    if period.end_date is not None:
        others = others.filter(start_date__lte=period.end_date)
    overlapping = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start_date)).first()
    if overlapping is not None:
        errors.setdefault("start_date", []).append(
            _("Bertumpang tindih dengan masa nonaktif lain: %(period)s.") % {"period": overlapping}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def position_nonactive_add(
    *,
    position: Position,
    kind: str,
    start_date: date,
    reason: str,
    end_date: date | None = None,
    by_user=None,
) -> NonActivePeriod:
    """Record that the holder of ``position`` is non-active from ``start_date`` (to ``end_date``): on
    campaign leave, on leave or suspended. During it the position gives no access, fills no forum seat
    and receives no alert; record the acting holder (Pjs, Plt, Plh) with position_assign. Audited in the
    period's history."""
    position = Position.objects.select_for_update().select_related("person", "area").get(pk=position.pk)
    period = NonActivePeriod(
        position=position,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        reason=(reason or "").strip(),
        created_by=by_user,
    )
    _nonactive_check(period, by_user)
    period.full_clean()
    _record(period, by_user)
    period.save()
    return period


@transaction.atomic
def position_nonactive_end(*, period: NonActivePeriod, end_date: date, by_user=None) -> NonActivePeriod:
    """Set or move the last day of a non-active period (the holder is back the day after)."""
    Position.objects.select_for_update().filter(pk=period.position_id).first()
    period = NonActivePeriod.objects.select_related("position__person", "position__area").get(pk=period.pk)
    period.end_date = end_date
    _nonactive_check(period, by_user)
    period.full_clean()
    _record(period, by_user)
    period.save(update_fields=["end_date"])
    return period


@transaction.atomic
def access_groups_sync(*, using: str = "default") -> dict[str, Group]:
    """One Django group per access role holding exactly the permissions of ACCESS_PERMISSIONS.

    Permissions named in the table that do not exist (an app not migrated yet)
    are skipped; the next sync adds them. Safe to run any number of times.
    """
    wanted = {
        (app_label, codename)
        for permissions in ACCESS_PERMISSIONS.values()
        for app_label, codename in (perm.split(".", 1) for perm in permissions)
    }
    known = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using)
        .select_related("content_type")
        .filter(codename__in={codename for _, codename in wanted})
    }
    groups: dict[str, Group] = {}
    for role in AccessRole:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        permissions = [
            known[key]
            for key in (tuple(perm.split(".", 1)) for perm in ACCESS_PERMISSIONS.get(role.value, []))
            if key in known
        ]
        group.permissions.set(permissions)
        groups[role.value] = group
    return groups


def _within(area, container) -> bool:
    return area.code == container.code or area.code.startswith(container.code + ".")


@transaction.atomic
def organisation_update(*, organisation: Organisation, by_user=None, **fields) -> Organisation:
    """Change an organisation's name, short name, type, parent, area or active flag."""
    allowed = {"name", "short_name", "org_type", "parent", "area", "is_active"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    parent = organisation.parent
    if parent is not None:
        if parent.pk == organisation.pk:
            raise ValidationError({"parent": _("Organisasi tidak boleh menjadi induk dirinya sendiri.")})
        if not _within(organisation.area, parent.area):
            raise ValidationError({"area": _("Wilayah organisasi harus berada di dalam wilayah induknya.")})
    organisation.full_clean()
    _record(organisation, by_user)
    organisation.save()
    return organisation


@transaction.atomic
def person_update(
    *,
    person: Person,
    full_name: str,
    honorific: str = "",
    notes: str = "",
    degrees: str | None = None,
    by_user=None,
) -> Person:
    """Change a person's name, rank/title, back degrees (kept when not given) or notes."""
    person.full_name = full_name.strip()
    person.honorific, person.degrees = _titles(honorific, person.degrees if degrees is None else degrees)
    person.notes = notes
    person.full_clean()
    _record(person, by_user)
    person.save()
    return person


@transaction.atomic
def person_user_link(*, person: Person, user, by_user=None) -> Person:
    """Give a person a user account (or take it away with ``None``); the account's access then follows
    the positions the person holds. An account belongs to one person at most."""
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError({"user": _("Akun pengguna ini sudah dimiliki orang lain.")})
    person.user = user
    person.full_clean()
    _record(person, by_user)
    person.save(update_fields=["user", "updated_at"])
    return person


@transaction.atomic
def contact_point_update(
    *,
    contact: ContactPoint,
    kind: str,
    value: str,
    verified: bool,
    notifiable: bool,
    preference: int,
    by_user=None,
) -> ContactPoint:
    """Change a contact point; the value is normalised again and must stay unique for the person."""
    normalised = contact_value_normalise(kind=kind, value=value)
    duplicate = ContactPoint.objects.filter(person=contact.person, kind=kind, value=normalised).exclude(
        pk=contact.pk
    )
    if duplicate.exists():
        raise ValidationError({"value": _("Kontak ini sudah tercatat untuk orang ini.")})
    contact.kind, contact.value = kind, normalised
    contact.verified, contact.notifiable, contact.preference = verified, notifiable, preference
    contact.full_clean()
    _record(contact, by_user)
    contact.save()
    return contact


@transaction.atomic
def contact_point_confirm(*, person: Person, kind: str, value: str, by_user=None) -> ContactPoint:
    """The person proved they hold this contact (e.g. sent the app's one-time code from it): the contact
    point is added, or the existing one marked verified."""
    normalised = contact_value_normalise(kind=kind, value=value)
    contact = ContactPoint.objects.filter(person=person, kind=kind, value=normalised).first()
    if contact is None:
        return contact_point_add(person=person, kind=kind, value=normalised, verified=True, by_user=by_user)
    if not contact.verified:
        contact.verified = True
        contact.full_clean()
        _record(contact, by_user)
        contact.save(update_fields=["verified"])
    return contact


@transaction.atomic
def contact_point_remove(*, contact: ContactPoint, by_user=None) -> None:
    """Delete a contact point (its history keeps the old value)."""
    _record(contact, by_user)
    contact.delete()


# Seats a new forum gets when none are given (DOMAIN.md §2.3, §2.6).
FORUM_DEFAULT_SEATS: dict[str, list[str]] = {
    ForumKind.TIGA_PILAR_DESA: [Office.KEPALA_DESA, Office.BHABINKAMTIBMAS, Office.BABINSA],
    ForumKind.FORKOPIMCAM: [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL],
    ForumKind.FORKOPIMDA: [Office.BUPATI, Office.KETUA_DPRD, Office.KAPOLRES, Office.DANDIM, Office.KAJARI],
    ForumKind.TIM_TERPADU: [
        Office.BUPATI,
        Office.KAPOLRES,
        Office.DANDIM,
        Office.KAJARI,
        Office.SEKDA,
        Office.KABAN_KESBANGPOL,
    ],
    ForumKind.FKDM: [Office.KETUA_FORUM, Office.SEKRETARIS_FORUM],
}


def forum_default_seats(*, kind: str, area) -> list[str]:
    """The offices of a forum kind; a kelurahan's Tiga Pilar has the lurah instead of a kepala desa."""
    offices = list(FORUM_DEFAULT_SEATS.get(kind, []))
    if kind == ForumKind.TIGA_PILAR_DESA and getattr(area, "village_type", "") == "kelurahan":
        offices[0] = Office.LURAH
    return offices


@transaction.atomic
def forum_create(
    *, kind: str, area, name: str, legal_basis: str = "", seats: list[str] | None = None, by_user=None
) -> Forum:
    """Create a forum for an area with its seats (the kind's default seats unless given)."""
    if Forum.objects.filter(kind=kind, area=area).exists():
        raise ValidationError({"kind": _("Wilayah ini sudah punya forum jenis ini.")})
    forum = Forum(kind=kind, area=area, name=name.strip(), legal_basis=legal_basis.strip())
    forum.full_clean()
    _record(forum, by_user)
    forum.save()
    offices = seats if seats is not None else forum_default_seats(kind=kind, area=area)
    for order, office in enumerate(offices, start=1):
        forum_seat_add(forum=forum, office=office, order=order, by_user=by_user)
    return forum


@transaction.atomic
def forum_update(*, forum: Forum, name: str, legal_basis: str = "", by_user=None) -> Forum:
    """Rename a forum or change its legal basis."""
    forum.name, forum.legal_basis = name.strip(), legal_basis.strip()
    forum.full_clean()
    _record(forum, by_user)
    forum.save()
    return forum


@transaction.atomic
def forum_seat_add(
    *,
    forum: Forum,
    office: str,
    label: str = "",
    order: int | None = None,
    required: bool = True,
    by_user=None,
) -> ForumSeat:
    """Add a seat for an office to a forum; an office sits once per forum."""
    if forum.seats.filter(office=office).exists():
        raise ValidationError({"office": _("Jabatan ini sudah punya kursi di forum ini.")})
    if order is None:
        order = forum.seats.count() + 1
    seat = ForumSeat(forum=forum, office=office, label=label.strip(), order=order, required=required)
    seat.full_clean()
    _record(seat, by_user)
    seat.save()
    return seat


@transaction.atomic
def forum_seat_remove(*, seat: ForumSeat, by_user=None) -> None:
    """Remove a seat from a forum."""
    _record(seat, by_user)
    seat.delete()


@transaction.atomic
def duty_roster_create(
    *, person: Person, office: str, area, starts_at, ends_at, note: str = "", by_user=None
) -> DutyRoster:
    """Put a person on duty (piket) for an office's duties in an area for a time window."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Waktu selesai harus setelah waktu mulai.")})
    shift = DutyRoster(
        person=person, office=office, area=area, starts_at=starts_at, ends_at=ends_at, note=note.strip()
    )
    shift.full_clean()
    _record(shift, by_user)
    shift.save()
    return shift


@transaction.atomic
def duty_roster_remove(*, shift: DutyRoster, by_user=None) -> None:
    """Delete a duty shift (its history keeps it)."""
    _record(shift, by_user)
    shift.delete()


@transaction.atomic
def person_with_position_create(
    *,
    full_name: str,
    honorific: str = "",
    degrees: str = "",
    notes: str = "",
    organisation: Organisation | None = None,
    office: str = "",
    area=None,
    start_date: date | None = None,
    acting: str = "",
    phone: str = "",
    by_user=None,
) -> tuple[Person, GrantResult | None]:
    """Create a person, optionally with the office they hold (under the grant rules, see
    ``position_grant``) and a phone number; all or nothing.
    """
    person = person_create(
        full_name=full_name, honorific=honorific, degrees=degrees, notes=notes, by_user=by_user
    )
    grant = None
    if organisation is not None and office and area is not None and start_date is not None:
        position_args = {
            "person": person,
            "organisation": organisation,
            "office": office,
            "area": area,
            "start_date": start_date,
            "acting": acting,
            "by_user": by_user,
        }
        grant = position_grant(**position_args) if by_user is not None else None
        if by_user is None:
            position_assign(**position_args)
    if phone:
        try:
            contact_point_add(person=person, kind=ContactKind.PHONE, value=phone, by_user=by_user)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    return person, grant
