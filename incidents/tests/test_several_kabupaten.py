"""With several kabupaten served, each enters its own past: a kabupaten's Kesbangpol records and imports
past events of its own kabupaten only (a row placed in another is refused by name and the import writes
nothing), the installation's administrators in any."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from incidents.choices import Source
from incidents.imports import historical_import_run
from incidents.models import Incident, IncidentCategory
from incidents.tests.factories import make_incident, wita
from mfa.testing import force_login_verified
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db

BONTANG = "64.74"


@pytest.fixture
def two_kabupaten(bontang, seeded_defaults):
    return bontang


@pytest.fixture
def kutim_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


@pytest.fixture
def bontang_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)


def _login(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def _form(kecamatan: AdminUnit) -> dict:
    return {
        "kind": "insiden",
        "title": "Kesalahan prosedur KPPS",
        "chronology": "KPPS membuka kotak suara sebelum waktunya.",
        "category": IncidentCategory.objects.get(code="PELANGGARAN_PROSEDUR_TPS").pk,
        "severity": 3,
        "occurred_at": "2019-04-17T11:00",
        "known_at": "2019-04-18T09:00",
        "kecamatan": kecamatan.pk,
        "source": "bawaslu",
        "violation_class": "administrasi",
        "conflict_stage": "pencegahan",
        "injured": 0,
        "dead": 0,
    }


def test_a_kabupaten_administrator_records_a_past_event_in_their_own_kabupaten(kutim_admin):
    client = _login(kutim_admin)
    url = reverse("incidents:incident_create_historical")
    form = client.get(url).context["form"]
    codes = set(form.fields["kecamatan"].queryset.values_list("code", flat=True))
    assert "64.08.04" in codes
    assert not any(code.startswith(BONTANG + ".") for code in codes)
    refused = client.post(url, _form(AdminUnit.objects.get(code=f"{BONTANG}.01")))
    assert refused.status_code == 200
    assert refused.context["form"].errors["kecamatan"]
    assert not Incident.objects.exists()
    made = client.post(url, _form(AdminUnit.objects.get(code="64.08.08")))
    assert made.status_code == 302
    assert Incident.objects.get().area_code == "64.08.08"


def test_the_other_kabupatens_administrator_records_theirs(bontang_admin):
    made = _login(bontang_admin).post(
        reverse("incidents:incident_create_historical"), _form(AdminUnit.objects.get(code=f"{BONTANG}.01"))
    )
    assert made.status_code == 302
    assert Incident.objects.get().area_code == f"{BONTANG}.01"


def test_the_service_refuses_a_past_event_in_another_kabupaten_with_a_field_message(kutim_admin):
    with pytest.raises(ValidationError, match="di luar kabupaten Anda") as caught:
        make_incident(
            by_user=kutim_admin,
            historical=True,
            category="POLITIK_UANG",
            area_code=f"{BONTANG}.01",
            occurred_at=wita(2019, 4, 16, 20),
            known_at=wita(2019, 4, 17, 8),
            source=Source.BAWASLU,
        )
    assert "area" in caught.value.message_dict


SHEET = (
    "No,Judul,Kronologi,Kategori,Tanggal kejadian,Tanggal diketahui,Wilayah,Sumber\n"
    "1,Kotak suara dibuka,KPPS membuka kotak suara pukul 06.30.,PELANGGARAN_PROSEDUR_TPS,"
    "17/04/2019 06.30,18 April 2019,Kec. Kongbeng,Bawaslu\n"
    "2,Surat suara tertukar,Surat suara tertukar antardapil.,PELANGGARAN_PROSEDUR_TPS,"
    "17/04/2019,17/04/2019,,bawaslu\n"
)
OTHER_ROW = "3,Bentrok di Bontang,Dua kelompok bentrok.,BENTROK_MASSA,17/04/2019,18/04/2019,Kec. Bontang Utara,bawaslu\n"


def test_the_import_refuses_a_row_in_another_kabupaten_by_name_and_writes_nothing(kutim_admin):
    result = historical_import_run(content=(SHEET + OTHER_ROW).encode(), by_user=kutim_admin, commit=True)
    assert not result.committed
    assert result.written == 0
    assert not Incident.objects.exists()
    groups = {(g.kind, g.column): g for g in result.groups}
    outside = groups[("area_outside", "area")]
    assert outside.lines == [4]
    assert outside.label.startswith("Wilayah di luar kabupaten Anda")


def test_the_import_places_a_row_without_a_wilayah_in_the_importers_own_kabupaten(bontang_admin):
    sheet = (
        "No,Judul,Kronologi,Kategori,Tanggal kejadian,Tanggal diketahui,Wilayah,Sumber\n"
        "1,Surat suara tertukar,Surat suara tertukar antardapil.,PELANGGARAN_PROSEDUR_TPS,"
        "17/04/2019,17/04/2019,,bawaslu\n"
        "2,Bentrok,Dua kelompok bentrok.,BENTROK_MASSA,17/04/2019,18/04/2019,Kec. Bontang Utara,bawaslu\n"
    )
    result = historical_import_run(content=sheet.encode(), by_user=bontang_admin, commit=True)
    assert result.committed, result.groups
    assert sorted(Incident.objects.values_list("area_code", flat=True)) == [BONTANG, f"{BONTANG}.01"]


def test_the_import_page_answers_a_kabupaten_administrator(kutim_admin):
    assert _login(kutim_admin).get(reverse("incidents:incident_import_historical")).status_code == 200


def test_a_superuser_imports_into_either_kabupaten(two_kabupaten):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    result = historical_import_run(content=(SHEET + OTHER_ROW).encode(), by_user=superuser, commit=True)
    assert result.committed, result.groups
    assert sorted(Incident.objects.values_list("area_code", flat=True)) == [
        "64.08",
        "64.08.08",
        f"{BONTANG}.01",
    ]
