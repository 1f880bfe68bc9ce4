"""Past events entered afterwards (catat kejadian lampau) and kabupaten-level reports."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from incidents.choices import Source, Status
from incidents.exports import export_headers, export_rows
from incidents.imports import historical_import_run
from incidents.models import Incident
from incidents.selectors import incident_overdue_q, incident_visible_to, legal_clock_overdue_q
from incidents.services import incident_change_severity
from incidents.tests.factories import make_incident, wita
from regions.models import AdminUnit, Election, PollingStation

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _past(kab_admin, **fields):
    values = {
        "by_user": kab_admin,
        "category": "PELANGGARAN_PROSEDUR_TPS",
        "area_code": "64.08.08.2001",
        "occurred_at": wita(2019, 4, 17, 11),
        "known_at": wita(2019, 4, 18, 9),
        "source": Source.BAWASLU,
        "historical": True,
    }
    values.update(fields)
    return make_incident(**values)


# --- historical entry -------------------------------------------------------------------------------


def test_a_past_event_is_numbered_by_the_year_it_became_known_and_reported_then(kab_admin):
    incident = _past(kab_admin)
    assert incident.number.startswith("INS-2019-")
    assert incident.is_historical
    assert incident.reported_at == wita(2019, 4, 18, 9)
    assert incident.status == Status.TERVERIFIKASI
    created = incident.events.get(kind="dibuat")
    assert created.new["_historical"] is True
    assert "kejadian lampau" in created.note


def test_a_past_events_legal_clock_is_history_and_never_overdue(kab_admin):
    incident = _past(kab_admin, category="POLITIK_UANG")
    assert incident.bawaslu_deadline == wita(2019, 4, 25, 9)
    assert not incident.legal_clock_overdue
    assert incident.legal_clock_days_left is None
    assert not Incident.objects.filter(legal_clock_overdue_q(), pk=incident.pk).exists()
    assert not Incident.objects.filter(incident_overdue_q(), pk=incident.pk).exists()
    # The same facts reported today as a live report are overdue at once.
    live = make_incident(
        category="POLITIK_UANG", occurred_at=wita(2019, 4, 17, 11), known_at=wita(2019, 4, 18, 9)
    )
    assert live.legal_clock_overdue
    assert Incident.objects.filter(legal_clock_overdue_q(), pk=live.pk).exists()


def test_a_fresh_event_cannot_be_entered_as_past(kab_admin):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        _past(kab_admin, occurred_at=now - timedelta(hours=3), known_at=now - timedelta(hours=2))
    assert "24 jam" in caught.value.message_dict["known_at"][0]
    assert not Incident.objects.exists()


def test_a_past_severe_clash_starts_no_escalation_even_when_its_severity_is_raised(kab_admin):
    incident = _past(kab_admin, category="BENTROK_MASSA", severity=4)
    assert not incident.escalations.exists()
    assert not incident.events.filter(kind="eskalasi_dimulai").exists()
    incident_change_severity(incident=incident, expected_version=None, by_user=kab_admin, severity=5)
    assert not incident.escalations.exists()
    # The same clash reported live escalates (the seeded severity-4 policy).
    assert make_incident(category="BENTROK_MASSA", severity=4).escalations.exists()


def test_the_historical_form_records_a_past_event_for_kesbangpol(kab_admin):
    response = _client(kab_admin).post(
        reverse("incidents:incident_create_historical"),
        {
            "kind": "insiden",
            "title": "Kesalahan prosedur KPPS",
            "chronology": "KPPS membuka kotak suara sebelum waktunya.",
            "category": _category("PELANGGARAN_PROSEDUR_TPS"),
            "severity": 3,
            "occurred_at": "2019-04-17T11:00",
            "known_at": "2019-04-18T09:00",
            "kecamatan": AdminUnit.objects.get(code="64.08.08").pk,
            "source": "bawaslu",
            "violation_class": "administrasi",
            "conflict_stage": "pencegahan",
            "injured": 0,
            "dead": 0,
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert incident.number.startswith("INS-2019-")
    assert incident.violation_class == "administrasi"
    assert not incident.escalations.exists()
    page = _client(kab_admin).get(incident.get_absolute_url())
    assert b'data-testid="legal-history"' in page.content
    assert b'data-testid="legal-overdue"' not in page.content
    assert b'data-testid="historical"' in page.content


def test_the_historical_form_refuses_a_fresh_event_with_a_field_message(kab_admin):
    now = timezone.localtime()
    response = _client(kab_admin).post(
        reverse("incidents:incident_create_historical"),
        {
            "kind": "insiden",
            "title": "Baru saja",
            "chronology": "Baru saja terjadi.",
            "category": _category("BENTROK_MASSA"),
            "severity": 4,
            "occurred_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "known_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "source": "bawaslu",
            "conflict_stage": "pencegahan",
        },
    )
    assert response.status_code == 200
    assert "24 jam" in str(response.context["form"].errors["known_at"])
    assert not Incident.objects.exists()


def test_only_the_kabupaten_records_past_events(kab_admin, operator, trainer):
    for name in ("incidents:incident_create_historical", "incidents:incident_import_historical"):
        assert_view_access(ViewAccessCase(url=reverse(name), without_permission=trainer, in_scope=kab_admin))
        assert _client(operator).get(reverse(name)).status_code == 403  # a camat triages, but not the past


def _category(code):
    from incidents.models import IncidentCategory

    return IncidentCategory.objects.get(code=code).pk


# --- the historical import --------------------------------------------------------------------------

SHEET = (
    "Rekap kejadian Pemilu 2019\n"
    "No,Judul,Kronologi,Kategori,Tanggal kejadian,Tanggal diketahui,Wilayah,Sumber,Klasifikasi\n"
    "1,Kotak suara dibuka sebelum waktunya,KPPS membuka kotak suara pukul 06.30.,PELANGGARAN_PROSEDUR_TPS,"
    "17/04/2019 06.30,18 April 2019,Kec. Kongbeng,Bawaslu,administrasi\n"
    "2,Surat suara tertukar,Surat suara DPRD tertukar antardapil.,Kesalahan prosedur KPPS (→ PSU/PSSU),"
    "17/04/2019,17/04/2019,,bawaslu,administrasi\n"
)


def test_the_import_checks_first_then_saves_every_row_as_a_past_event(kab_admin):
    content = SHEET.encode()
    checked = historical_import_run(content=content, by_user=kab_admin, commit=False)
    assert (checked.rows, checked.accepted, checked.written, checked.committed) == (2, 2, 2, False)
    assert not Incident.objects.exists()
    saved = historical_import_run(content=content, by_user=kab_admin, commit=True)
    assert saved.committed
    assert saved.written == 2
    rows = {i.title: i for i in Incident.objects.all()}
    assert {i.number[:9] for i in rows.values()} == {"INS-2019-"}
    assert all(i.is_historical and not i.escalations.exists() for i in rows.values())
    assert rows["Kotak suara dibuka sebelum waktunya"].area_code == "64.08.08"  # Kongbeng, by its alias
    assert rows["Kotak suara dibuka sebelum waktunya"].occurred_at == wita(2019, 4, 17, 6, 30)
    assert rows["Surat suara tertukar"].area_code == "64.08"  # no wilayah: the whole kabupaten
    assert sorted(saved.numbers) == sorted(i.number for i in rows.values())


def test_an_import_with_a_bad_row_saves_nothing_and_names_the_problem(kab_admin):
    bad = SHEET + "3,Tanpa tanggal benar,Uraian.,BENTROK_MASSA,kemarin,,Sangatta Utaraa,bawaslu,\n"
    result = historical_import_run(content=bad.encode(), by_user=kab_admin, commit=True)
    assert not result.committed
    assert result.written == 0
    assert not Incident.objects.exists()
    kinds = {(g.kind, g.column): g.lines for g in result.groups}
    assert kinds[("date_invalid", "occurred")] == [5]
    assert kinds[("area_unknown", "area")] == [5]


def test_the_import_page_checks_and_saves(kab_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(kab_admin)
    url = reverse("incidents:incident_import_historical")
    upload = SimpleUploadedFile("lampau.csv", SHEET.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert response.context["result"].accepted == 2
    assert not Incident.objects.exists()
    upload = SimpleUploadedFile("lampau.csv", SHEET.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload, "commit": "on"})
    assert response.context["result"].committed
    assert Incident.objects.filter(is_historical=True).count() == 2


# --- kabupaten-level reports ------------------------------------------------------------------------


def test_a_report_for_the_whole_kabupaten_needs_no_kecamatan(reporter):
    response = _client(reporter).post(
        reverse("incidents:incident_create"),
        {
            "kind": "insiden",
            "title": "ASN mengunggah dukungan paslon",
            "chronology": "Seorang ASN Pemkab mengunggah dukungan di media sosial.",
            "category": _category("NETRALITAS_ASN"),
            "severity": 2,
            "occurred_at": "2024-10-01T10:00",
            "known_at": "2024-10-01T12:00",
            "source": "media",
            "conflict_stage": "pencegahan",
            "injured": 0,
            "dead": 0,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.get()
    assert (incident.area.level, incident.area_code) == ("kabupaten", "64.08")


def test_a_kabupaten_level_report_is_in_no_kecamatan_and_hidden_from_the_camat(kab_admin, operator, liaison):
    incident = make_incident(area_code="64.08", category="NETRALITAS_ASN", severity=2)
    assert incident_visible_to(kab_admin).filter(pk=incident.pk).exists()
    assert not incident_visible_to(operator).filter(pk=incident.pk).exists()
    assert not incident_visible_to(liaison).filter(pk=incident.pk).exists()
    assert _client(operator).get(incident.get_absolute_url()).status_code == 404
    listed = _client(kab_admin).get(reverse("incidents:incident_list"), {"tingkat_kabupaten": "on"})
    assert [row.pk for row in listed.context["rows"]] == [incident.pk]
    listed = _client(kab_admin).get(reverse("incidents:incident_list"), {"kecamatan": "64.08.04"})
    assert incident.pk not in [row.pk for row in listed.context["rows"]]


def test_a_kabupaten_level_report_has_no_tps(kab_admin):
    election = Election.objects.get(code="pilkada-2024")
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    station = PollingStation.objects.create(election=election, desa=desa, number=88)
    with pytest.raises(ValidationError) as caught:
        make_incident(area_code="64.08", polling_station=station)
    assert "polling_station" in caught.value.message_dict


def test_the_kabupaten_moves_a_report_to_kabupaten_level_and_back(kab_admin):
    incident = make_incident(area_code="64.08.04.2001")
    client = _client(kab_admin)
    url = reverse("incidents:incident_update", args=[incident.number])
    data = client.get(url).context["form"].initial
    post = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    post.update(kecamatan="", desa="", occurred_at="2024-10-10T09:00", known_at="2024-10-10T10:00")
    response = client.post(url, post)
    assert response.status_code == 302, response.context["form"].errors
    incident.refresh_from_db()
    assert incident.area_code == "64.08"


def test_the_export_gives_a_kabupaten_level_report_no_kecamatan(kab_admin):
    make_incident(area_code="64.08", category="NETRALITAS_ASN")
    header, row = list(export_rows(Incident.objects.all()))
    values = dict(zip(header, row, strict=True))
    assert header == export_headers()
    assert (values["Kecamatan"], values["Desa/kelurahan"], values["Kode wilayah"]) == ("", "", "64.08")
    assert values["Kejadian lampau"] == "tidak"


def test_occurrence_dates_filter_the_list(kab_admin):
    on_voting_day = make_incident(occurred_at=wita(2024, 11, 27, 9), known_at=wita(2024, 11, 27, 10))
    make_incident(occurred_at=wita(2024, 11, 26, 9), known_at=wita(2024, 11, 27, 10))
    listed = _client(kab_admin).get(
        reverse("incidents:incident_list"),
        {"status": "semua", "terjadi_dari": "2024-11-27", "terjadi_sampai": "2024-11-27"},
    )
    assert [row.pk for row in listed.context["rows"]] == [on_voting_day.pk]
