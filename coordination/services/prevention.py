"""Every write to preventive activities (kegiatan pencegahan): log, edit, add photos.

Each service is atomic, validates before saving and names the acting user on the history row, so the
activity's page shows who changed what and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.idempotency import client_id_lock
from regions.choices import AdminLevel
from regions.selectors import adminunit_containing_point
from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile

from ..choices import PreventionKind
from ..models import PreventionParticipantChange, PreventionPhoto, PreventiveActivity
from ..selectors import action_area_allowed
from .actions import history_user_set
from .uploads import upload_check

if TYPE_CHECKING:
    from regions.models import AdminUnit
    from stakeholders.models import Organisation, Person

# Fields a user edits on the activity's form (photos have their own service).
PREVENTION_EDITABLE_FIELDS = (
    "kind",
    "held_at",
    "area",
    "place",
    "lat",
    "lng",
    "organisation",
    "participant_count",
    "notes",
)
# An activity is logged when (or after) it happens; a few minutes ahead allow for a phone's clock.
FUTURE_SLACK = timedelta(minutes=15)
# Photos one activity may hold.
PHOTOS_MAX = 10


def prevention_organisation_default(user) -> int | None:
    """The organisation an activity of this user is logged for by default: that of their security or
    kecamatan office (the only one), else none."""
    orgs = access_profile(user).organisation_ids_for(
        AccessRole.SECURITY_LIAISON, AccessRole.KECAMATAN_OPERATOR, AccessRole.KABUPATEN_ADMIN
    )
    return orgs[0] if len(orgs) == 1 else None


def _validate(activity: PreventiveActivity, *, by_user, area_changed: bool, people: list | None) -> None:
    errors: dict[str, list[str]] = {}
    if area_changed and by_user is not None and not action_area_allowed(by_user, activity.area):
        errors["area"] = [_("Wilayah ini di luar cakupan Anda.")]
    if activity.area.level not in (AdminLevel.KECAMATAN, AdminLevel.DESA):
        errors.setdefault("area", []).append(_("Pilih kecamatan atau desa/kelurahan tempat kegiatan."))
    if isinstance(activity.held_at, datetime) and activity.held_at > timezone.now() + FUTURE_SLACK:
        errors["held_at"] = [_("Waktu kegiatan belum tiba; catat kegiatan yang sudah berlangsung.")]
    if (activity.lat is None) != (activity.lng is None):
        errors["lat"] = [_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")]
    elif activity.lat is not None and activity.lng is not None:
        inside = -90 <= activity.lat <= 90 and -180 <= activity.lng <= 180
        if (
            not inside
            or adminunit_containing_point(lat=activity.lat, lng=activity.lng, level=AdminLevel.KECAMATAN)
            is None
        ):
            errors["lat"] = [_("Titik GPS berada di luar wilayah kabupaten yang dilayani.")]
    if people is not None and activity.participant_count < len(people):
        errors["participant_count"] = [
            _("Jumlah peserta tidak boleh kurang dari orang yang dipilih dari registri (%(n)s).")
            % {"n": len(people)}
        ]
    if errors:
        raise ValidationError(errors)


def _photos_add(activity: PreventiveActivity, photos: Iterable, by_user) -> list[PreventionPhoto]:
    photos = [photo for photo in photos if photo]
    if not photos:
        return []
    if activity.photos.count() + len(photos) > PHOTOS_MAX:
        raise ValidationError({"photos": [_("Paling banyak %(n)s foto per kegiatan.") % {"n": PHOTOS_MAX}]})
    added = []
    for uploaded_file in photos:
        checked = upload_check(uploaded_file, field="photos", photo_only=True)
        photo = PreventionPhoto(
            activity=activity,
            original_name=checked.original_name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            added_by=by_user,
        )
        photo.file.save(f"foto.{checked.extension}", uploaded_file, save=False)
        photo.full_clean()
        history_user_set(photo, by_user)
        photo.save()
        added.append(photo)
    return added


def _participants_record(activity: PreventiveActivity, before: set[int], after: set[int], by_user) -> None:
    """Write who was added to and removed from the participants (one row each, one moment)."""
    now = timezone.now()
    PreventionParticipantChange.objects.bulk_create(
        [
            PreventionParticipantChange(
                activity=activity, person_id=person_id, added=added, changed_by=by_user, changed_at=now
            )
            for added, ids in ((False, before - after), (True, after - before))
            for person_id in sorted(ids)
        ]
    )


@transaction.atomic
def prevention_create(
    *,
    kind: str,
    held_at: datetime,
    area: AdminUnit,
    by_user,
    place: str = "",
    lat: float | None = None,
    lng: float | None = None,
    organisation: Organisation | None = None,
    participant_count: int | None = None,
    participants: Iterable[Person] = (),
    notes: str = "",
    photos: Iterable = (),
    client_id: UUID | None = None,
) -> PreventiveActivity:
    """Log a preventive activity in a kecamatan or desa the user covers, with its photos (checked by
    content and size; all saved or none). Without a count, the people named are the participants;
    without an organisation, the user's own (when they hold one office)."""
    if kind not in PreventionKind.values:
        raise ValidationError({"kind": [_("Jenis kegiatan tidak dikenal.")]})
    people = list(participants)
    org_id = prevention_organisation_default(by_user) if organisation is None else organisation.pk
    activity = PreventiveActivity(
        kind=kind,
        held_at=held_at,
        area=area,
        area_code=area.code,
        place=(place or "").strip(),
        lat=lat,
        lng=lng,
        organisation_id=org_id,
        participant_count=len(people) if participant_count is None else participant_count,
        notes=(notes or "").strip(),
        client_id=client_id,
        created_by=by_user,
    )
    _validate(activity, by_user=by_user, area_changed=True, people=people)
    activity.full_clean()
    history_user_set(activity, by_user)
    activity.save()
    if people:
        activity.participants.add(*people)
        _participants_record(activity, set(), {person.pk for person in people}, by_user)
    _photos_add(activity, photos, by_user)
    return activity


