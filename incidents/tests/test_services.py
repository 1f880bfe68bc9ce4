import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AccessRecord
from incidents.choices import EventKind, IncidentKind, LinkKind, ReferralTarget, RejectReason, Status, Track
from incidents.hooks import incident_hook_register, incident_hook_unregister
from incidents.models import ConfidentialInformant, Incident, IncidentEvent
from incidents.services import (
    StaleIncidentError,
    follow_up_add,
    incident_assign,
    incident_change_severity,
    incident_close,
    incident_link,
    incident_promote,
    incident_reject,
    incident_reopen,
    incident_resolve,
    incident_update,
    incident_verify,
    informant_reveal,
    note_add,
    referral_add,
)
from incidents.tests.factories import make_incident, wita
from regions.models import AdminUnit, Election, PollingStation
from stakeholders.tests.factories import OrganisationFactory, PersonFactory


def _assign(incident, user):
    org = OrganisationFactory(area=AdminUnit.objects.get(code="64.08.04"))
    return incident_assign(
        incident=incident,
        expected_version=incident.version,
        by_user=user,
        lead_organisation=org,
        responsible_person=PersonFactory(),
    )


def test_a_new_report_gets_a_public_number_phase_track_and_a_created_event(reporter):
    incident = make_incident(by_user=reporter)
    assert re.fullmatch(rf"INS-{timezone.localdate().year}-\d{{6}}", incident.number)
    assert incident.status == Status.BARU
    assert incident.track == Track.K
    assert incident.phase.code == "kampanye"
    assert incident.area_code == "64.08.04.2001"
    assert incident.reporter_person == reporter.person
    # A severity-3 clash matches a default escalation policy, which starts in the same transaction.
    assert list(incident.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.ESCALATION_STARTED,
    ]


def test_numbers_are_unique_and_increasing(reporter):
    first = make_incident(by_user=reporter)
    second = make_incident(by_user=reporter)
    assert first.number != second.number
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1


def test_p_track_report_gets_a_bawaslu_deadline_seven_days_after_known(reporter):
    incident = make_incident(by_user=reporter, category="POLITIK_UANG")
    assert incident.bawaslu_deadline == wita(2024, 10, 17, 10)
    assert incident.legal_clock_overdue is True
    referral_add(
        incident=incident, target=ReferralTarget.BAWASLU, referred_at=wita(2024, 10, 12), by_user=reporter
    )
    incident.refresh_from_db()
    assert incident.legal_clock_overdue is False


def test_k_track_report_has_no_legal_clock(reporter):
    assert make_incident(by_user=reporter, category="INTIMIDASI").bawaslu_deadline is None


def test_occurrence_in_the_future_is_refused(reporter):
    with pytest.raises(ValidationError, match="masa depan"):
        make_incident(by_user=reporter, occurred_at=wita(2099, 1, 1), known_at=wita(2099, 1, 1))
    assert not Incident.objects.exists()


def test_known_before_it_happened_is_refused(reporter):
    with pytest.raises(ValidationError, match="sebelum waktu kejadian"):
        make_incident(by_user=reporter, occurred_at=wita(2024, 10, 10, 12), known_at=wita(2024, 10, 10, 8))


def test_point_outside_kutai_timur_is_refused(reporter):
    with pytest.raises(ValidationError, match="luar wilayah kabupaten yang dilayani"):
        make_incident(by_user=reporter, lat=-6.2, lng=106.8)


def test_point_inside_kutai_timur_is_kept(reporter):
    incident = make_incident(by_user=reporter, lat=0.48607, lng=117.573683)
    assert (incident.lat, incident.lng) == (0.48607, 117.573683)


def test_a_tps_of_another_desa_is_refused(reporter):
    tps = PollingStation.objects.create(
        election=Election.objects.first(), desa=AdminUnit.objects.get(code="64.08.09.2001"), number=1
    )
    with pytest.raises(ValidationError, match="TPS ini tidak berada"):
        make_incident(by_user=reporter, polling_station=tps)


def test_negative_casualties_are_refused(reporter):
    with pytest.raises(ValidationError):
        make_incident(by_user=reporter, injured=-1)


