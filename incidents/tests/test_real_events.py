"""Issue 14's "done when": the eight real, publicly reported election events of Kutai Timur (Pilkada
2024, Pemilu 2019), entered as Kesbangpol's operator would, each recorded faithfully, and none of the
past ones alerting today's officials.

- two ASN neutrality cases reported for the whole kabupaten, forwarded to BKN/BKPSDM;
- a state facility used to print campaign props, stopped at Sentra Gakkumdu (insufficient evidence);
- two double votes at TPS 088 Desa Sangatta Utara and TPS 015 Desa Singa Gembara ending in a PSU;
- a logistics warning for the hard-to-reach coastal desa of Sandaran (carried by sea, Lanal Sangatta);
- two 2019 procedural violations in Kombeng, one ending in a PSU for one ballot.
"""

import io
from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from escalation.models import Escalation
from incidents.choices import (
    BawasluState,
    IncidentKind,
    OutcomeKind,
    OutcomeStage,
    ReferralTarget,
    Source,
    Status,
)
from incidents.imports import historical_import_run
from incidents.models import Incident, IncidentCategory
from incidents.selectors import incident_visible_to
from incidents.services import (
    bawaslu_step_add,
    incident_create,
    incident_resolve_elsewhere,
    outcome_add,
    referral_add,
)
from incidents.tests.factories import wita
from notifications.models import Message
from regions.models import AdminUnit
from regions.selectors import election_find
from regions.services import pollingstation_upsert

pytestmark = pytest.mark.django_db

SANGATTA_UTARA_DESA = "64.08.04.2001"
SINGA_GEMBARA = "64.08.04.2011"
TANJUNG_MANGKALIAT = "64.08.11.2007"
KOMBENG_INDAH = "64.08.08.2006"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _category(code):
    return IncidentCategory.objects.get(code=code)


@pytest.fixture
def tps(kutim, kab_admin):
    """The TPS the cases name: two of the 2024 Pilkada and two of the 2019 Pemilu."""
    pilkada, pemilu = election_find(code="pilkada-2024"), election_find(code="pemilu-2019")
    assert pilkada is not None
    assert pemilu is not None

    def station(election, code, number):
        return pollingstation_upsert(
            election=election, desa=AdminUnit.objects.get(code=code), number=number, by_user=kab_admin
        )[0]

    return {
        "088": station(pilkada, SANGATTA_UTARA_DESA, 88),
        "015": station(pilkada, SINGA_GEMBARA, 15),
        "2019-02": station(pemilu, KOMBENG_INDAH, 2),
        "2019-05": station(pemilu, KOMBENG_INDAH, 5),
    }


