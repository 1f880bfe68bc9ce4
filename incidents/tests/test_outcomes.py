"""How a case ends: Bawaslu's steps, recommendations and decisions, closing notes, another body's
handling; the case's story, the per-incident PDF and the Bawaslu recap."""

import io
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core.testing import ViewAccessCase, assert_view_access
from incidents.choices import BawasluState, EventKind, OutcomeKind, OutcomeStage, ReferralTarget, Status
from incidents.exports import RECAP_HEADERS
from incidents.services import (
    bawaslu_step_add,
    incident_assign,
    incident_reopen,
    incident_resolve,
    incident_resolve_elsewhere,
    incident_verify,
    outcome_add,
    referral_add,
)
from incidents.story import incident_story
from incidents.tests.factories import make_incident, wita
from regions.models import AdminUnit, Election, PollingStation
from stakeholders.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def election(kutim):
    """The 2024 Pilkada of the shipped calendar: the election the double vote belongs to."""
    return Election.objects.get(code="pilkada-2024")


@pytest.fixture
def tps088(election):
    return PollingStation.objects.create(
        election=election, desa=AdminUnit.objects.get(code="64.08.04.2001"), number=88
    )


@pytest.fixture
def double_vote(reporter, kab_admin):
    incident = make_incident(
        by_user=reporter,
        category="PEMILIH_GANDA",
        title="Pemilih mencoblos dua kali",
        occurred_at=wita(2024, 11, 27, 10),
        known_at=wita(2024, 11, 27, 11),
        severity=3,
    )
    return incident_verify(incident=incident, expected_version=None, by_user=kab_admin)


def test_bawaslu_steps_are_recorded_with_their_register_numbers_and_stop_the_clock(double_vote, kab_admin):
    bawaslu_step_add(
        incident=double_vote, state=BawasluState.DITERIMA, on_date=date(2024, 11, 27), by_user=kab_admin
    )
    bawaslu_step_add(
        incident=double_vote,
        state=BawasluState.DIREGISTRASI,
        on_date=date(2024, 11, 28),
        register_number="003/Reg/LP/PB/Kab/23.09/XI/2024",
        by_user=kab_admin,
    )
    double_vote.refresh_from_db()
    assert double_vote.bawaslu_state == BawasluState.DIREGISTRASI
    assert double_vote.bawaslu_referred_at == wita(2024, 11, 27, 0)
    assert not double_vote.legal_clock_overdue
    event = double_vote.events.filter(kind=EventKind.BAWASLU).last()
    assert "003/Reg/LP/PB/Kab/23.09/XI/2024" in event.note
    assert event.actor == kab_admin


def test_a_case_stopped_at_gakkumdu_tells_why(kab_admin):
    incident = make_incident(category="PENYALAHGUNAAN_FASILITAS", area_code="64.08", severity=2)
    bawaslu_step_add(
        incident=incident,
        state=BawasluState.DITERUSKAN_GAKKUMDU,
        on_date=date(2024, 10, 20),
        by_user=kab_admin,
    )
    bawaslu_step_add(
        incident=incident,
        state=BawasluState.DIHENTIKAN,
        on_date=date(2024, 10, 30),
        note="Tidak cukup bukti.",
        by_user=kab_admin,
    )
    incident.refresh_from_db()
    steps = list(incident.bawaslu_steps.all())
    assert steps[0].forwarded_to == ReferralTarget.GAKKUMDU
    assert incident.bawaslu_state == BawasluState.DIHENTIKAN
    story = [line.text for line in incident_story(incident)]
    assert any("Dihentikan" in text and "Tidak cukup bukti." in text for text in story)


def test_a_forward_must_say_where_and_a_step_cannot_be_in_the_future(double_vote, kab_admin):
    with pytest.raises(ValidationError) as caught:
        bawaslu_step_add(
            incident=double_vote, state=BawasluState.DITERUSKAN, on_date=date(2099, 1, 1), by_user=kab_admin
        )
    assert set(caught.value.message_dict) == {"forwarded_to", "on_date"}
    assert not double_vote.bawaslu_steps.exists()


def test_a_psu_names_its_tps_ballots_day_and_hours(double_vote, kab_admin, tps088):
    outcome = outcome_add(
        incident=double_vote,
        kind=OutcomeKind.PSU,
        stage=OutcomeStage.PUTUSAN,
        issued_by="KPU Kabupaten Kutai Timur",
        issued_on=date(2024, 11, 29),
        polling_stations=[tps088],
        ballot_types=["bupati", "gubernur"],
        held_on=date(2024, 12, 2),
        starts_at=time(7),
        ends_at=time(13),
        by_user=kab_admin,
    )
    assert list(outcome.polling_stations.all()) == [tps088]
    note = double_vote.events.get(kind=EventKind.OUTCOME).note
    assert "TPS 088" in note
    assert "Bupati dan Wakil Bupati" in note
    assert "07:00-13:00" in note


