"""Inpres 2/2013: an incident of severity 4-5 gets a public-statement action and a report-upward action,
once each, whether it is reported so or raised later; they show on the incident page as open until their
steps are recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from coordination.choices import ActionSource, ActionStatus, ApprovalBody, InpresKind
from coordination.models import InpresObligation, TrackedAction
from coordination.services import inpres_report_send, inpres_statement_approve, inpres_statement_publish
from incidents.services import incident_change_severity, note_add
from incidents.tests.factories import make_incident

pytestmark = pytest.mark.django_db


def test_a_severity_5_report_gets_both_obligations_once(kab_admin):
    incident = make_incident(severity=5)
    obligations = InpresObligation.objects.filter(incident_id=incident.pk)
    assert {o.kind for o in obligations} == {InpresKind.PERNYATAAN, InpresKind.LAPORAN}
    actions = TrackedAction.objects.filter(incidents__id=incident.pk)
    assert {a.source for a in actions} == {ActionSource.INPRES_PERNYATAAN, ActionSource.INPRES_LAPORAN}
    assert all(a.status == ActionStatus.TERBUKA and a.area_code == incident.area_code for a in actions)
    statement = obligations.get(kind=InpresKind.PERNYATAAN)
    assert incident.number in statement.text
    # Further changes add nothing.
    note_add(incident=incident, body="Situasi terkendali", by_user=kab_admin)
    incident_change_severity(
        incident=incident, expected_version=None, severity=4, by_user=kab_admin, note="dinilai ulang"
    )
    assert InpresObligation.objects.filter(incident_id=incident.pk).count() == 2


def test_raising_a_report_to_severity_4_creates_them_and_a_lower_one_has_none(kab_admin):
    incident = make_incident(severity=3)
    assert not InpresObligation.objects.exists()
    incident_change_severity(
        incident=incident, expected_version=None, severity=4, by_user=kab_admin, note="ada korban luka"
    )
    assert InpresObligation.objects.filter(incident_id=incident.pk).count() == 2


def test_the_statement_is_done_once_approved_and_published(kab_admin):
    incident = make_incident(severity=5)
    statement = InpresObligation.objects.get(incident_id=incident.pk, kind=InpresKind.PERNYATAAN)
    with pytest.raises(ValidationError, match="persetujuan"):
        inpres_statement_publish(
            obligation=statement,
            published_at=timezone.now(),
            link="https://kutaitimurkab.go.id/x",
            by_user=kab_admin,
        )
    approved = timezone.now() - timedelta(hours=1)
    inpres_statement_approve(
        obligation=statement,
        text="Naskah akhir",
        body=ApprovalBody.KANTOR_BUPATI,
        approver_name="Sekda",
        approved_at=approved,
        by_user=kab_admin,
    )
    statement.refresh_from_db()
    assert statement.action.status == ActionStatus.BERJALAN
    inpres_statement_publish(
        obligation=statement,
        published_at=timezone.now(),
        link="https://kutaitimurkab.go.id/x",
        by_user=kab_admin,
    )
    statement.refresh_from_db()
    assert statement.action.status == ActionStatus.SELESAI
    assert statement.history.order_by("-history_id").first().history_user == kab_admin


def test_the_report_upward_needs_its_letter_number(kab_admin):
    incident = make_incident(severity=4)
    report = InpresObligation.objects.get(incident_id=incident.pk, kind=InpresKind.LAPORAN)
    with pytest.raises(ValidationError) as caught:
        inpres_report_send(
            obligation=report,
            recipient="Gubernur",
            letter_number=" ",
            sent_at=timezone.now(),
            by_user=kab_admin,
        )
    assert "letter_number" in caught.value.message_dict
    inpres_report_send(
        obligation=report,
        recipient="Gubernur",
        letter_number="300/123/Kesbangpol",
        sent_at=timezone.now(),
        by_user=kab_admin,
    )
    report.refresh_from_db()
    assert report.action.status == ActionStatus.SELESAI


def test_the_incident_page_shows_both_obligations_open(kab_admin, settings):
    settings.REPORT_LETTERHEAD = ["PEMERINTAH KABUPATEN KUTAI TIMUR", "BADAN KESBANGPOL", "Jl. Uji No. 1"]
    incident = make_incident(severity=5)
    client = Client()
    client.force_login(kab_admin)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="coordination-panel"' in page
    assert page.count('data-testid="coordination-action"') == 2
    assert 'data-source="inpres_pernyataan" data-status="terbuka"' in page
    assert 'data-source="inpres_laporan" data-status="terbuka"' in page
    report = InpresObligation.objects.get(incident_id=incident.pk, kind=InpresKind.LAPORAN)
    letter = client.get(f"/koordinasi/inpres/{report.pk}/surat.pdf")
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
