"""Reads of the Bimtek, and the scoping of every query to what a user may see."""

from __future__ import annotations

import operator
from collections import defaultdict
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from core.conf import kabupaten_codes
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, code_within
from stakeholders.access import KABUPATEN_WIDE_ROLES
from stakeholders.choices import AccessRole, OrgType
from stakeholders.selectors import (
    access_profile,
    area_scope_q,
    organisation_list,
    people_of_organisations,
    person_list,
    person_visible_to,
    position_current_list,
)

from .choices import (
    ACTIVE_STATUSES,
    ELECTION_BODY_ORG_TYPES,
    PRESENT_STATUSES,
    STAFF_ROLES,
    TIGA_PILAR_OFFICES,
    RegistrationRole,
    TestKind,
)
from .models import (
    Attendance,
    Certificate,
    CertificateJob,
    EvaluationResponse,
    Material,
    Programme,
    Registration,
    RegistrationImport,
    Session,
    TestAttempt,
    code_is_wellformed,
    code_normalise,
)

if TYPE_CHECKING:
    from stakeholders.models import Person


def _programme_organised_in(user, *roles: str) -> Q:
    """Q for programmes whose organiser works in one of the user's areas of positions giving ``roles``
    (with everything beneath): a Bimtek belongs to its organiser's area, as the API's area limit reads it."""
    return area_scope_q(user, field="organiser__area__code", roles=roles)


def programme_managed_by(user) -> QuerySet[Programme]:
    """Programmes the user may manage: all for the installation's administrators (one kabupaten served, a
    superuser, an office covering every served kabupaten); with several kabupaten served, a kabupaten's
    Kesbangpol those organised in its kabupaten; a trainer those they created or staff."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return Programme.objects.all()
    scopes: list[Q] = []
    if profile.has_role(AccessRole.KABUPATEN_ADMIN):
        scopes.append(_programme_organised_in(user, AccessRole.KABUPATEN_ADMIN))
    if profile.has_role(AccessRole.TRAINER) and profile.person_id is not None:
        staffed = Registration.objects.filter(
            person_id=profile.person_id, role__in=sorted(STAFF_ROLES), status__in=ACTIVE_STATUSES
        ).values("programme_id")
        scopes.append(Q(id__in=staffed) | Q(created_by=user))
    if not scopes:
        return Programme.objects.none()
    return Programme.objects.filter(reduce(operator.or_, scopes))


def programme_organiser_refusal(*, user, organiser) -> str | None:
    """Why the user may not make ``organiser`` a programme's organiser (None: they may). With several
    kabupaten served, a kabupaten's Kesbangpol organises in its own kabupaten only: a Bimtek of an
    organiser elsewhere is that kabupaten's (or the province's) to run."""
    profile = access_profile(user)
    if profile.kabupaten_wide or not profile.has_role(AccessRole.KABUPATEN_ADMIN):
        return None
    if profile.covers(organiser.area.code, AccessRole.KABUPATEN_ADMIN):
        return None
    return gettext("Penyelenggara di luar kabupaten Anda.")


def person_registrable_by(user, programme: Programme) -> QuerySet[Person]:
    """People the user may register in a programme, and so send its invitations to.

    Kabupaten administrators: everyone they see (with several kabupaten served, the people of their own
    kabupaten). Others (trainers): among the people they see, those holding a position today in an
    organisation of one of the programme's target types, or in its organiser or a partner; and their own
    person. A new person typed in by name is registered without this check.
    """
    people = person_visible_to(user)
    profile = access_profile(user)
    if profile.kabupaten_wide or profile.has_role(AccessRole.KABUPATEN_ADMIN):
        return people
    organisations = (programme.organiser_id, *programme.partners.values_list("id", flat=True))
    in_scope = people_of_organisations(
        organisation_ids=organisations, org_types=tuple(programme.target_org_types)
    ).values("id")
    own = Q(id=profile.person_id) if profile.person_id else Q(pk__in=[])
    return person_list().filter(Q(id__in=in_scope) & Q(id__in=people.values("id")) | own)


def programme_visible_to(user) -> QuerySet[Programme]:
    """Programmes the user may open: those they manage, those organised in the kabupaten its leaders and
    administrators see (every kabupaten below a provincial office), and those they take part in."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return Programme.objects.all()
    scope = Q(id__in=programme_managed_by(user).values("id"))
    if profile.has_role(*KABUPATEN_WIDE_ROLES):
        scope |= _programme_organised_in(user, *sorted(KABUPATEN_WIDE_ROLES))
    if profile.person_id is not None:
        scope |= Q(id__in=Registration.objects.filter(person_id=profile.person_id).values("programme_id"))
    return Programme.objects.filter(scope)


