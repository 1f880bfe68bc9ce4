"""The objects the access matrix opens every route with: one in scope, one out of scope.

On top of the demo data (``seed_demo``), ``matrix_objects_create`` adds what the demo lacks so that
every URL kwarg has an object in Sangatta Utara (64.08.04, the kecamatan of the demo's camat,
kapolsek and field reporter) and one of the same kind in Bengalon (64.08.09, outside their scope):
a field reporter of Bengalon with a report of their own (the demo's reports are all by one
reporter, who sees their own reports wherever they are), informants, evidence, follow-ups, exports,
situation reports, imports, a Bimtek none of the demo users takes part in, emails in the outbox.

Objects a user owns rather than an area (an import, an export, an inbox item) are owned in scope
by the Sangatta Utara camat and out of scope by the Bengalon camat. A kwarg that is no object (a
file format, a level) takes the same value on both sides; where no object stands behind the
route at all (a signed link, a reset token) the out-of-scope side is a forged value.

``ROUTE_OBJECTS`` says which pair each route with URL kwargs takes; ``route_kwargs`` builds them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

IN_KEC = "64.08.04"  # Sangatta Utara: the demo's camat, kapolsek and field reporter
OUT_KEC = "64.08.09"  # Bengalon
IN_DESA = "64.08.04.2001"
OUT_DESA = "64.08.09.2001"
# The second kabupaten the installation may serve beside Kutai Timur (issue #18): Kota Bontang.
OTHER_KAB = "64.74"
OTHER_KEC = "64.74.01"
OTHER_DESA = "64.74.01.1001"

Kwargs = dict[str, object]


@dataclass
class MatrixObjects:
    """Pairs of URL kwargs by kind of object: (in scope, out of scope or None when scope does not apply)."""

    pairs: dict[str, tuple[Kwargs, Kwargs | None]] = field(default_factory=dict)
    # The same kind of object in the other kabupaten (Bontang), for the kinds a kabupaten scopes.
    others: dict[str, Kwargs] = field(default_factory=dict)

    def add(self, kind: str, inside: Kwargs, outside: Kwargs | None) -> None:
        missing = [k for k, v in {**inside, **(outside or {})}.items() if v is None]
        assert not missing, f"no demo object for {kind}: {missing}"
        self.pairs[kind] = (inside, outside)

    def add_other(self, kind: str, kwargs: Kwargs) -> None:
        assert kind in self.pairs, f"{kind}: the other kabupaten's object of a kind without a pair"
        missing = [k for k, v in kwargs.items() if v is None]
        assert not missing, f"no object in the other kabupaten for {kind}: {missing}"
        self.others[kind] = kwargs


# Route name -> (kind of object, extra kwargs the same on both sides). A route with URL kwargs that
# is not listed here fails test_every_route_with_kwargs_has_its_objects: add it when you add the route.
ROUTE_OBJECTS: dict[str, tuple[str, Kwargs]] = {
    # accounts
    "mfa:reset": ("user", {}),
    ":password_reset_confirm": ("reset_token", {}),
    # risk, situation, regions
    "risk:riskassessment_checklist": ("instrument", {}),
    "risk:riskassessment_detail": ("riskassessment", {}),
    "situation:sitrep_detail": ("sitrep", {}),
    "situation:sitrep_download": ("sitrep", {"file_format": "pdf"}),
    "situation:desa_boundaries_geojson": ("kecamatan", {}),
    "regions:boundaries_geojson": ("level", {}),
    "regions:adminunit_detail": ("area", {}),
    # stakeholders
    "stakeholders:person_detail": ("person", {}),
    "stakeholders:person_update": ("person", {}),
    "stakeholders:person_personal_data": ("person", {}),
    "stakeholders:person_personal_data_export": ("person", {"file_format": "json"}),
    "stakeholders:person_personal_data_erase": ("person", {}),
    "stakeholders:contactpoint_create": ("person", {}),
    "stakeholders:position_create": ("person", {}),
    "stakeholders:person_account": ("person", {}),
    "stakeholders:contactpoint_update": ("contactpoint", {}),
    "stakeholders:contactpoint_delete": ("contactpoint", {}),
    "stakeholders:position_end": ("position", {}),
    "stakeholders:position_nonactive_create": ("position", {}),
    "stakeholders:positionrequest_approve": ("positionrequest", {}),
    "stakeholders:positionrequest_reject": ("positionrequest", {}),
    "stakeholders:organisation_detail": ("organisation", {}),
    "stakeholders:organisation_update": ("organisation", {}),
    "stakeholders:forum_detail": ("forum", {}),
    "stakeholders:forum_update": ("forum", {}),
    "stakeholders:forumseat_create": ("forum", {}),
    "stakeholders:forumseat_delete": ("forumseat", {}),
    "stakeholders:dutyroster_delete": ("dutyroster", {}),
    "stakeholders:import_template": ("import_kind", {}),
    "stakeholders:import_detail": ("importjob", {}),
    "stakeholders:import_progress": ("importjob", {}),
    "stakeholders:import_commit": ("importjob", {}),
    "stakeholders:import_row_fix": ("importjob", {"index": 0}),
    "stakeholders:import_row_drop": ("importjob", {"index": 0}),
    "stakeholders:import_row_decide": ("importjob", {"index": 0}),
    "stakeholders:import_map": ("importjob", {}),
    "stakeholders:import_sheet": ("importjob", {}),
    "stakeholders:import_replace": ("importjob", {}),
    "stakeholders:import_rejected": ("importjob", {}),
    # intake
    "intake:intake_detail": ("unverifiedintake", {}),
    "intake:intake_accept": ("unverifiedintake", {}),
    "intake:intake_merge": ("unverifiedintake", {}),
    "intake:intake_reject": ("unverifiedintake", {}),
    # escalation
    "escalation:alertgroup_split": ("incident", {}),
    "notifications:broadcast_detail": ("broadcast", {}),
    "escalation:escalationpolicy_edit": ("escalationpolicy", {}),
    "escalation:alertgrouprule_edit": ("alertgrouprule", {}),
    "escalation:escalation_test_alert_result": ("test_alert", {}),
    "escalation:escalation_ack_link": ("ack_link", {}),
    "escalation:escalation_acknowledge": ("escalation", {}),
    "escalation:escalation_unacknowledge": ("escalation", {}),
    # coordination
    **dict.fromkeys(
        [
            "coordination:action_detail",
            "coordination:action_update",
            "coordination:action_status",
            "coordination:action_evidence_create",
        ],
        ("trackedaction", {}),
    ),
    "coordination:action_evidence_download": ("actionevidence", {}),
    "coordination:inpres_record": ("inpresobligation", {}),
    "coordination:inpres_letter_pdf": ("inpresobligation", {}),
    **dict.fromkeys(
        [
            "coordination:meeting_detail",
            "coordination:meeting_invitees_add",
            "coordination:meeting_invite",
            "coordination:meeting_attendance",
            "coordination:meeting_minutes",
            "coordination:meeting_decision_create",
            "coordination:meeting_minutes_pdf",
            "coordination:meeting_qr",
            "coordination:meeting_qr_image",
        ],
        ("meeting", {}),
    ),
    "coordination:meeting_self_checkin": ("meeting_checkin_token", {}),
    **dict.fromkeys(
        [
            "coordination:prevention_detail",
            "coordination:prevention_update",
            "coordination:prevention_photo_create",
        ],
        ("preventiveactivity", {}),
    ),
    "coordination:prevention_photo_download": ("preventionphoto", {}),
    "coordination:plan_detail": ("actionplan", {}),
    "coordination:plan_activity_create": ("actionplan", {}),
    "coordination:plan_report": ("actionplan", {"period": "b04", "file_format": "pdf"}),
    "coordination:plan_progress": ("planactivity", {}),
    # incidents
    "incidents:incident_created": ("incident", {}),
    "incidents:export_detail": ("export", {}),
    "incidents:export_download": ("export", {}),
    "incidents:evidence_download": ("evidence", {}),
    "incidents:evidence_thumbnail": ("evidence", {}),
    "incidents:followup_complete": ("followup", {}),
    **dict.fromkeys(
        [
            "incidents:incident_detail",
            "incidents:incident_update",
            "incidents:incident_verify",
            "incidents:incident_reject",
            "incidents:incident_assign",
            "incidents:incident_severity",
            "incidents:incident_resolve",
            "incidents:incident_close",
            "incidents:incident_reopen",
            "incidents:incident_promote",
            "incidents:note_create",
            "incidents:evidence_create",
            "incidents:followup_create",
            "incidents:referral_create",
            "incidents:link_create",
            "incidents:informant_detail",
            "incidents:incident_report_pdf",
            "incidents:incident_resolve_elsewhere",
            "incidents:bawaslu_step_create",
            "incidents:outcome_create",
        ],
        ("incident", {}),
    ),
    # training
    **dict.fromkeys(
        [
            "training:programme_detail",
            "training:programme_update",
            "training:batch_create",
            "training:org_type_quota_set",
            "training:session_create",
            "training:registration_list",
            "training:registration_import",
            "training:checkin",
            "training:material_list",
            "training:question_list",
            "training:evaluation_take",
            "training:evaluation_summary",
            "training:certificate_list",
            "training:programme_invitations_send",
            "training:certificate_issue_all",
            "training:programme_report",
            "training:programme_report_xlsx",
        ],
        ("programme", {}),
    ),
    "training:test_take": ("programme", {"kind": "pre"}),
    "training:checkin_submit": ("programme_session", {}),
    "training:attendance_sheet": ("programme_session", {}),
    "training:session_qr": ("programme_session", {}),
    "training:session_qr_image": ("programme_session", {}),
    "training:session_self_checkin": ("checkin_token", {}),
    "training:registration_import_detail": ("registration_import", {}),
    "training:registration_import_progress": ("registration_import", {}),
    "training:registration_import_save": ("registration_import", {}),
    "training:registration_status": ("programme_registration", {}),
    "training:certificate_issue_one": ("programme_registration", {}),
    "training:certificate_job_progress": ("certificate_job", {}),
    "training:certificate_revoke": ("programme_certificate", {}),
    "training:material_download": ("material", {}),
    "training:certificate_download": ("certificate_code", {}),
    ":certificate_verify": ("certificate_code", {}),
    "training:ticket_detail": ("ticket", {}),
    "training:ticket_qr": ("ticket", {"kind": "svg"}),
    # notifications
    "notifications:inboxitem_read": ("inboxitem", {}),
    "notifications:inboxitem_open": ("inboxitem", {}),
    "notifications:delivery_retry": ("delivery", {}),
    "notifications:outboxemail_detail": ("outboxemail", {}),
    # the API (api/urls.py): the web pages' objects, by the same kwargs
    "api:integration_detail": ("integration", {}),
    "api:integration_revoke": ("integration", {}),
    "api:area_detail": ("area", {}),
    "api:election_detail": ("election", {}),
    "api:organisation_detail": ("organisation", {}),
    "api:person_detail": ("person", {}),
    **dict.fromkeys(
        [
            "api:incident_detail",
            "api:incident_verify",
            "api:incident_reject",
            "api:incident_severity",
            "api:incident_assign",
            "api:incident_resolve",
            "api:incident_close",
            "api:incident_reopen",
            "api:incident_promote",
        ],
        ("incident", {}),
    ),
    "api:escalation_detail": ("escalation", {}),
    "api:escalation_acknowledge": ("escalation", {}),
    "api:programme_detail": ("programme", {}),
    "api:registration_list": ("programme", {}),
    "api:attendance_list": ("programme_session", {}),
    "api:checkin": ("programme_session", {}),
    "api:riskassessment_detail": ("riskassessment", {}),
    "api:measure_detail": ("measure", {}),
    # collect: a kabupaten's Kobo/ODK form integrations
    "collect:integration_detail": ("formintegration", {}),
    "collect:integration_renew": ("formintegration", {}),
    "collect:integration_xlsform": ("formintegration", {}),
    "collect:integration_deactivate": ("formintegration", {}),
    # webhooks
    **{
        name: ("webhooksubscription", {})
        for name in [
            "webhooks:subscription_detail",
            "webhooks:subscription_pause",
            "webhooks:subscription_resume",
            "webhooks:subscription_delete",
            "webhooks:subscription_rotate",
            "webhooks:subscription_test",
        ]
    },
}


# Routes without URL kwargs whose answer depends on the query: its in-scope and out-of-scope form
# ({kecamatan} is Sangatta Utara, then Bengalon).
PERIOD = "dari=2024-09-01&sampai=2024-11-30"
ROUTE_QUERIES: dict[str, str] = {
    "situation:map_measure": f"ukuran=insiden&tingkat=desa&induk={{kecamatan}}&{PERIOD}",
    "situation:map_points": f"lapisan=insiden&tingkat=desa&induk={{kecamatan}}&{PERIOD}",
    # TPS are reference data: any signed-in user lists a desa's, in or out of their area.
    "regions:pollingstation_options": "desa={kecamatan}.2001",
}


def route_kwargs(name: str, objects: MatrixObjects) -> tuple[Kwargs, Kwargs | None]:
    """The route's URL kwargs in scope and out of scope (None: the route has no scope to leave)."""
    kind, extra = ROUTE_OBJECTS[name]
    inside, outside = objects.pairs[kind]
    return {**inside, **extra}, None if outside is None else {**outside, **extra}