def test_a_psu_without_tps_or_ballots_is_refused_and_a_tps_elsewhere_too(kab_admin, double_vote, election):
    with pytest.raises(ValidationError) as caught:
        outcome_add(
            incident=double_vote,
            kind=OutcomeKind.PSU,
            issued_by="Bawaslu",
            issued_on=date(2024, 11, 28),
            by_user=kab_admin,
        )
    assert set(caught.value.message_dict) == {"polling_stations", "ballot_types"}
    elsewhere = PollingStation.objects.create(
        election=election, desa=AdminUnit.objects.get(code="64.08.09.2001"), number=1
    )
    with pytest.raises(ValidationError) as caught:
        outcome_add(
            incident=double_vote,
            kind=OutcomeKind.PSU,
            issued_by="Bawaslu",
            issued_on=date(2024, 11, 28),
            polling_stations=[elsewhere],
            ballot_types=["bupati"],
            by_user=kab_admin,
        )
    assert any("di luar wilayah" in m for m in caught.value.message_dict["polling_stations"])
    of_2019 = PollingStation.objects.create(
        election=Election.objects.get(code="pemilu-2019"),
        desa=AdminUnit.objects.get(code="64.08.04.2001"),
        number=3,
    )
    with pytest.raises(ValidationError) as caught:
        outcome_add(
            incident=double_vote,
            kind=OutcomeKind.PSU,
            issued_by="Bawaslu",
            issued_on=date(2024, 11, 28),
            polling_stations=[of_2019],
            ballot_types=["bupati"],
            by_user=kab_admin,
        )
    assert "pemilihan lain" in caught.value.message_dict["polling_stations"][0]
    assert not double_vote.outcomes.exists()


def test_a_sanction_says_by_whom(kab_admin):
    incident = make_incident(category="NETRALITAS_ASN", area_code="64.08", severity=2)
    with pytest.raises(ValidationError):
        outcome_add(
            incident=incident,
            kind=OutcomeKind.SANKSI,
            issued_by="Bawaslu",
            issued_on=date(2024, 10, 30),
            sanction="Teguran tertulis",
            by_user=kab_admin,
        )
    outcome_add(
        incident=incident,
        kind=OutcomeKind.SANKSI,
        stage=OutcomeStage.REKOMENDASI,
        issued_by="Bawaslu Kabupaten Kutai Timur",
        issued_on=date(2024, 10, 30),
        sanction="Hukuman disiplin sedang",
        sanctioned_by="BKN / BKPSDM Kutai Timur",
        by_user=kab_admin,
    )
    assert "BKN / BKPSDM Kutai Timur" in incident_story(incident)[-1].text


def test_tandai_selesai_keeps_its_closing_note(double_vote, kab_admin):
    org = OrganisationFactory()
    person = kab_admin.person
    incident = incident_assign(
        incident=double_vote,
        expected_version=None,
        by_user=kab_admin,
        lead_organisation=org,
        responsible_person=person,
    )
    incident = incident_resolve(
        incident=incident, expected_version=None, by_user=kab_admin, note="PSU berjalan tertib di TPS 088."
    )
    assert incident.resolution_note == "PSU berjalan tertib di TPS 088."
    assert incident_story(incident)[-1].text.endswith("PSU berjalan tertib di TPS 088.")


def test_a_case_handled_by_another_body_closes_without_an_invented_assignment(kab_admin):
    incident = make_incident(category="BENTROK_MASSA", severity=4)
    assert incident.escalations.filter(status="aktif").exists()
    with pytest.raises(ValidationError):
        incident_resolve_elsewhere(
            incident=incident, expected_version=None, by_user=kab_admin, body="Bawaslu", note=""
        )
    incident = incident_resolve_elsewhere(
        incident=incident,
        expected_version=None,
        by_user=kab_admin,
        body="Bawaslu Kabupaten Kutai Timur",
        note="Ditangani dan diputus Bawaslu.",
    )
    assert incident.status == Status.SELESAI
    assert (incident.lead_organisation_id, incident.responsible_person_id) == (None, None)
    assert incident.handled_elsewhere_by == "Bawaslu Kabupaten Kutai Timur"
    assert not incident.escalations.filter(status="aktif").exists()
    incident = incident_reopen(
        incident=incident, expected_version=None, by_user=kab_admin, reason="Ada laporan baru"
    )
    assert (incident.status, incident.handled_elsewhere_by, incident.resolution_note) == (
        Status.TERVERIFIKASI,
        "",
        "",
    )