# The advisory lock namespace of activities' client ids (incidents use 15_001).
CLIENT_ID_LOCK = 15_002


@transaction.atomic
def prevention_submit(*, by_user, client_id: UUID | None = None, **fields) -> tuple[PreventiveActivity, bool]:
    """Log an activity from the phone form, queued offline or not; (activity, created).

    ``client_id`` is the id the phone gave the activity when it was written: a send whose id is already
    recorded returns that activity and writes nothing, even when two sends race (an advisory lock per
    id, then the unique column), so a queued activity sent again after a lost answer is recorded once.
    """
    if client_id is not None:
        client_id_lock(CLIENT_ID_LOCK, client_id)
        existing = PreventiveActivity.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.created_by_id != by_user.pk:
                raise ValidationError(
                    {"client_id": [_("Id kegiatan ini sudah dipakai kegiatan lain; muat ulang formulir.")]},
                    code="client_id_taken",
                )
            return existing, False
    return prevention_create(by_user=by_user, client_id=client_id, **fields), True


@transaction.atomic
def prevention_update(
    *, activity: PreventiveActivity, by_user, participants: Iterable[Person] | None = None, **changes
) -> PreventiveActivity:
    """Edit the recorded facts of an activity (``PREVENTION_EDITABLE_FIELDS``) and, when given, the
    people named from the registry (who was added and removed is recorded for the history)."""
    unknown = set(changes) - set(PREVENTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    activity = PreventiveActivity.objects.select_for_update().get(pk=activity.pk)
    area_changed = "area" in changes and changes["area"].pk != activity.area_id
    people = list(participants) if participants is not None else list(activity.participants.all())
    for name, value in changes.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    if "participant_count" in changes and changes["participant_count"] is None:
        activity.participant_count = len(people)
    activity.area_code = activity.area.code
    _validate(activity, by_user=by_user, area_changed=area_changed, people=people)
    activity.full_clean()
    history_user_set(activity, by_user)
    activity.save()
    if participants is not None:
        before = set(activity.participants.values_list("pk", flat=True))
        activity.participants.set(people)
        _participants_record(activity, before, {person.pk for person in people}, by_user)
    return activity


@transaction.atomic
def prevention_photos_add(
    *, activity: PreventiveActivity, photos: Iterable, by_user
) -> list[PreventionPhoto]:
    """Add photos to an activity (each checked by content and size; all saved or none)."""
    activity = PreventiveActivity.objects.select_for_update().get(pk=activity.pk)
    added = _photos_add(activity, photos, by_user)
    if not added:
        raise ValidationError({"photos": [_("Pilih foto.")]})
    return added
