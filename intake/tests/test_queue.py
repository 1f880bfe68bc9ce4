"""The unverified-intake queue: receive (idempotent, no escalation), accept, merge, reject, scope, feedback."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.choices import IncidentKind, Status
from incidents.models import Incident, IncidentCategory
from incidents.services import incident_reject, incident_verify
from incidents.tests.factories import make_incident
from incidents.tests.files import jpeg_bytes
from intake.choices import IntakeChannel, IntakeStatus, ReplyStatus
from intake.models import IntakeReply, UnverifiedIntake
from intake.selectors import intake_pending_visible_to
from intake.services import (
    Attachment,
    channel_report_create,
    intake_accept,
    intake_merge,
    intake_receive,
    intake_reject,
)
from notifications.models import InboxItem
from regions.models import AdminUnit
from stakeholders.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _receive(**fields):
    values = {
        "channel": IntakeChannel.SMS,
        "external_id": "sms-1",
        "text": "Ada bentrok dua kelompok di depan balai desa",
        "sender": "+6281234567890",
        "area": AdminUnit.objects.get(code="64.08.04.2001"),
        "severity": 4,
    }
    values.update(fields)
    return intake_receive(**values)


def test_an_intake_waits_in_its_area_and_starts_no_escalation(kutim):
    result = _receive(attachments=[Attachment(name="foto.jpg", data=jpeg_bytes())])
    intake = result.intake
    assert result.created
    assert intake.status == IntakeStatus.PENDING
    assert intake.area_code == "64.08.04.2001"
    assert intake.attachments.count() == 1
    assert not Incident.objects.exists()


def test_a_repeated_delivery_returns_the_first_intake(kutim):
    first = _receive().intake
    again = _receive(text="lain")
    assert not again.created
    assert again.intake.pk == first.pk
    assert UnverifiedIntake.objects.count() == 1


def test_an_attachment_that_is_no_photo_is_refused_with_a_field_message(kutim):
    with pytest.raises(ValidationError) as refused:
        _receive(attachments=[Attachment(name="foto.jpg", data=b"MZ\x90\x00 not a picture")])
    assert "attachments" in refused.value.message_dict
    assert not UnverifiedIntake.objects.exists()


def test_accepting_makes_a_report_that_escalates_by_the_normal_rules(kutim, operator):
    intake = _receive(attachments=[Attachment(name="foto.jpg", data=jpeg_bytes())]).intake
    incident = intake_accept(
        intake=intake,
        by_user=operator,
        kind=IncidentKind.INCIDENT,
        category=IncidentCategory.objects.get(code="BENTROK_MASSA"),
        severity=4,
        area=intake.area,
    )
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.ACCEPTED
    assert intake.incident == incident
    assert "Pesan asli (SMS, dari +6281234567890" in incident.chronology
    assert incident.evidence.count() == 1
    assert incident.escalations.exists()  # a severity-4 clash matches the seeded policy
    with pytest.raises(ValidationError):
        intake_reject(intake=intake, reason="spam", by_user=operator)


def test_merging_adds_the_message_and_photo_to_the_existing_report(kutim, operator):
    incident = make_incident()
    intake = _receive(attachments=[Attachment(name="foto.jpg", data=jpeg_bytes())]).intake
    intake_merge(intake=intake, incident=incident, by_user=operator, note="Laporan yang sama")
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.MERGED
    assert intake.incident == incident
    assert incident.notes.get().body.startswith("Laporan yang sama")
    assert incident.evidence.count() == 1


def test_rejecting_needs_a_reason_and_tells_the_sender(kutim, operator):
    intake = _receive().intake
    with pytest.raises(ValidationError) as refused:
        intake_reject(intake=intake, reason=" ", by_user=operator)
    assert "reason" in refused.value.message_dict
    intake_reject(intake=intake, reason="Bukan di Kutai Timur", by_user=operator)
    reply = IntakeReply.objects.get()
    assert reply.channel == IntakeChannel.SMS
    assert reply.address == "+6281234567890"
    assert "Bukan di Kutai Timur" in reply.text
    assert reply.status == ReplyStatus.QUEUED


def test_the_queue_is_scoped_to_the_operators_area(kutim, operator, other_operator, kab_admin):
    here = _receive().intake
    elsewhere = _receive(external_id="sms-2", area=AdminUnit.objects.get(code="64.08.09")).intake
    nowhere = _receive(external_id="sms-3", area=None).intake
    assert list(intake_pending_visible_to(operator)) == [here]
    assert list(intake_pending_visible_to(other_operator)) == [elsewhere]
    assert set(intake_pending_visible_to(kab_admin)) == {here, elsewhere, nowhere}


def test_a_registry_person_without_an_account_files_a_normal_report(kutim):
    person = PersonFactory(full_name="Pak Linmas")
    incident = channel_report_create(
        person=person, text="Spanduk dirusak", area=AdminUnit.objects.get(code="64.08.04.2001"), severity=1
    )
    assert incident.reporter_person == person
    assert incident.reporter.username == "kanal-masuk"
    assert incident.kind == IncidentKind.EARLY_WARNING
    assert incident.status == Status.BARU


def test_the_sender_of_an_accepted_intake_hears_of_the_verification_and_the_rejection(kutim, operator):
    intake = _receive(severity=2).intake
    incident = intake_accept(
        intake=intake,
        by_user=operator,
        kind=IncidentKind.INCIDENT,
        category=IncidentCategory.objects.get(code="LAINNYA"),
        severity=2,
        area=intake.area,
    )
    incident_verify(incident=incident, expected_version=None, by_user=operator)
    incident_reject(
        incident=incident, expected_version=None, by_user=operator, reason="hoaks", note="tidak terbukti"
    )
    texts = list(IntakeReply.objects.order_by("pk").values_list("text", flat=True))
    assert texts[0] == f"Laporan {incident.number} sudah diverifikasi petugas. Terima kasih."
    assert texts[1].startswith(f"Laporan {incident.number} ditolak: ")
    assert "tidak terbukti" in texts[1]


def test_the_reporter_of_a_web_report_is_told_in_the_app(kutim, operator, reporter):
    incident = make_incident(by_user=reporter, severity=2, category="LAINNYA")
    incident_verify(incident=incident, expected_version=None, by_user=operator)
    item = InboxItem.objects.get(person__user=reporter)
    assert item.message.text == f"Laporan {incident.number} sudah diverifikasi petugas. Terima kasih."


def test_the_triage_queue_links_operators_to_the_intake_queue(client, operator, reporter):
    client.force_login(operator)
    page = client.get(reverse("incidents:incident_list")).content.decode()
    assert reverse("intake:intake_list") in page
    client.force_login(reporter)
    page = client.get(reverse("incidents:incident_list")).content.decode()
    assert reverse("intake:intake_list") not in page


def test_the_queue_pages_every_waiting_intake_with_a_fixed_number_of_queries(
    client, kab_admin, django_assert_max_num_queries
):
    from intake.views import PAGE_SIZE

    for n in range(PAGE_SIZE + 1):
        _receive(external_id=f"sms-page-{n}")
    client.force_login(kab_admin)
    url = reverse("intake:intake_list")
    first = client.get(url)
    assert len(first.context["pending"]) == PAGE_SIZE
    assert f"{PAGE_SIZE + 1} laporan menunggu keputusan" in first.content.decode()
    last = client.get(url, {"page": 2})
    assert len(last.context["pending"]) == 1
    with django_assert_max_num_queries(25) as captured:
        client.get(url)
    few = len(captured.captured_queries)
    for n in range(5):
        _receive(external_id=f"sms-more-{n}")
    with django_assert_max_num_queries(few):
        client.get(url)