def route_other_path(name: str, objects: MatrixObjects) -> str | None:
    """The route's path with the object of the same kind in the other kabupaten (None: it has none)."""
    url = name.removeprefix(":")
    if name in ROUTE_QUERIES:
        # The map's measures and points of a kecamatan; TPS options are reference data of any desa.
        if not name.startswith("situation:"):
            return None
        return f"{reverse(url)}?{ROUTE_QUERIES[name].format(kecamatan=OTHER_KEC)}"
    if name not in ROUTE_OBJECTS:
        return None
    kind, extra = ROUTE_OBJECTS[name]
    if kind not in objects.others:
        return None
    return reverse(url, kwargs={**objects.others[kind], **extra})


def route_paths(name: str, objects: MatrixObjects) -> tuple[str, str | None]:
    """The route's path with an object in scope, and with one out of scope (None when scope does not apply)."""
    url = name.removeprefix(":")
    if name in ROUTE_QUERIES:
        base = reverse(url)
        query = ROUTE_QUERIES[name]
        return f"{base}?{query.format(kecamatan=IN_KEC)}", f"{base}?{query.format(kecamatan=OUT_KEC)}"
    if name not in ROUTE_OBJECTS:
        return reverse(url), None
    inside, outside = route_kwargs(name, objects)
    return reverse(url, kwargs=inside), None if outside is None else reverse(url, kwargs=outside)