def test_workflow_from_baru_to_ditutup_writes_one_event_per_step(operator, reporter):
    incident = make_incident(by_user=reporter)
    incident = incident_verify(incident=incident, expected_version=incident.version, by_user=operator)
    incident = _assign(incident, operator)
    assert incident.status == Status.DITANGANI
    incident = incident_resolve(incident=incident, expected_version=incident.version, by_user=operator)
    incident = incident_close(incident=incident, expected_version=incident.version, by_user=operator)
    assert incident.status == Status.DITUTUP
    assert incident.closed_at is not None
    kinds = list(incident.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.ESCALATION_STARTED,
        EventKind.STATUS,
        EventKind.ASSIGNED,
        EventKind.STATUS,
        EventKind.ESCALATION_STOPPED,  # resolving stops the escalation
        EventKind.STATUS,
    ]
    assert incident.events.last().old == {"status": "selesai"}
    assert incident.version == 5


def test_closing_a_new_report_is_refused_in_indonesian(operator, reporter):
    incident = make_incident(by_user=reporter)
    with pytest.raises(ValidationError, match="tidak dapat diubah dari “Baru” menjadi “Ditutup”"):
        incident_close(incident=incident, expected_version=incident.version, by_user=operator)
    incident.refresh_from_db()
    assert incident.status == Status.BARU


def test_assigning_an_unverified_report_is_refused(operator, reporter):
    incident = make_incident(by_user=reporter)
    with pytest.raises(ValidationError, match="Hanya laporan terverifikasi"):
        _assign(incident, operator)


def test_reject_needs_a_reason_and_a_duplicate_is_linked_to_its_main_report(operator, reporter):
    main = make_incident(by_user=reporter)
    copy = make_incident(by_user=reporter)
    with pytest.raises(ValidationError, match="nomor laporan utama"):
        incident_reject(
            incident=copy, expected_version=copy.version, by_user=operator, reason=RejectReason.DUPLIKAT
        )
    copy = incident_reject(
        incident=copy,
        expected_version=copy.version,
        by_user=operator,
        reason=RejectReason.DUPLIKAT,
        duplicate_of=main,
    )
    assert copy.status == Status.DITOLAK
    assert copy.links_out.get().target == main
    assert main.events.filter(kind=EventKind.LINK).exists()


def test_reopen_of_a_closed_incident_is_recorded_and_returns_to_ditangani(operator, reporter):
    incident = make_incident(by_user=reporter)
    incident = incident_verify(incident=incident, expected_version=None, by_user=operator)
    incident = _assign(incident, operator)
    incident = incident_resolve(incident=incident, expected_version=None, by_user=operator)
    incident = incident_close(incident=incident, expected_version=None, by_user=operator)
    incident = incident_reopen(
        incident=incident, expected_version=incident.version, by_user=operator, reason="Massa kembali"
    )
    assert incident.status == Status.DITANGANI
    event = incident.events.last()
    assert event.kind == EventKind.REOPENED
    assert event.note == "Massa kembali"


def test_reopen_of_a_rejected_report_returns_it_to_baru(operator, reporter):
    incident = make_incident(by_user=reporter)
    incident = incident_reject(
        incident=incident, expected_version=None, by_user=operator, reason=RejectReason.HOAKS
    )
    incident = incident_reopen(
        incident=incident, expected_version=None, by_user=operator, reason="Ternyata benar"
    )
    assert incident.status == Status.BARU
    assert incident.reject_reason == ""


def test_a_stale_edit_is_refused_with_what_changed_and_nothing_is_saved(operator, other_operator, reporter):
    incident = make_incident(by_user=reporter)
    loaded_version = incident.version
    incident_change_severity(incident=incident, expected_version=loaded_version, by_user=operator, severity=5)
    with pytest.raises(
        StaleIncidentError,
        match=r"sudah diubah orang lain.*Rudi Camat.*tingkat keparahan: 3 Sedang → 5 Kritis/darurat",
    ):
        incident_update(
            incident=incident, expected_version=loaded_version, by_user=other_operator, title="Judul baru"
        )
    incident.refresh_from_db()
    assert incident.title == "Kericuhan di depan posko"
    assert incident.severity == 5


