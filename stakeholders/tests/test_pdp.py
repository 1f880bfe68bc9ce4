"""A person's data under UU 27/2022 (PDP): the export of everything held, and erasure."""

import json
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit.choices import AccessKind
from audit.models import AccessRecord
from audit.services import access_record_object
from core.testing import ViewAccessCase, assert_view_access
from incidents.models import ConfidentialInformant, Incident
from incidents.tests.factories import make_incident
from mfa.selectors import user_has_mfa
from mfa.testing import mfa_device_for
from notifications.models import Delivery, InboxItem
from notifications.services import notification_send
from stakeholders.choices import ContactKind, Office
from stakeholders.models import ContactPoint, Person, Position
from stakeholders.tests.factories import user_with_office
from training.tests.factories import ProgrammeFactory, RegistrationFactory

# The subject's reports need the seeded incident categories, which a transactional test may have flushed.
pytestmark = pytest.mark.usefixtures("seeded_defaults")


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin.kesbangpol")


@pytest.fixture
def camat(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", username="camat.sangatta.utara")


@pytest.fixture
def subject(kutim):
    """A kepala desa with an account, contacts, a report, an alert, a Bimtek and an informant identity."""
    user = user_with_office(
        Office.KEPALA_DESA, "64.08.04.2001", username="kades.budi", first_name="Budi", last_name="Santoso"
    )
    user.email = "budi@contoh.invalid"
    user.save()
    person = user.person
    person.full_name = "Budi Santoso"
    person.notes = "Kades sejak 2019"
    person.save()
    ContactPoint.objects.create(
        person=person, kind=ContactKind.WHATSAPP, value="+6281234567890", verified=True
    )
    ContactPoint.objects.create(
        person=person, kind=ContactKind.EMAIL, value="budi@contoh.invalid", verified=True
    )
    make_incident(by_user=user, title="Baliho dirusak di Sangatta")
    make_incident(
        by_user=user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001"),
        title="Ancaman ke warga",
        informant={"full_name": "Budi S.", "phone": "0812-3456-7890", "relation": "saksi"},
    )
    make_incident(
        by_user=user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001"),
        title="Lapor lain",
        informant={"full_name": "Orang Lain", "phone": "0813 0000 1111"},
    )
    notification_send(text="Rapat Tiga Pilar besok", recipients=[person], idempotency_key="pdp-test-1")
    RegistrationFactory(programme=ProgrammeFactory(title="Bimtek Deteksi Dini"), person=person)
    mfa_device_for(user)
    return person


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_pdp_pages_access(kab_admin, camat, subject):
    for name, method, ok in (
        ("stakeholders:person_personal_data", "get", (200,)),
        ("stakeholders:person_personal_data_erase", "post", (302,)),
    ):
        assert_view_access(
            ViewAccessCase(
                url=reverse(name, args=[subject.pk]),
                method=method,
                data={"reason": "permohonan tertulis", "confirm": "HAPUS"},
                without_permission=camat,
                in_scope=kab_admin,
                ok_status=ok,
            )
        )
    assert_view_access(
        ViewAccessCase(
            url=reverse("stakeholders:person_personal_data_export", args=[subject.pk, "json"]),
            without_permission=camat,
            in_scope=kab_admin,
        )
    )


def test_the_json_export_holds_everything_about_the_person_and_is_logged(kab_admin, subject):
    access_record_object(kind=AccessKind.CONTACTS, by_user=kab_admin, obj=subject, person_id=subject.pk)
    response = _client(kab_admin).get(
        reverse("stakeholders:person_personal_data_export", args=[subject.pk, "json"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    rows = {name: section["rows"] for name, section in data["sections"].items()}
    assert rows["person"][0]["nama_lengkap"] == "Budi Santoso"
    assert {row["alamat_nomor"] for row in rows["contacts"]} == {"+6281234567890", "budi@contoh.invalid"}
    assert rows["positions"][0]["jabatan"] == "Kepala Desa"
    assert rows["account"][0]["email"] == "budi@contoh.invalid"
    assert [row["judul"] for row in rows["incidents_reported"]] == ["Baliho dirusak di Sangatta"]
    assert [row["nama"] for row in rows["informant"]] == ["Budi S."]  # matched by phone, not the other one
    assert rows["deliveries"] or rows["inbox"]
    assert rows["inbox"][0]["pesan"] == "Rapat Tiga Pilar besok"
    assert rows["trainings"][0]["program"] == "Bimtek Deteksi Dini"
    assert rows["mfa_devices"][0]["aktif"] is True
    assert rows["audit_about"][0]["jenis"] == "Kontak orang"
    record = AccessRecord.objects.get(kind=AccessKind.PERSONAL_DATA_EXPORT)
    assert (record.user, record.person_id, record.detail["format"]) == (kab_admin, subject.pk, "json")


def test_the_xlsx_export_has_a_sheet_per_section_and_no_live_formulas(kab_admin, subject):
    subject.notes = '=HYPERLINK("http://jahat.example","klik")'
    subject.save()
    response = _client(kab_admin).get(
        reverse("stakeholders:person_personal_data_export", args=[subject.pk, "xlsx"])
    )
    workbook = load_workbook(BytesIO(response.content))
    assert {"person", "contacts", "incidents_reported", "trainings"} <= set(workbook.sheetnames)
    notes = [cell.value for row in workbook["person"].iter_rows() for cell in row if cell.value]
    assert any(str(value).startswith("'=HYPERLINK") for value in notes)
    assert all(cell.data_type != "f" for row in workbook["person"].iter_rows() for cell in row)


def test_erasure_anonymises_the_person_and_keeps_the_incidents(kab_admin, subject):
    user = subject.user
    incidents_before = Incident.objects.count()
    response = _client(kab_admin).post(
        reverse("stakeholders:person_personal_data_erase", args=[subject.pk]),
        {"reason": "permohonan tertulis 12/11", "confirm": "HAPUS"},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    user.refresh_from_db()
    assert subject.full_name == f"Dihapus (PDP) #{subject.pk}"
    assert subject.notes == ""
    assert not ContactPoint.objects.filter(person=subject).exists()
    assert not ContactPoint.history.filter(person_id=subject.pk).exists()
    assert not subject.history.filter(full_name="Budi Santoso").exists()
    assert (user.is_active, user.email, user.has_usable_password()) == (False, "", False)
    assert user.username == f"dihapus-pdp-{subject.pk}"
    assert not user_has_mfa(user)
    assert Incident.objects.count() == incidents_before
    assert Incident.objects.filter(title="Baliho dirusak di Sangatta", reporter=user).exists()
    assert list(ConfidentialInformant.objects.values_list("full_name", flat=True)) == ["Orang Lain"]
    assert not InboxItem.objects.filter(person=subject).exists()
    assert not Delivery.objects.filter(person=subject).exclude(address="").exists()
    assert not Position.objects.filter(person=subject, end_date__isnull=True).exists()
    record = AccessRecord.objects.get(kind=AccessKind.PERSONAL_DATA_ERASE)
    assert (record.purpose, record.person_id) == ("permohonan tertulis 12/11", subject.pk)


def test_erasure_needs_the_typed_confirmation_and_a_reason(kab_admin, subject):
    response = _client(kab_admin).post(
        reverse("stakeholders:person_personal_data_erase", args=[subject.pk]),
        {"reason": "", "confirm": "hapus"},
    )
    assert response.status_code == 400
    assert "Ketik HAPUS" in response.content.decode()
    assert Person.objects.get(pk=subject.pk).full_name == "Budi Santoso"
    assert not AccessRecord.objects.filter(kind=AccessKind.PERSONAL_DATA_ERASE).exists()


def test_an_administrator_cannot_erase_their_own_person(kab_admin):
    response = _client(kab_admin).post(
        reverse("stakeholders:person_personal_data_erase", args=[kab_admin.person.pk]),
        {"reason": "uji", "confirm": "HAPUS"},
    )
    assert response.status_code == 400
    assert get_user_model().objects.get(pk=kab_admin.pk).is_active


def test_an_unknown_export_format_is_not_found(kab_admin, subject):
    response = _client(kab_admin).get(
        reverse("stakeholders:person_personal_data_export", args=[subject.pk, "csv"])
    )
    assert response.status_code == 404