def test_the_eight_events_are_recorded_faithfully_without_alerting_anyone_today(
    kab_admin, operator, viewer, tps
):
    client = _client(kab_admin)

    # 1-2. ASN neutrality, reported for the whole kabupaten: through the historical form (no kecamatan).
    asn = []
    for n, (day, title) in enumerate(
        [(27, "ASN mendukung paslon di media sosial"), (30, "ASN hadir dalam kampanye paslon")], start=1
    ):
        response = client.post(
            reverse("incidents:incident_create_historical"),
            {
                "kind": "insiden",
                "title": title,
                "chronology": f"Bawaslu Kutai Timur menerima laporan dugaan pelanggaran netralitas ASN ({n}).",
                "category": _category("NETRALITAS_ASN").pk,
                "severity": 2,
                "occurred_at": f"2024-09-{day - 2:02d}T10:00",
                "known_at": f"2024-09-{day}T09:00",
                "source": "bawaslu",
                "violation_class": "hukum_lainnya",
                "conflict_stage": "pencegahan",
                "injured": 0,
                "dead": 0,
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        incident = Incident.objects.get(title=title)
        bawaslu_step_add(
            incident=incident,
            state=BawasluState.DIREGISTRASI,
            on_date=date(2024, 9, day),
            register_number=f"00{n}/Reg/LP/PB/Kab/23.09/IX/2024",
            by_user=kab_admin,
        )
        bawaslu_step_add(
            incident=incident,
            state=BawasluState.DITERUSKAN,
            forwarded_to=ReferralTarget.BKN,
            on_date=date(2024, 10, 7),
            note="Diteruskan ke BKN; KASN telah dibubarkan (UU 20/2023).",
            by_user=kab_admin,
        )
        outcome_add(
            incident=incident,
            kind=OutcomeKind.SANKSI,
            stage=OutcomeStage.REKOMENDASI,
            issued_by="Bawaslu Kabupaten Kutai Timur",
            issued_on=date(2024, 10, 7),
            sanction="Sanksi disiplin ASN",
            sanctioned_by="BKN / BKPSDM Kutai Timur",
            by_user=kab_admin,
        )
        asn.append(incident)

    # 3. A state facility used to print campaign props: forwarded to Gakkumdu, stopped there.
    facility = incident_create(
        by_user=kab_admin,
        historical=True,
        title="Fasilitas negara dipakai mencetak alat peraga kampanye",
        chronology="Percetakan milik instansi pemerintah diduga mencetak APK salah satu paslon.",
        category=_category("PENYALAHGUNAAN_FASILITAS"),
        severity=2,
        occurred_at=wita(2024, 10, 14, 9),
        known_at=wita(2024, 10, 15, 9),
        area=AdminUnit.objects.get(code="64.08"),
        source=Source.BAWASLU,
        violation_class="pidana",
    )
    for state, day, note in (
        (BawasluState.DIREGISTRASI, 16, ""),
        (BawasluState.DITERUSKAN_GAKKUMDU, 18, ""),
        (BawasluState.DIHENTIKAN, 25, "Dihentikan di Sentra Gakkumdu: tidak cukup bukti."),
    ):
        bawaslu_step_add(
            incident=facility, state=state, on_date=date(2024, 10, day), note=note, by_user=kab_admin
        )
    incident_resolve_elsewhere(
        incident=facility,
        expected_version=None,
        by_user=kab_admin,
        body="Sentra Gakkumdu Kabupaten Kutai Timur",
        note="Dihentikan: tidak cukup bukti.",
    )

    # 4-5. Two double votes at numbered TPS on voting day, found by the PTPS: a PSU on 2 December.
    double = []
    for key, desa in (("088", SANGATTA_UTARA_DESA), ("015", SINGA_GEMBARA)):
        incident = incident_create(
            by_user=kab_admin,
            historical=True,
            title=f"Pemilih mencoblos dua kali di TPS {key}",
            chronology="Seorang pemilih mencoblos dengan DPT lalu kembali mencoblos dengan DPK; ditemukan PTPS.",
            category=_category("PEMILIH_GANDA"),
            severity=3,
            occurred_at=wita(2024, 11, 27, 11),
            known_at=wita(2024, 11, 27, 13),
            area=AdminUnit.objects.get(code=desa),
            polling_station=tps[key],
            source=Source.BAWASLU,
            violation_class="administrasi",
        )
        response = client.post(
            reverse("incidents:outcome_create", args=[incident.number]),
            {
                "hasil-kind": "psu",
                "hasil-stage": "putusan",
                "hasil-issued_by": "KPU Kabupaten Kutai Timur",
                "hasil-issued_on": "2024-11-29",
                "hasil-polling_stations": [tps[key].pk],
                "hasil-ballot_types": ["gubernur", "bupati"],
                "hasil-held_on": "2024-12-02",
                "hasil-starts_at": "07:00",
                "hasil-ends_at": "13:00",
            },
        )
        assert response.status_code == 302
        double.append(incident)

    # 6. A logistics warning for the hard-to-reach coastal desa: an early warning, handled by KPU.
    logistics = incident_create(
        by_user=kab_admin,
        historical=True,
        kind=IncidentKind.EARLY_WARNING,
        title="Distribusi logistik ke pesisir Sandaran hanya lewat laut",
        chronology="Logistik ke TPS di Sandaran/Tanjung Mangkaliat diangkut lewat jalan ke Sangkulirang lalu laut.",
        category=_category("GANGGUAN_LOGISTIK"),
        severity=3,
        occurred_at=wita(2024, 10, 6, 9),
        known_at=wita(2024, 10, 6, 9),
        area=AdminUnit.objects.get(code=TANJUNG_MANGKALIAT),
        source=Source.KPU,
    )
    incident_resolve_elsewhere(
        incident=logistics,
        expected_version=None,
        by_user=kab_admin,
        body="KPU Kutai Timur dengan Lanal Sangatta (TNI AL)",
        note="Logistik tiba tepat waktu dengan pengawalan laut.",
    )

    # 7-8. Two 2019 procedural violations in Kombeng, through the historical import; one ends in a PSU
    # for one ballot.
    sheet = (
        "Judul,Kronologi,Kategori,Tanggal kejadian,Tanggal diketahui,Wilayah,Nomor TPS,Sumber,Klasifikasi\n"
        "Surat suara DPRD tertukar,KPPS membagikan surat suara DPRD dapil lain.,PELANGGARAN_PROSEDUR_TPS,"
        '17/04/2019 09.00,17/04/2019 12.00,"Kombeng Indah, Kec. Kongbeng",2,Bawaslu,administrasi\n'
        "Pemilih luar daerah tanpa A5,KPPS melayani pemilih tanpa formulir A5.,PELANGGARAN_PROSEDUR_TPS,"
        '17/04/2019 10.00,18/04/2019 09.00,"Kombeng Indah, Kec. Kongbeng",5,Bawaslu,administrasi\n'
    )
    result = historical_import_run(content=sheet.encode(), by_user=kab_admin, commit=True)
    assert result.committed, [g.label for g in result.groups]
    swapped = Incident.objects.get(title="Surat suara DPRD tertukar")
    outside = Incident.objects.get(title="Pemilih luar daerah tanpa A5")
    referral_add(
        incident=swapped,
        target=ReferralTarget.BAWASLU,
        referred_at=wita(2019, 4, 17, 14),
        register_number="Temuan Panwascam Kongbeng 01/2019",
        by_user=kab_admin,
    )
    outcome_add(
        incident=swapped,
        kind=OutcomeKind.PSU,
        stage=OutcomeStage.REKOMENDASI,
        issued_by="Panwaslu Kecamatan Kongbeng",
        issued_on=date(2019, 4, 18),
        polling_stations=[tps["2019-02"]],
        ballot_types=["dprd_kabupaten"],
        held_on=date(2019, 4, 24),
        starts_at=time(7),
        ends_at=time(13),
        by_user=kab_admin,
    )
    outcome_add(
        incident=outside,
        kind=OutcomeKind.KOREKSI_ADMINISTRASI,
        issued_by="Panwaslu Kecamatan Kongbeng",
        issued_on=date(2019, 4, 18),
        description="KPPS diberi teguran dan pencatatan pemilih diperbaiki.",
        by_user=kab_admin,
    )

    everything = [*asn, facility, *double, logistics, swapped, outside]
    assert len(everything) == 8

    # Numbered by the year each became known; past events, verified, none escalated, nobody alerted.
    assert [i.number[:8] for i in everything] == ["INS-2024"] * 6 + ["INS-2019"] * 2
    for incident in everything:
        incident.refresh_from_db()
        assert incident.is_historical
        assert not incident.legal_clock_overdue
    assert not Escalation.objects.exists()
    assert not Message.objects.exists()

    # Each belongs to its election and phase (the 2019 ones to the Pemilu, with its TPS).
    assert {i.election.code for i in everything if i.number.startswith("INS-2024")} == {"pilkada-2024"}
    assert {i.election.code for i in (swapped, outside)} == {"pemilu-2019"}
    assert (swapped.polling_station, outside.polling_station) == (tps["2019-02"], tps["2019-05"])

    # The kabupaten-level cases are in no kecamatan and not the camat's.
    assert {i.area_code for i in (*asn, facility)} == {"64.08"}
    assert not incident_visible_to(operator).filter(pk__in=[i.pk for i in (*asn, facility)]).exists()
    assert incident_visible_to(operator).filter(pk__in=[i.pk for i in double]).count() == 2

    # Outcomes as data: Bawaslu's last step, PSU with its TPS, ballots, day and hours; closings.
    assert [i.bawaslu_state for i in asn] == [BawasluState.DITERUSKAN] * 2
    assert facility.bawaslu_state == BawasluState.DIHENTIKAN
    assert (facility.status, facility.handled_elsewhere_by, facility.lead_organisation_id) == (
        Status.SELESAI,
        "Sentra Gakkumdu Kabupaten Kutai Timur",
        None,
    )
    for key, incident in zip(("088", "015"), double, strict=True):
        psu = incident.outcomes.get()
        assert list(psu.polling_stations.all()) == [tps[key]]
        assert (psu.ballot_types, psu.held_on, psu.starts_at) == (
            ["gubernur", "bupati"],
            date(2024, 12, 2),
            time(7),
        )
    psu_2019 = swapped.outcomes.get()
    assert (psu_2019.ballot_types, list(psu_2019.polling_stations.all())) == (
        ["dprd_kabupaten"],
        [tps["2019-02"]],
    )
    assert logistics.kind == IncidentKind.EARLY_WARNING
    assert logistics.status == Status.SELESAI

    # Not today's news: the dashboard counts none of them today, and the Bawaslu recap tells them all.
    dashboard = _client(viewer).get(reverse("situation:dashboard"))
    figures = {f["name"]: f["value"] for f in dashboard.context["page"].figures}
    assert figures["new_today"] == 0
    assert figures["legal_clocks_overdue"] == 0
    recap = client.get(reverse("incidents:incident_recap"))
    rows = list(load_workbook(io.BytesIO(recap.content)).active.iter_rows(values_only=True))
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {i.number for i in everything if i.is_p_track}
    assert len(numbers) == 7  # the logistics warning is operational, not Bawaslu's

    # The laporan kejadian of one case prints its story.
    pdf = client.get(reverse("incidents:incident_report_pdf", args=[double[0].number]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