def programme_list(*, user) -> QuerySet[Programme]:
    """The programme list with organiser and counts, in one query."""
    return (
        programme_visible_to(user)
        .select_related("organiser")
        .annotate(
            participant_count=Count(
                "registrations",
                filter=Q(
                    registrations__role=RegistrationRole.PESERTA,
                    registrations__status__in=ACTIVE_STATUSES,
                ),
            )
        )
        .order_by("-start_date", "id")
    )


def registration_list(*, programme: Programme) -> QuerySet[Registration]:
    """Participants of a programme with person, organisation, batch and certificate, fixed queries."""
    return (
        Registration.objects.filter(programme=programme)
        .select_related("person", "organisation", "batch", "certificate")
        .annotate(
            present_count=Count("attendances", filter=Q(attendances__status__in=PRESENT_STATUSES)),
        )
        .order_by("role", "person__full_name", "id")
    )


def registration_own(*, user) -> QuerySet[Registration]:
    """The user's own registrations (their tickets), with programme and certificate."""
    profile = access_profile(user)
    if profile.person_id is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person_id=profile.person_id)
        .select_related("programme", "person", "certificate")
        .order_by("-programme__start_date")
    )


def ticket_visible_to(user) -> QuerySet[Registration]:
    """Tickets the user may see: their own, and all of the programmes they manage."""
    profile = access_profile(user)
    managed = programme_managed_by(user).values("id")
    q = Q(programme_id__in=managed)
    if profile.person_id is not None:
        q |= Q(person_id=profile.person_id)
    return Registration.objects.filter(q).select_related("programme", "person", "organisation")


def programme_staff_people(*, programme: Programme):
    """People registered as staff of the programme: the choices for a session's trainers and speakers."""
    staff = Registration.objects.filter(
        programme=programme, role__in=sorted(STAFF_ROLES), status__in=ACTIVE_STATUSES
    ).values("person_id")
    return person_list(ids=staff)


def session_agenda(*, programme: Programme) -> QuerySet[Session]:
    """A programme's sessions in order, with trainers, speakers and guest speakers prefetched."""
    return programme.sessions.prefetch_related("trainers", "speakers", "guest_speakers").order_by(
        "date", "start_time"
    )


def material_visible_to(user) -> QuerySet[Material]:
    """Materials of programmes the user manages or takes part in (not withdrawn or rejected)."""
    profile = access_profile(user)
    managed = programme_managed_by(user).values("id")
    q = Q(programme_id__in=managed)
    if profile.person_id is not None:
        q |= Q(
            programme_id__in=Registration.objects.filter(
                person_id=profile.person_id, status__in=ACTIVE_STATUSES
            ).values("programme_id")
        )
    return Material.objects.filter(q).select_related("programme", "session")


def certificate_visible_to(user) -> QuerySet[Certificate]:
    """Certificates the user may download: their own, and those of programmes they manage."""
    profile = access_profile(user)
    q = Q(registration__programme_id__in=programme_managed_by(user).values("id"))
    if profile.person_id is not None:
        q |= Q(registration__person_id=profile.person_id)
    return Certificate.objects.filter(q).select_related("registration__person", "registration__programme")


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this verification code, for the public verification page."""
    code = code_normalise(code)
    if not code_is_wellformed(code):
        return None
    return (
        Certificate.objects.filter(code=code)
        .select_related("registration__person", "registration__programme")
        .first()
    )


def registration_import_list(*, programme: Programme) -> QuerySet[RegistrationImport]:
    """The programme's participant imports, newest first (the views have checked the programme)."""
    return programme.registration_imports.select_related("created_by").order_by("-created_at")


def certificate_job_latest(*, programme: Programme) -> CertificateJob | None:
    return programme.certificate_jobs.order_by("-created_at").first()


def attendance_sheet(*, programme: Programme, session: Session) -> QuerySet[Registration]:
    """Active participants with their mark for the session in ``session_marks`` (0 or 1); two queries."""
    return (
        Registration.objects.filter(programme=programme, status__in=ACTIVE_STATUSES)
        .select_related("person", "organisation")
        .prefetch_related(
            Prefetch(
                "attendances", queryset=Attendance.objects.filter(session=session), to_attr="session_marks"
            )
        )
        .order_by("person__full_name", "id")
    )