def test_the_story_tells_the_case_in_the_order_it_happened(double_vote, kab_admin):
    referral_add(
        incident=double_vote,
        target=ReferralTarget.BAWASLU,
        referred_at=wita(2024, 11, 27, 12),
        register_number="REG-1",
        by_user=kab_admin,
    )
    outcome_add(
        incident=double_vote,
        kind=OutcomeKind.KOREKSI_ADMINISTRASI,
        issued_by="Panwaslu Kecamatan Sangatta Utara",
        issued_on=date(2024, 11, 28),
        description="KPPS diminta mencoret pemilih ganda dari DPK.",
        by_user=kab_admin,
    )
    kinds = [line.kind for line in incident_story(double_vote)]
    assert kinds == ["occurred", "known", "referral", "outcome"]


# --- the pages -----------------------------------------------------------------------------------


def test_outcome_routes_are_for_the_officials_who_triage_the_case(
    double_vote, operator, other_operator, reporter
):
    for name, data in (
        ("incidents:bawaslu_step_create", {"bawaslu-state": "diterima", "bawaslu-on_date": "2024-11-27"}),
        (
            "incidents:outcome_create",
            {
                "hasil-kind": "koreksi_administrasi",
                "hasil-stage": "rekomendasi",
                "hasil-issued_by": "Panwascam",
                "hasil-issued_on": "2024-11-28",
                "hasil-description": "Coret pemilih ganda.",
            },
        ),
    ):
        assert_view_access(
            ViewAccessCase(
                url=reverse(name, args=[double_vote.number]),
                method="post",
                data=data,
                without_permission=reporter,
                in_scope=operator,
                out_of_scope=other_operator,
                ok_status=(302,),
            )
        )
    assert double_vote.bawaslu_steps.count() == 1
    assert double_vote.outcomes.count() == 1
    page = _client(operator).get(double_vote.get_absolute_url())
    assert "Coret pemilih ganda." in page.content.decode()


def test_the_close_elsewhere_page_action(double_vote, operator, other_operator, reporter):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_resolve_elsewhere", args=[double_vote.number]),
            method="post",
            data={"version": double_vote.version, "body": "Bawaslu", "note": "Diputus Bawaslu."},
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    double_vote.refresh_from_db()
    assert double_vote.status == Status.SELESAI


def test_the_laporan_kejadian_is_one_page_with_letterhead_story_and_no_informant(
    kab_admin, reporter, settings
):
    settings.REPORT_LETTERHEAD = ["PEMERINTAH KABUPATEN KUTAI TIMUR", "BADAN KESBANGPOL", "Jl. Uji No. 1"]
    incident = make_incident(
        by_user=reporter,
        category="PEMILIH_GANDA",
        title="Pemilih ganda di TPS",
        informant={"full_name": "Informan Rahasia Sekali"},
    )
    bawaslu_step_add(
        incident=incident,
        state=BawasluState.DIREGISTRASI,
        on_date=date(2024, 10, 11),
        register_number="001/Reg/LP/PB/Kab/23.09/X/2024",
        by_user=kab_admin,
    )
    response = _client(kab_admin).get(reverse("incidents:incident_report_pdf", args=[incident.number]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "BADAN KESBANGPOL" in text
    assert incident.number in text
    assert "001/Reg/LP/PB/Kab/23.09/X/2024" in text
    assert "Informan Rahasia Sekali" not in text


def test_the_laporan_kejadian_follows_the_incident_scope(double_vote, operator, other_operator, trainer):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_report_pdf", args=[double_vote.number]),
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_the_bawaslu_recap_has_one_row_per_case_with_referrals_and_outcome(kab_admin, double_vote):
    make_incident(category="BENTROK_MASSA")  # track K: not Bawaslu's
    referral_add(
        incident=double_vote,
        target=ReferralTarget.BAWASLU,
        referred_at=wita(2024, 11, 27, 12),
        register_number="REG-9",
        by_user=kab_admin,
    )
    bawaslu_step_add(
        incident=double_vote,
        state=BawasluState.DIPUTUS,
        on_date=date(2024, 11, 29),
        register_number="004/Reg/LP/PB/Kab/23.09/XI/2024",
        by_user=kab_admin,
    )
    response = _client(kab_admin).get(reverse("incidents:incident_recap"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == RECAP_HEADERS
    assert len(rows) == 2
    row = dict(zip(RECAP_HEADERS, rows[1], strict=True))
    assert row["nomor"] == double_vote.number
    assert "REG-9" in row["rujukan"]
    assert row["nomor_register"] == "REG-9; 004/Reg/LP/PB/Kab/23.09/XI/2024"
    assert row["tahap_bawaslu_terakhir"] == "Diputus"


def test_the_recap_is_for_whom_may_export(trainer, operator):
    assert_view_access(
        ViewAccessCase(url=reverse("incidents:incident_recap"), without_permission=trainer, in_scope=operator)
    )
