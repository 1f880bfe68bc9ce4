"""The Django admin is a second window on incidents, not a second write path."""

import pytest
from django.urls import reverse

from incidents.choices import EventKind, Status
from incidents.models import Incident, IncidentCategory, IncidentEvent
from incidents.services import note_add
from regions.models import AdminUnit

from .factories import make_incident


def _change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


@pytest.mark.django_db
def test_superuser_cannot_change_an_incidents_area_in_the_admin(admin_client, kutim):
    incident = make_incident(area_code="64.08.04.2001")
    other = AdminUnit.objects.get(code="64.08.09")
    events = list(incident.events.values_list("pk", flat=True))

    response = admin_client.post(_change_url(incident), {"area": other.pk, "title": "Diubah lewat admin"})

    assert response.status_code == 403
    incident.refresh_from_db()
    assert (incident.area.code, incident.area_code, incident.version) == ("64.08.04.2001", "64.08.04.2001", 1)
    assert incident.title == "Kericuhan di depan posko"
    assert list(incident.events.values_list("pk", flat=True)) == events


@pytest.mark.django_db
def test_superuser_cannot_add_or_delete_an_incident_in_the_admin(admin_client, kutim):
    incident = make_incident()

    add = admin_client.post(reverse("admin:incidents_incident_add"), {"title": "Baru"})
    delete = admin_client.post(
        reverse("admin:incidents_incident_delete", args=[incident.pk]), {"post": "yes"}
    )
    bulk = admin_client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "delete_selected", "_selected_action": [incident.pk], "post": "yes"},
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert bulk.status_code == 302  # back to the list: delete_selected is not offered
    assert Incident.objects.filter(pk=incident.pk).exists()


@pytest.mark.django_db
def test_admin_shows_an_incident_and_its_timeline_read_only(admin_client, kutim):
    incident = make_incident()

    response = admin_client.get(_change_url(incident))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="title"' not in body
    assert "Kericuhan di depan posko" in body
    assert response.context["adminform"].form.fields == {}


@pytest.mark.django_db
def test_admin_verify_action_goes_through_the_service(admin_client, admin_user, kutim):
    incident = make_incident()

    response = admin_client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "verify", "_selected_action": [incident.pk]},
        follow=True,
    )

    assert response.status_code == 200
    incident.refresh_from_db()
    assert (incident.status, incident.version) == (Status.TERVERIFIKASI, 2)
    event = incident.events.latest("id")
    assert (event.kind, event.actor, event.version) == (EventKind.STATUS, admin_user, 2)
    assert "1 laporan diverifikasi." in response.content.decode()


@pytest.mark.django_db
def test_admin_verify_action_reports_a_refused_transition(admin_client, kutim):
    incident = make_incident()
    admin_client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "verify", "_selected_action": [incident.pk]},
    )

    response = admin_client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "verify", "_selected_action": [incident.pk]},
        follow=True,
    )

    incident.refresh_from_db()
    assert incident.version == 2
    assert f"{incident.number}: Status tidak dapat diubah" in response.content.decode()


@pytest.mark.django_db
def test_staff_without_triage_permission_gets_no_verify_action(client, kutim, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("staf", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_incident"))
    client.force_login(staff)
    make_incident()

    response = client.get(reverse("admin:incidents_incident_changelist"))

    assert response.status_code == 200
    assert "verify" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)


@pytest.mark.django_db
def test_timeline_notes_and_access_log_are_read_only_in_the_admin(admin_client, admin_user, kutim):
    incident = make_incident()
    note = note_add(incident=incident, body="Catatan asli", by_user=admin_user)
    event = IncidentEvent.objects.filter(incident=incident).first()

    responses = [
        admin_client.post(reverse("admin:incidents_incidentnote_change", args=[note.pk]), {"body": "Palsu"}),
        admin_client.post(
            reverse("admin:incidents_incidentevent_change", args=[event.pk]), {"note": "Palsu"}
        ),
        admin_client.post(reverse("admin:incidents_incidentnote_delete", args=[note.pk]), {"post": "yes"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    note.refresh_from_db()
    event.refresh_from_db()
    assert (note.body, event.note) == ("Catatan asli", "")


@pytest.mark.django_db
def test_admin_never_shows_a_confidential_informants_identity(admin_client, kutim):
    incident = make_incident(informant={"full_name": "Saksi Rahasia Sekali", "phone": "081234567890"})

    response = admin_client.get(
        reverse("admin:incidents_confidentialinformant_change", args=[incident.informant.pk])
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Saksi Rahasia Sekali" not in body
    assert "081234567890" not in body
    assert incident.number in body


@pytest.mark.django_db
def test_categories_stay_editable_in_the_admin(admin_client, kutim):
    category = IncidentCategory.objects.get(code="BENTROK_MASSA")

    response = admin_client.post(
        reverse("admin:incidents_incidentcategory_change", args=[category.pk]),
        {
            "code": category.code,
            "name": "Bentrokan massa (diperbaiki)",
            "name_en": category.name_en,
            "track": category.track,
            "main_handler": category.main_handler,
            "order": category.order,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name == "Bentrokan massa (diperbaiki)"