def attendance_by_session(*, programme: Programme) -> list[dict]:
    """Per session: counts of each attendance status. Two queries whatever the size."""
    sessions = list(programme.sessions.order_by("date", "start_time"))
    counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Attendance.objects.filter(session__programme=programme)
        .values("session_id", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["session_id"]][row["status"]] = row["n"]
    return [
        {"session": s, **{k: counts[s.id].get(k, 0) for k in ("hadir", "terlambat", "izin", "absen")}}
        for s in sessions
    ]


def attendance_by_org_type(*, programme: Programme) -> list[dict]:
    """Per organisation type: participants and present marks. One query."""
    labels = dict(OrgType.choices)
    rows = (
        Registration.objects.filter(
            programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
        )
        .values("organisation__org_type")
        .annotate(
            participants=Count("id", distinct=True),
            present=Count("attendances", filter=Q(attendances__status__in=PRESENT_STATUSES)),
        )
        .order_by("organisation__org_type")
    )
    return [
        {
            "org_type": row["organisation__org_type"] or "",
            "label": labels.get(row["organisation__org_type"], "-"),
            "participants": row["participants"],
            "present": row["present"],
        }
        for row in rows
    ]


def learning_gain_by_participant(*, programme: Programme) -> list[dict]:
    """Pre- and post-test score and the gain of each participant who took a test. Two queries."""
    registrations = {
        r.id: r
        for r in Registration.objects.filter(
            programme=programme, role=RegistrationRole.PESERTA
        ).select_related("person", "organisation")
    }
    scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for attempt in TestAttempt.objects.filter(registration__programme=programme).values(
        "registration_id", "kind", "score"
    ):
        scores[attempt["registration_id"]][attempt["kind"]] = attempt["score"]
    rows: list[dict[str, Any]] = []
    for reg_id, by_kind in scores.items():
        registration = registrations.get(reg_id)
        if registration is None:
            continue
        pre, post = by_kind.get(TestKind.PRE), by_kind.get(TestKind.POST)
        rows.append(
            {
                "registration": registration,
                "pre": pre,
                "post": post,
                "gain": (post - pre) if pre is not None and post is not None else None,
            }
        )
    rows.sort(key=lambda r: r["registration"].person.full_name)
    return rows


def learning_gain_by_org_type(*, programme: Programme) -> list[dict]:
    """Average pre, post and gain per organisation type (participants with both tests)."""
    labels = dict(OrgType.choices)
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in learning_gain_by_participant(programme=programme):
        if row["gain"] is not None:
            org = row["registration"].organisation
            groups[org.org_type if org else ""].append(row)
    result = []
    for org_type, rows in sorted(groups.items()):
        n = len(rows)
        result.append(
            {
                "org_type": org_type,
                "label": labels.get(org_type, "-"),
                "participants": n,
                "pre": round(sum(r["pre"] for r in rows) / n, 1),
                "post": round(sum(r["post"] for r in rows) / n, 1),
                "gain": round(sum(r["gain"] for r in rows) / n, 1),
            }
        )
    return result


def evaluation_summary(*, programme: Programme) -> dict:
    """Average Likert scores per session and per trainer, and the free-text comments."""
    # Plain dicts: each row gets its session object added below.
    by_session: list[dict[str, Any]] = [
        dict(row)
        for row in EvaluationResponse.objects.filter(programme=programme)
        .values("session_id")
        .annotate(
            n=Count("id"), relevance=Avg("relevance"), delivery=Avg("delivery"), usefulness=Avg("usefulness")
        )
        .order_by("session_id")
    ]
    sessions = {s.id: s for s in session_agenda(programme=programme)}
    for row in by_session:
        row["session"] = sessions.get(row["session_id"])
    trainers: dict[int, dict] = {}
    for row in by_session:
        session = row["session"]
        if session is None:
            continue
        for person in [*session.trainers.all(), *session.speakers.all()]:
            entry = trainers.setdefault(person.id, {"person": person, "n": 0, "delivery_sum": 0.0})
            entry["n"] += row["n"]
            entry["delivery_sum"] += float(row["delivery"]) * row["n"]
    trainer_rows = [
        {"person": t["person"], "n": t["n"], "delivery": round(t["delivery_sum"] / t["n"], 2)}
        for t in trainers.values()
        if t["n"]
    ]
    trainer_rows.sort(key=lambda t: t["person"].full_name)
    comments = list(
        EvaluationResponse.objects.filter(programme=programme)
        .exclude(comment="")
        .values_list("comment", flat=True)[:200]
    )
    return {"by_session": by_session, "by_trainer": trainer_rows, "comments": comments}