def test_field_edit_records_old_and_new_values(operator, reporter):
    incident = make_incident(by_user=reporter)
    incident = incident_update(
        incident=incident, expected_version=incident.version, by_user=operator, injured=3
    )
    event = incident.events.last()
    assert (event.kind, event.old, event.new) == (EventKind.FIELDS, {"injured": 0}, {"injured": 3})


def test_changing_the_category_to_p_track_starts_the_legal_clock(operator, reporter):
    incident = make_incident(by_user=reporter, category="INTIMIDASI")
    from incidents.models import IncidentCategory

    incident = incident_update(
        incident=incident,
        expected_version=incident.version,
        by_user=operator,
        category=IncidentCategory.objects.get(code="NETRALITAS_ASN"),
    )
    assert incident.track == Track.P
    assert incident.bawaslu_deadline == wita(2024, 10, 17, 10)


def test_promoting_an_early_warning_keeps_number_and_history(operator, reporter):
    warning = make_incident(by_user=reporter, kind=IncidentKind.EARLY_WARNING, severity=1)
    promoted = incident_promote(incident=warning, expected_version=warning.version, by_user=operator)
    assert promoted.number == warning.number
    assert promoted.kind == IncidentKind.INCIDENT
    assert [e.kind for e in promoted.events.all()] == [EventKind.CREATED, EventKind.PROMOTED]


def test_notes_follow_ups_and_links_are_on_the_timeline(operator, reporter):
    incident = make_incident(by_user=reporter)
    other = make_incident(by_user=reporter)
    note_add(incident=incident, body="Koordinasi dengan Polsek", by_user=operator)
    follow_up_add(
        incident=incident,
        description="Patroli",
        owner=PersonFactory(),
        due_date=wita(2024, 10, 12).date(),
        by_user=operator,
    )
    incident_link(source=incident, target=other, kind=LinkKind.RELATED, by_user=operator)
    kinds = set(incident.events.values_list("kind", flat=True))
    assert {EventKind.NOTE, EventKind.FOLLOW_UP, EventKind.LINK} <= kinds
    # The note's text lives in the note, not in the machine record.
    assert "Koordinasi" not in str(list(incident.events.values_list("new", flat=True)))


def test_linking_a_report_to_itself_is_refused(operator, reporter):
    incident = make_incident(by_user=reporter)
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        incident_link(source=incident, target=incident, kind=LinkKind.RELATED, by_user=operator)


def test_confidential_informant_is_stored_apart_and_each_reveal_is_logged(kab_admin, reporter):
    incident = make_incident(by_user=reporter, informant={"full_name": "Warga Rahasia", "phone": "0812"})
    assert incident.has_confidential_informant is True
    assert "Warga Rahasia" not in str(list(IncidentEvent.objects.values_list("new", flat=True)))
    informant = informant_reveal(incident=incident, by_user=kab_admin, purpose="klarifikasi")
    assert informant.full_name == "Warga Rahasia"
    assert (
        AccessRecord.objects.filter(kind="informant", object_repr=incident.number, user=kab_admin).count()
        == 1
    )
    assert ConfidentialInformant.objects.count() == 1


def test_a_registered_hook_sees_every_event_inside_the_transaction(operator, reporter):
    seen = []

    def hook(*, incident, event):
        seen.append((incident.number, event.kind, event.new.get("status")))

    incident_hook_register(hook)
    try:
        incident = make_incident(by_user=reporter)
        incident_verify(incident=incident, expected_version=None, by_user=operator)
    finally:
        incident_hook_unregister(hook)
    assert seen == [
        (incident.number, EventKind.CREATED, "baru"),
        (incident.number, EventKind.STATUS, "terverifikasi"),
    ]


def test_a_failing_hook_rolls_the_change_back(operator, reporter):
    incident = make_incident(by_user=reporter)

    def hook(*, incident, event):
        raise RuntimeError("escalation down")

    incident_hook_register(hook)
    try:
        with pytest.raises(RuntimeError):
            incident_verify(incident=incident, expected_version=None, by_user=operator)
    finally:
        incident_hook_unregister(hook)
    incident.refresh_from_db()
    assert incident.status == Status.BARU
    assert list(incident.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.ESCALATION_STARTED,
    ]
