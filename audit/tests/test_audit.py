"""The audit trail: what is recorded, that it cannot be changed, and who reads it."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.choices import AccessKind
from audit.models import AccessRecord
from audit.services import access_record, client_address
from core.testing import ViewAccessCase, assert_view_access
from incidents.tests.factories import make_incident
from stakeholders.choices import Office
from stakeholders.tests.factories import ContactPointFactory, PersonFactory, user_with_office


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin.kesbangpol")


@pytest.fixture
def camat(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", username="camat.sangatta.utara")


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor")


def _client(user, **extra):
    client = Client(**extra)
    client.force_login(user)
    return client


def _record(user, **fields):
    return access_record(
        kind=fields.pop("kind", AccessKind.CONTACTS),
        by_user=user,
        object_type=fields.pop("object_type", "stakeholders.person"),
        object_id=fields.pop("object_id", 1),
        **fields,
    )


# --- append-only ------------------------------------------------------------------------------------


def test_the_database_refuses_to_update_an_access_record(kab_admin):
    record = _record(kab_admin)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessRecord.objects.filter(pk=record.pk).update(purpose="dihapus jejaknya")
    record.refresh_from_db()
    assert record.purpose == ""


def test_the_database_refuses_to_delete_an_access_record_even_in_raw_sql(kab_admin):
    record = _record(kab_admin)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accessrecord WHERE id = %s", [record.pk])
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_orm_delete_is_refused_too(kab_admin):
    record = _record(kab_admin)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
    ):
        record.delete()
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_even_a_superuser_cannot_change_or_delete_records_in_the_admin(kab_admin):
    superuser = get_user_model().objects.create_superuser("root", password="rahasia-123")
    record = _record(kab_admin)
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[AccessRecord]
    assert model_admin.has_view_permission(request, record)
    assert not model_admin.has_change_permission(request, record)
    assert not model_admin.has_delete_permission(request, record)
    assert not model_admin.has_add_permission(request)
    client = _client(superuser)
    url = reverse("admin:audit_accessrecord_delete", args=[record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.filter(pk=record.pk).exists()


# --- where from ----------------------------------------------------------------------------------------


def test_client_address_ignores_forwarded_header_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_address(request) == "203.0.113.9"


def test_client_address_takes_the_first_untrusted_hop_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.2"
    )
    assert client_address(request) == "198.51.100.7"


def test_client_address_without_trusted_proxies_is_the_peer(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "127.0.0.1"


# --- what is recorded ------------------------------------------------------------------------------------


def test_opening_an_informant_records_who_what_ip_and_browser(kab_admin, reporter):
    incident = make_incident(by_user=reporter, informant={"full_name": "Ibu Rahasia"})
    client = _client(kab_admin, HTTP_USER_AGENT="Peramban Uji/1.0", REMOTE_ADDR="192.0.2.44")
    response = client.get(
        reverse("incidents:informant_detail", args=[incident.number]) + "?untuk=klarifikasi"
    )
    assert "Ibu Rahasia" in response.content.decode()
    record = AccessRecord.objects.get(kind=AccessKind.INFORMANT)
    assert record.user == kab_admin
    assert record.object_repr == incident.number
    assert record.purpose == "klarifikasi"
    assert record.ip_address == "192.0.2.44"
    assert record.user_agent == "Peramban Uji/1.0"
    assert "Ibu Rahasia" not in str(record.detail) + record.object_repr


def test_a_superuser_opening_an_informant_in_the_admin_is_recorded_and_shown_no_identity(kab_admin, reporter):
    superuser = get_user_model().objects.create_superuser("root", password="rahasia-123")
    incident = make_incident(by_user=reporter, informant={"full_name": "Ibu Rahasia"})
    informant = incident.informant
    client = _client(superuser)
    url = reverse("admin:incidents_confidentialinformant_change", args=[informant.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ibu Rahasia" not in page.content.decode()  # the identity is read in the app's logged view
    record = AccessRecord.objects.get(kind=AccessKind.INFORMANT)
    assert (record.user, record.object_repr, record.detail) == (superuser, incident.number, {"via": "admin"})
    # ... and the admin cannot change or delete the identity either.
    assert client.post(url, {"full_name": "Orang Lain"}).status_code == 403
    delete = reverse("admin:incidents_confidentialinformant_delete", args=[informant.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_downloading_evidence_is_recorded(kab_admin, reporter, tmp_path, settings):
    from incidents.services import evidence_from_bytes
    from incidents.tests.files import png_bytes

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    incident = make_incident(by_user=reporter)
    evidence = evidence_from_bytes(incident=incident, name="foto.png", data=png_bytes(2, 2), by_user=reporter)
    response = _client(kab_admin).get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    record = AccessRecord.objects.get(kind=AccessKind.EVIDENCE)
    assert (record.object_type, record.object_id, record.object_repr) == (
        "incidents.evidence",
        str(evidence.pk),
        incident.number,
    )


def test_an_export_download_is_recorded_with_its_filter(kab_admin):
    response = _client(kab_admin).get(reverse("stakeholders:directory_export") + "?q=budi")
    assert response.status_code == 200
    record = AccessRecord.objects.get(kind=AccessKind.EXPORT)
    assert record.object_type == "stakeholders.directory"
    assert record.detail["contacts"] is True
    assert "q=budi" in record.detail["filter"]


def test_an_incident_export_is_recorded(kab_admin, reporter):
    make_incident(by_user=reporter)
    response = _client(kab_admin).get(reverse("incidents:incident_export") + "?format=csv")
    assert response.status_code == 200
    assert AccessRecord.objects.filter(kind=AccessKind.EXPORT, object_type="incidents.export").count() == 1


def test_reading_a_persons_contacts_is_recorded_but_a_masked_view_is_not(kab_admin, camat, kutim):
    person = PersonFactory()
    ContactPointFactory(person=person)
    from stakeholders.tests.factories import PositionFactory

    PositionFactory(person=person, area=kutim.children.get(code="64.08.04"))
    _client(kab_admin).get(reverse("stakeholders:person_detail", args=[person.pk]))
    record = AccessRecord.objects.get(kind=AccessKind.CONTACTS)
    assert (record.user, record.person_id) == (kab_admin, person.pk)
    trainer = user_with_office(Office.FASILITATOR, "64.08")
    assert _client(trainer).get(reverse("stakeholders:person_detail", args=[person.pk])).status_code == 200
    assert AccessRecord.objects.filter(kind=AccessKind.CONTACTS).count() == 1


# --- the page ---------------------------------------------------------------------------------------------


def test_access_page_access(kab_admin, camat):
    assert_view_access(
        ViewAccessCase(url=reverse("audit:accessrecord_list"), without_permission=camat, in_scope=kab_admin)
    )


def test_retention_page_access(kab_admin, camat):
    assert_view_access(
        ViewAccessCase(url=reverse("audit:retentionrun_list"), without_permission=camat, in_scope=kab_admin)
    )


def test_access_page_filters_by_user_kind_period_and_object(kab_admin, camat):
    _record(camat, kind=AccessKind.INFORMANT, object_type="incidents.incident", object_repr="INS-1")
    _record(kab_admin, kind=AccessKind.EXPORT, object_type="stakeholders.directory")
    _record(camat, kind=AccessKind.CONTACTS, person_id=77)
    client = _client(kab_admin)
    url = reverse("audit:accessrecord_list")

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [(r.user.username, r.kind) for r in response.context["records"]]

    assert rows(user="camat.sangatta.utara") == [
        ("camat.sangatta.utara", "contacts"),
        ("camat.sangatta.utara", "informant"),
    ]
    assert rows(kind="export") == [("admin.kesbangpol", "export")]
    assert rows(object="INS-1") == [("camat.sangatta.utara", "informant")]
    assert rows(person="77") == [("camat.sangatta.utara", "contacts")]
    today = timezone.localdate()
    assert len(rows(date_from=today.isoformat(), date_to=today.isoformat())) == 3
    assert rows(date_from=(today + timedelta(days=1)).isoformat()) == []


def test_access_page_answers_far_dates_with_a_field_message(kab_admin):
    response = _client(kab_admin).get(reverse("audit:accessrecord_list"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "31/12/2100" in response.content.decode()


def test_access_page_has_a_fixed_query_budget(kab_admin, camat, django_assert_max_num_queries):
    client = _client(kab_admin)
    url = reverse("audit:accessrecord_list")
    for index in range(3):
        _record(camat, object_id=index)
    client.get(url)
    with django_assert_max_num_queries(8):
        client.get(url)
    for index in range(60):
        _record(kab_admin, object_id=index)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["records"]) == 50