# --- building the objects ----------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _csv(text: str, name: str = "impor.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _stakeholders(objects: MatrixObjects, users) -> None:
    from stakeholders.choices import GrantStatus, ImportKind, Office
    from stakeholders.imports import import_job_create
    from stakeholders.models import (
        ContactPoint,
        DutyRoster,
        Forum,
        ForumSeat,
        Organisation,
        Position,
        PositionRequest,
    )

    def position(code: str) -> Position:
        # Someone without an account holding an office there today (the camat's staff, not a login).
        return (
            Position.objects.filter(area__code=code, end_date__isnull=True, person__user__isnull=True)
            .exclude(person__contact_points=None)
            .select_related("person", "organisation", "area")
            .order_by("pk")
            .first()
        )

    pos_in, pos_out = position(IN_KEC), position(OUT_KEC)
    objects.add("person", {"pk": pos_in.person_id}, {"pk": pos_out.person_id})
    objects.add("position", {"pk": pos_in.pk}, {"pk": pos_out.pk})

    def contact(person_id: int) -> int | None:
        return (
            ContactPoint.objects.filter(person_id=person_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    objects.add("contactpoint", {"pk": contact(pos_in.person_id)}, {"pk": contact(pos_out.person_id)})

    def organisation(code: str) -> int | None:
        return (
            Organisation.objects.filter(area__code=code).order_by("pk").values_list("pk", flat=True).first()
        )

    objects.add("organisation", {"pk": organisation(IN_KEC)}, {"pk": organisation(OUT_KEC)})

    def forum(code: str) -> int | None:
        return Forum.objects.filter(area__code=code).order_by("pk").values_list("pk", flat=True).first()

    objects.add("forum", {"pk": forum(IN_KEC)}, {"pk": forum(OUT_KEC)})

    def seat(code: str) -> int | None:
        return (
            ForumSeat.objects.filter(forum__area__code=code)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    objects.add("forumseat", {"pk": seat(IN_KEC)}, {"pk": seat(OUT_KEC)})

    def shift(code: str) -> int | None:
        return DutyRoster.objects.filter(area__code=code).order_by("pk").values_list("pk", flat=True).first()

    objects.add("dutyroster", {"pk": shift(IN_KEC)}, {"pk": shift(OUT_KEC)})

    def request(pos: Position) -> int:
        # A pending request for a privileged office, as position_grant files one (the demo has none).
        return PositionRequest.objects.create(
            person=pos.person,
            organisation=pos.organisation,
            office=Office.SEKDA,
            area=pos.area.parent if pos.area.parent_id else pos.area,
            start_date=date(2024, 11, 1),
            status=GrantStatus.PENDING,
            requested_by=users["kesbangpol"],
        ).pk

    objects.add("positionrequest", {"pk": request(pos_in)}, {"pk": request(pos_out)})

    def job(by_user) -> int:
        upload = _csv("nama,jabatan,kode_wilayah\nBudi Matriks,,\n")
        return import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=by_user).pk

    objects.add("importjob", {"pk": job(users["camat"])}, {"pk": job(users["camat.bengalon"])})
    objects.add("import_kind", {"kind": ImportKind.PEOPLE.value}, None)


def _field_reporter_of_bengalon():
    from stakeholders.choices import Office
    from stakeholders.tests.factories import user_with_office

    return user_with_office(Office.PETUGAS_LAPANGAN, OUT_DESA, username="pelapor.bengalon")


def _incidents(objects: MatrixObjects, users) -> None:
    from escalation.models import Escalation
    from escalation.services import ack_links_make
    from incidents.services import (
        evidence_from_bytes,
        follow_up_add,
        incident_export_request,
        incident_export_run,
    )
    from incidents.tests.factories import make_incident, wita
    from stakeholders.models import Person

    made = {}
    for side, by_user, code in (
        ("in", users["pelapor"], IN_DESA),
        ("out", users["pelapor.bengalon"], OUT_DESA),
    ):
        incident = make_incident(
            by_user=by_user,
            area_code=code,
            title=f"Matriks akses: bentrok di depan posko ({side})",
            occurred_at=wita(2024, 11, 26, 9),
            known_at=wita(2024, 11, 26, 10),
            informant={"full_name": "Informan Matriks (fiktif)", "phone": "+6281200000001"},
        )
        evidence = evidence_from_bytes(incident=incident, name="bukti.png", data=_png(), by_user=by_user)
        owner = Person.objects.filter(user=by_user).first()
        action = follow_up_add(
            incident=incident,
            description="Koordinasi dengan Polsek",
            owner=owner,
            due_date=date(2024, 11, 30),
            by_user=by_user,
        )
        made[side] = (incident, evidence, action)
    (inc_in, ev_in, act_in), (inc_out, ev_out, act_out) = made["in"], made["out"]
    objects.add("incident", {"number": inc_in.number}, {"number": inc_out.number})
    objects.add("evidence", {"pk": ev_in.pk}, {"pk": ev_out.pk})
    objects.add("followup", {"pk": act_in.pk}, {"pk": act_out.pk})

    escalations = {}
    for side, incident in (("in", inc_in), ("out", inc_out)):
        if not Escalation.objects.filter(incident=incident).exists():
            # It joined the alert group of a demo clash in the same desa: it escalates on its own here.
            from escalation.services import alertgroup_split

            alertgroup_split(incident=incident, by_user=users["kesbangpol"])
        escalation = Escalation.objects.filter(incident=incident).order_by("pk").first()
        assert escalation is not None, f"no escalation for the {side} incident"
        escalations[side] = escalation
    objects.add(
        "escalation",
        {"number": inc_in.number, "pk": escalations["in"].pk},
        {"number": inc_out.number, "pk": escalations["out"].pk},
    )
    # The alert's link for the kapolsek; out of scope, a token that is not one of ours.
    urls = ack_links_make(escalation=escalations["in"], people=[Person.objects.get(user=users["kapolsek"])])
    signed = resolve(urlsplit(next(iter(urls.values()))).path).kwargs["signed"]
    forged = signing.TimestampSigner(salt="bukan-tautan-kami").sign_object({"e": escalations["in"].pk})
    objects.add("ack_link", {"signed": signed}, {"signed": forged})
    # Settings are kabupaten-wide: no out-of-scope side. A test alert sent by kesbangpol; out of scope,
    # a token that is none.
    from escalation.settings_services import (
        alertgrouprule_save,
        escalation_test_alert,
        escalationpolicy_save,
    )
    from regions.models import AdminUnit

    # Each kabupaten keeps its own ladder (with several kabupaten served): a policy for Kutai Timur's
    # kecamatan, left inactive so that it alerts nobody.
    kutim_policy = escalationpolicy_save(
        by_user=users["kesbangpol"],
        name="Matriks akses: tangga Kutai Timur",
        priority=90,
        is_active=False,
        areas=list(AdminUnit.objects.filter(code__in=[IN_KEC, OUT_KEC])),
    )
    objects.add("escalationpolicy", {"pk": kutim_policy.pk}, None)
    # And its own grouping rules: a rule of Kutai Timur's, left inactive so that it groups nothing.
    kutim_rule = alertgrouprule_save(
        by_user=users["kesbangpol"],
        name="Matriks akses: kelompok Kutai Timur",
        is_active=False,
        area=AdminUnit.objects.get(code=IN_KEC.rsplit(".", 1)[0]),
    )
    objects.add("alertgrouprule", {"pk": kutim_rule.pk}, None)
    key, _people = escalation_test_alert(
        by_user=users["kesbangpol"], person=Person.objects.get(user=users["kapolsek"])
    )
    objects.add("test_alert", {"token": key.split("|", 1)[1]}, {"token": "0" * 32})

    from notifications.services import broadcast_send

    def broadcast(by_user) -> int:
        own = Person.objects.filter(user=by_user).first() or Person.objects.order_by("pk").first()
        return broadcast_send(by_user=by_user, text="Rakor besok 09.00", people=[own]).pk

    objects.add("broadcast", {"pk": broadcast(users["camat"])}, {"pk": broadcast(users["camat.bengalon"])})

    def export(by_user) -> int:
        job = incident_export_request(user=by_user, params={}, file_format="csv")
        incident_export_run(export_id=job.pk)
        return job.pk

    objects.add("export", {"pk": export(users["camat"])}, {"pk": export(users["camat.bengalon"])})


def _situation(objects: MatrixObjects, users) -> None:
    from regions.models import AdminUnit
    from situation.sitrep.services import situation_report_request, situation_report_run

    def report(code: str) -> int:
        sitrep = situation_report_request(
            area=AdminUnit.objects.get(code=code), day=date(2024, 11, 27), by_user=users["kesbangpol"]
        )
        situation_report_run(report_id=sitrep.pk)
        return sitrep.pk

    objects.add("sitrep", {"pk": report(IN_KEC)}, {"pk": report(OUT_KEC)})


def _regions_and_risk(objects: MatrixObjects) -> None:
    from risk.models import RiskAssessment

    def assessment(code: str) -> int | None:
        return (
            RiskAssessment.objects.filter(area__code=code).order_by("pk").values_list("pk", flat=True).first()
        )

    objects.add("riskassessment", {"pk": assessment(IN_DESA)}, {"pk": assessment(OUT_DESA)})
    objects.add("instrument", {"instrument_code": "tps-rawan-2024"}, None)
    objects.add("area", {"code": IN_KEC}, {"code": OUT_KEC})
    objects.add("kecamatan", {"kecamatan_code": IN_KEC}, {"kecamatan_code": OUT_KEC})
    objects.add("level", {"level": "kecamatan"}, None)


def _training(objects: MatrixObjects, users) -> None:
    from stakeholders.models import Organisation, Person
    from training import services
    from training.models import Certificate, CertificateJob, Material, Registration
    from training.services.certificates import _certificate_create
    from training.tests.factories import ProgrammeFactory, SessionFactory

    # In scope: the demo's Bimtek, where the trainer teaches and the Sangatta Utara logins take part.
    reg_in = Registration.objects.select_related("programme").get(
        person__user=users["pelapor"], programme__registrations__person__user=users["pelatih"]
    )
    prog_in = reg_in.programme
    # Out of scope: a Bimtek in Bengalon the kabupaten runs, with none of the demo logins in it.
    bengalon = Organisation.objects.filter(area__code=OUT_KEC).order_by("pk").first()
    prog_out = ProgrammeFactory(
        title="Bimtek Matriks Bengalon", organiser=bengalon, created_by=users["kesbangpol"]
    )
    session_out = SessionFactory(programme=prog_out)
    participant = Person.objects.get(user=users["pelapor.bengalon"])
    reg_out = services.registration_create(programme=prog_out, person=participant, organisation=bengalon)
    session_in = prog_in.sessions.order_by("pk").first()

    objects.add("programme", {"pk": prog_in.pk}, {"pk": prog_out.pk})
    objects.add(
        "programme_session",
        {"pk": prog_in.pk, "session_pk": session_in.pk},
        {"pk": prog_out.pk, "session_pk": session_out.pk},
    )
    # A session's self check-in token: of the demo's session (its participants check in), and of the
    # Bengalon session, where none of the demo logins is registered.
    objects.add(
        "checkin_token",
        {"token": services.session_checkin_token(session=session_in)},
        {"token": services.session_checkin_token(session=session_out)},
    )
    objects.add(
        "programme_registration",
        {"pk": prog_in.pk, "registration_pk": reg_in.pk},
        {"pk": prog_out.pk, "registration_pk": reg_out.pk},
    )
    objects.add("ticket", {"code": reg_in.ticket_code}, {"code": reg_out.ticket_code})

    # The field reporter's own certificate, so the participant's column shows what a participant gets.
    cert_in = Certificate.objects.filter(registration=reg_in).first() or _certificate_create(
        registration=reg_in, by_user=users["pelatih"], now=timezone.now()
    )
    cert_out = _certificate_create(registration=reg_out, by_user=users["kesbangpol"], now=timezone.now())
    objects.add(
        "programme_certificate",
        {"pk": prog_in.pk, "certificate_pk": cert_in.pk},
        {"pk": prog_out.pk, "certificate_pk": cert_out.pk},
    )
    objects.add("certificate_code", {"code": cert_in.code}, {"code": cert_out.code})

    job_in = CertificateJob.objects.filter(programme=prog_in).order_by("pk").first()
    job_out = services.certificate_job_start(programme=prog_out, by_user=users["kesbangpol"])
    objects.add(
        "certificate_job", {"pk": prog_in.pk, "job_pk": job_in.pk}, {"pk": prog_out.pk, "job_pk": job_out.pk}
    )

    material_in = Material.objects.filter(programme=prog_in).order_by("pk").first()
    material_out = services.material_upload(
        programme=prog_out,
        title="Modul Matriks",
        video_url="https://contoh.invalid/video",
        by_user=users["kesbangpol"],
    )
    objects.add("material", {"material_pk": material_in.pk}, {"material_pk": material_out.pk})

    def registration_import(programme, by_user) -> int:
        upload = _csv("nama,organisasi\nSiti Matriks,\n")
        return services.registration_import_create(programme=programme, upload=upload, by_user=by_user).pk

    objects.add(
        "registration_import",
        {"pk": prog_in.pk, "import_pk": registration_import(prog_in, users["pelatih"])},
        {"pk": prog_out.pk, "import_pk": registration_import(prog_out, users["kesbangpol"])},
    )


def _notifications(objects: MatrixObjects, users) -> None:
    from notifications.models import Delivery, InboxItem, OutboxEmail

    def item(user) -> int | None:
        return InboxItem.objects.filter(person__user=user).order_by("pk").values_list("pk", flat=True).first()

    objects.add("inboxitem", {"pk": item(users["camat"])}, {"pk": item(users["camat.bengalon"])})

    def delivery(user) -> int | None:
        return Delivery.objects.filter(person__user=user).order_by("pk").values_list("pk", flat=True).first()

    objects.add("delivery", {"pk": delivery(users["camat"])}, {"pk": delivery(users["camat.bengalon"])})

    def email(user) -> int:
        return OutboxEmail.objects.create(
            subject="Atur ulang kata sandi",
            from_email="noreply@demo.invalid",
            to=user.email,
            body="Tautan atur ulang (fiktif).",
        ).pk

    objects.add("outboxemail", {"pk": email(users["camat"])}, {"pk": email(users["camat.bengalon"])})


def _webhooks(objects: MatrixObjects, users) -> None:
    from regions.models import AdminUnit
    from webhooks.services import subscription_create

    def subscription(code: str) -> int:
        made, _secret = subscription_create(
            name=f"Mitra {code}",
            url="https://mitra.example.invalid/webhook",
            events=["incident.created"],
            area=AdminUnit.objects.get(code=code),
            by_user=users["kesbangpol"],
        )
        return made.pk

    objects.add("webhooksubscription", {"pk": subscription(IN_KEC)}, {"pk": subscription(OUT_KEC)})


def _intake(objects: MatrixObjects) -> None:
    from intake.services import intake_receive
    from regions.models import AdminUnit

    def intake(code: str) -> int:
        return intake_receive(
            channel="sms",
            external_id=f"matriks-{code}",
            text="Warga melaporkan massa berkumpul (uji matriks akses).",
            sender="+6281200000000",
            area=AdminUnit.objects.get(code=code),
            severity=3,
        ).intake.pk

    objects.add("unverifiedintake", {"pk": intake(IN_DESA)}, {"pk": intake(OUT_DESA)})


def _accounts(objects: MatrixObjects, users) -> None:
    inside, outside = users["pelapor"], users["pelapor.bengalon"]
    objects.add("user", {"user_id": inside.pk}, {"user_id": outside.pk})
    # A login refreshes last_login, which a reset token hashes: the token is for a user no role logs in as.
    uid = urlsafe_base64_encode(force_bytes(outside.pk))
    objects.add(
        "reset_token",
        {"uidb64": uid, "token": default_token_generator.make_token(outside)},
        {"uidb64": uid, "token": "bukan-token-" + "0" * 20},
    )


def _coordination(objects: MatrixObjects, users) -> None:
    """A tracked action with evidence, a serious incident's report upward, a meeting, a preventive
    activity with a photo and an action plan's activity, on each side
    (made by the kecamatan's camat, or by Kesbangpol for the Bengalon incident's obligations)."""
    from coordination.choices import InpresKind
    from coordination.models import InpresObligation
    from coordination.services import (
        action_create,
        action_evidence_add,
        meeting_create,
        plan_activity_add,
        plan_create,
        prevention_create,
    )
    from incidents.tests.factories import make_incident, wita
    from regions.models import AdminUnit

    made = {}
    for side, by_user, reporter, code, desa in (
        ("in", users["camat"], users["pelapor"], IN_KEC, IN_DESA),
        ("out", users["camat.bengalon"], users["pelapor.bengalon"], OUT_KEC, OUT_DESA),
    ):
        area = AdminUnit.objects.get(code=code)
        action = action_create(
            title=f"Matriks akses: patroli ({side})", due_date=date(2024, 11, 30), area=area, by_user=by_user
        )
        evidence = action_evidence_add(
            action=action,
            by_user=by_user,
            uploaded_file=SimpleUploadedFile("bukti.png", _png(), content_type="image/png"),
        )
        incident = make_incident(
            by_user=reporter,
            area_code=desa,
            title=f"Matriks akses: bentrok berat ({side})",
            severity=5,
            occurred_at=wita(2024, 11, 26, 9),
            known_at=wita(2024, 11, 26, 10),
        )
        report = InpresObligation.objects.get(incident_id=incident.pk, kind=InpresKind.LAPORAN)
        meeting = meeting_create(
            title=f"Matriks akses: rakor ({side})",
            group_label="LO pasangan calon",
            area=area,
            starts_at=timezone.now(),
            place="Aula kantor camat",
            agenda="Koordinasi",
            by_user=by_user,
        )
        activity = prevention_create(
            kind="patroli",
            held_at=timezone.now() - timedelta(hours=1),
            area=AdminUnit.objects.get(code=desa),
            participant_count=5,
            photos=[SimpleUploadedFile("foto.png", _png(), content_type="image/png")],
            by_user=by_user,
        )
        made[side] = (action, evidence, report, meeting, activity)
    (a_in, e_in, r_in, m_in, p_in), (a_out, e_out, r_out, m_out, p_out) = made["in"], made["out"]
    objects.add("trackedaction", {"pk": a_in.pk}, {"pk": a_out.pk})
    objects.add("actionevidence", {"pk": e_in.pk}, {"pk": e_out.pk})
    objects.add("inpresobligation", {"pk": r_in.pk}, {"pk": r_out.pk})
    objects.add("meeting", {"pk": m_in.pk}, {"pk": m_out.pk})
    # The attendance QR code: the Sangatta Utara meeting invites the camat, the kapolsek and the field
    # reporter (they are marked present); none of the demo logins is invited to the Bengalon one.
    from coordination.services import meeting_checkin_token, meeting_invitees_add
    from stakeholders.models import Person

    meeting_invitees_add(
        meeting=m_in,
        people=Person.objects.filter(user__in=[users["camat"], users["kapolsek"], users["pelapor"]]),
        by_user=users["camat"],
    )
    objects.add(
        "meeting_checkin_token",
        {"token": meeting_checkin_token(meeting=m_in)},
        {"token": meeting_checkin_token(meeting=m_out)},
    )
    objects.add("preventiveactivity", {"pk": p_in.pk}, {"pk": p_out.pk})
    objects.add("preventionphoto", {"pk": p_in.photos.get().pk}, {"pk": p_out.photos.get().pk})
    # The action plan is the kabupaten's (no out-of-scope side); its activities are scoped by area.
    plan = plan_create(year=2023, title="Matriks akses: rencana aksi", by_user=users["kesbangpol"])
    activities = [
        plan_activity_add(
            plan=plan,
            title=f"Matriks akses: sosialisasi ({code})",
            target="Tokoh masyarakat",
            area=AdminUnit.objects.get(code=code),
            organisation=None,
            planned_start=date(2023, 2, 1),
            planned_end=date(2023, 3, 31),
            by_user=users["kesbangpol"],
        )
        for code in (IN_KEC, OUT_KEC)
    ]
    objects.add("actionplan", {"pk": plan.pk}, None)
    objects.add("planactivity", {"pk": activities[0].pk}, {"pk": activities[1].pk})


def _api(objects: MatrixObjects, users) -> None:
    """An integration of the kabupaten (kabupaten-wide: no out-of-scope side), an election, a map measure."""
    from datetime import timedelta

    from api.services import integration_create
    from regions.selectors import adminunit_get, election_list

    integration, _token = integration_create(
        name="Dasbor Matriks",
        area=adminunit_get(code="64.08"),
        scopes={"insiden": "baca"},
        expires_at=timezone.now() + timedelta(days=30),
        by_user=users["kesbangpol"],
    )
    objects.add("integration", {"pk": integration.pk}, None)
    objects.add("election", {"pk": election_list().order_by("pk").values_list("pk", flat=True).first()}, None)
    objects.add("measure", {"name": "insiden"}, None)


def _collect(objects: MatrixObjects, users) -> None:
    """A Kobo integration of the kabupaten (kabupaten-wide: no out-of-scope side within it)."""
    from collect.services import formintegration_create
    from regions.selectors import adminunit_get

    integration, _token = formintegration_create(
        name="Kobo Matriks", kind="kobo", area=adminunit_get(code="64.08"), by_user=users["kesbangpol"]
    )
    objects.add("formintegration", {"pk": integration.pk}, None)


def other_kabupaten_objects_create(objects: MatrixObjects) -> dict[str, object]:
    """Load Kota Bontang beside Kutai Timur and add, for the kinds a kabupaten scopes, the same object in
    it; return the other kabupaten's Kesbangpol operator and field reporter and a provincial office.

    Run with ``KABUPATEN_CODES`` naming both kabupaten (a report is placed in a served kabupaten only).
    """
    from escalation.models import Escalation
    from escalation.services import alertgroup_split
    from escalation.settings_services import alertgrouprule_save, escalationpolicy_save
    from incidents.services import evidence_from_bytes, follow_up_add
    from incidents.tests.factories import make_incident, wita
    from regions.models import AdminUnit
    from regions.services import regions_load
    from stakeholders.choices import Office
    from stakeholders.models import Person
    from stakeholders.tests.factories import (
        ContactPointFactory,
        OrganisationFactory,
        PositionFactory,
        user_with_office,
    )

    regions_load(codes=[OTHER_KAB])
    kecamatan = AdminUnit.objects.get(code=OTHER_KEC)
    users = {
        "kesbangpol.bontang": user_with_office(
            Office.OPERATOR_KESBANGPOL, OTHER_KAB, username="kesbangpol.bontang"
        ),
        "pelapor.bontang": user_with_office(Office.PETUGAS_LAPANGAN, OTHER_DESA, username="pelapor.bontang"),
        "provinsi": user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64", username="kesbangpol.provinsi"),
    }
    admin, reporter = users["kesbangpol.bontang"], users["pelapor.bontang"]

    # The camat's staff, without an account, in an organisation of the kecamatan.
    organisation = OrganisationFactory(name="Kantor Camat Bontang Selatan (matriks)", area=kecamatan)
    contact = ContactPointFactory(person__full_name="Staf Camat Bontang (fiktif)")
    position = PositionFactory(
        person=contact.person, organisation=organisation, office=Office.SEKCAM, area=kecamatan
    )
    objects.add_other("person", {"pk": position.person_id})
    objects.add_other("position", {"pk": position.pk})
    objects.add_other("contactpoint", {"pk": contact.pk})
    objects.add_other("organisation", {"pk": organisation.pk})

    incident = make_incident(
        by_user=reporter,
        area_code=OTHER_DESA,
        title="Matriks akses: bentrok di depan posko (Bontang)",
        occurred_at=wita(2024, 11, 26, 9),
        known_at=wita(2024, 11, 26, 10),
        informant={"full_name": "Informan Matriks (fiktif)", "phone": "+6281200000002"},
    )
    evidence = evidence_from_bytes(incident=incident, name="bukti.png", data=_png(), by_user=reporter)
    action = follow_up_add(
        incident=incident,
        description="Koordinasi dengan Polsek",
        owner=Person.objects.get(user=reporter),
        due_date=date(2024, 11, 30),
        by_user=reporter,
    )
    if not Escalation.objects.filter(incident=incident).exists():
        alertgroup_split(incident=incident, by_user=admin)
    escalation = Escalation.objects.filter(incident=incident).order_by("pk").first()
    assert escalation is not None, "no escalation for the other kabupaten's incident"
    objects.add_other("incident", {"number": incident.number})
    objects.add_other("evidence", {"pk": evidence.pk})
    objects.add_other("followup", {"pk": action.pk})
    objects.add_other("escalation", {"number": incident.number, "pk": escalation.pk})
    # Each kabupaten keeps its own ladder: a policy for Bontang's incidents.
    policy = escalationpolicy_save(
        by_user=admin,
        name="Matriks akses: tangga Bontang",
        priority=90,
        is_active=False,
        areas=[kecamatan],
    )
    objects.add_other("escalationpolicy", {"pk": policy.pk})
    # And its own grouping rules.
    rule = alertgrouprule_save(
        by_user=admin,
        name="Matriks akses: kelompok Bontang",
        is_active=False,
        area=AdminUnit.objects.get(code=OTHER_KAB),
    )
    objects.add_other("alertgrouprule", {"pk": rule.pk})

    # A message to the camat's staff (its delivery in the log) and an email to them in the outbox.
    from notifications.models import OutboxEmail
    from notifications.services import notification_send

    message = notification_send(
        text="Matriks akses: pesan Bontang", recipients=[contact.person], idempotency_key="matriks-bontang"
    )
    objects.add_other(
        "delivery", {"pk": message.deliveries.order_by("pk").values_list("pk", flat=True).first()}
    )
    email = OutboxEmail.objects.create(
        subject="Atur ulang kata sandi", from_email="noreply@demo.invalid", to=contact.value, body="Fiktif."
    )
    objects.add_other("outboxemail", {"pk": email.pk})

    from intake.services import intake_receive

    received = intake_receive(
        channel="sms",
        external_id="matriks-bontang",
        text="Warga melaporkan massa berkumpul (uji matriks akses).",
        sender="+6281200000009",
        area=AdminUnit.objects.get(code=OTHER_DESA),
        severity=3,
    )
    objects.add_other("unverifiedintake", {"pk": received.intake.pk})

    from coordination.services import action_create, meeting_create

    tracked = action_create(
        title="Matriks akses: patroli (Bontang)", due_date=date(2024, 11, 30), area=kecamatan, by_user=admin
    )
    objects.add_other("trackedaction", {"pk": tracked.pk})
    meeting = meeting_create(
        title="Matriks akses: rakor (Bontang)",
        group_label="LO pasangan calon",
        area=kecamatan,
        starts_at=timezone.now(),
        place="Aula kantor camat",
        agenda="Koordinasi",
        by_user=admin,
    )
    objects.add_other("meeting", {"pk": meeting.pk})

    # Each kabupaten runs its own Bimtek: one organised in Bontang, its field reporter taking part.
    from training.services import registration_create
    from training.tests.factories import ProgrammeFactory, SessionFactory

    organiser = OrganisationFactory(name="Pemerintah Kota Bontang (matriks)", area=kecamatan.parent)
    programme = ProgrammeFactory(title="Bimtek Matriks Bontang", organiser=organiser, created_by=admin)
    session = SessionFactory(programme=programme)
    registration_create(programme=programme, person=Person.objects.get(user=reporter), organisation=organiser)
    objects.add_other("programme", {"pk": programme.pk})
    objects.add_other("programme_session", {"pk": programme.pk, "session_pk": session.pk})

    # Its own Kobo/ODK integration, which Kutai Timur's Kesbangpol does not see.
    from collect.services import formintegration_create

    integration, _token = formintegration_create(
        name="Kobo Matriks Bontang", kind="odk", area=AdminUnit.objects.get(code=OTHER_KAB), by_user=admin
    )
    objects.add_other("formintegration", {"pk": integration.pk})
    return users


def matrix_objects_create() -> MatrixObjects:
    """Add the matrix's rows to the seeded demo data and return every pair of URL kwargs."""
    users = {
        "kesbangpol": _user("kesbangpol"),
        "camat": _user("camat.sangatta.utara"),
        "camat.bengalon": _user("camat.bengalon"),
        "kapolsek": _user("kapolsek.sangatta.utara"),
        "pelapor": _user("pelapor.sangatta.utara"),
        "pelatih": _user("pelatih"),
        "pelapor.bengalon": _field_reporter_of_bengalon(),
    }
    objects = MatrixObjects()
    _accounts(objects, users)
    _regions_and_risk(objects)
    _stakeholders(objects, users)
    _incidents(objects, users)
    _situation(objects, users)
    _training(objects, users)
    _notifications(objects, users)
    _webhooks(objects, users)
    _intake(objects)
    _coordination(objects, users)
    _api(objects, users)
    _collect(objects, users)
    unused = set(objects.pairs) - {kind for kind, _ in ROUTE_OBJECTS.values()}
    assert not unused, f"objects no route uses: {unused}"
    return objects