def trained_person_ids_q():
    """Subquery: ids of people who attended at least one session of any programme as peserta."""
    return Attendance.objects.filter(
        status__in=PRESENT_STATUSES, registration__role=RegistrationRole.PESERTA
    ).values("registration__person_id")


def training_coverage_by_area() -> list[dict]:
    """Per kecamatan: how many Tiga Pilar seats and election bodies have had someone trained.

    Three queries whatever the size. Each row: code, name, lat, lng, seats, seats_trained,
    offices {office: [trained, total]}, election_bodies, election_bodies_trained, percent.
    Meant for the situation map and the coverage report.
    """
    kecamatan = list(adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False))
    rows: dict[str, dict[str, Any]] = {
        k.code: {  # values of mixed types, hence dict[str, Any]
            "code": k.code,
            "name": k.name,
            "lat": k.centroid_lat,
            "lng": k.centroid_lng,
            "seats": 0,
            "seats_trained": 0,
            "offices": {},
            "election_bodies": 0,
            "election_bodies_trained": 0,
        }
        for k in kecamatan
    }
    trained = Exists(trained_person_ids_q().filter(registration__person_id=OuterRef("person_id")))
    positions = (
        position_current_list(offices=TIGA_PILAR_OFFICES)
        .annotate(trained=trained)
        .values_list("area__code", "office", "trained")
    )
    for code, office, is_trained in positions:
        row = rows.get(code[:8])
        if row is None:
            continue
        row["seats"] += 1
        row["seats_trained"] += int(is_trained)
        counts = row["offices"].setdefault(office, [0, 0])
        counts[0] += int(is_trained)
        counts[1] += 1
    trained_org = Exists(
        Attendance.objects.filter(
            status__in=PRESENT_STATUSES,
            registration__role=RegistrationRole.PESERTA,
            registration__organisation_id=OuterRef("pk"),
        )
    )
    bodies = (
        organisation_list(org_types=ELECTION_BODY_ORG_TYPES, active=True)
        .annotate(trained=trained_org)
        .values_list("area__code", "trained")
    )
    for code, is_trained in bodies:
        row = rows.get(code[:8])
        if row is None:
            continue
        row["election_bodies"] += 1
        row["election_bodies_trained"] += int(is_trained)
    result = list(rows.values())
    for row in result:
        total = row["seats"] + row["election_bodies"]
        done = row["seats_trained"] + row["election_bodies_trained"]
        row["percent"] = round(done * 100 / total) if total else 0
    return result


def training_coverage_for(user) -> list[dict]:
    """``training_coverage_by_area`` for the kabupaten the user belongs to: every row for the
    installation's administrators and leaders (one kabupaten served, or an office above every served
    kabupaten); with several kabupaten served, the kecamatan of the user's own kabupaten (all of them
    below a provincial office)."""
    rows = training_coverage_by_area()
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return rows
    own = [
        kabupaten
        for kabupaten in kabupaten_codes()
        if any(code_within(code, kabupaten) or code_within(kabupaten, code) for code in profile.area_codes)
    ]
    return [row for row in rows if any(code_within(row["code"], kabupaten) for kabupaten in own)]


def certificate_list(*, programme: Programme) -> QuerySet[Certificate]:
    return Certificate.objects.filter(registration__programme=programme).select_related(
        "registration__person"
    )


def programme_with_related(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    return queryset.select_related("organiser").prefetch_related(
        "partners", Prefetch("batches"), Prefetch("org_type_quotas")
    )


def tiga_pilar_seats_by_area() -> list[tuple[str, int, int]]:
    """(area code, Tiga Pilar seats held today, of which the holder attended a Bimtek) per area code.

    One query whatever the size; the map folds desa codes up to kecamatan as needed.
    """
    trained = Exists(trained_person_ids_q().filter(registration__person_id=OuterRef("person_id")))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    positions = (
        position_current_list(offices=TIGA_PILAR_OFFICES)
        .annotate(trained=trained)
        .values_list("area__code", "trained")
    )
    for code, is_trained in positions:
        totals[code][0] += 1
        totals[code][1] += int(is_trained)
    return [(code, seats, done) for code, (seats, done) in sorted(totals.items())]
