"""Correcting a report's place in the app: through incident_update, on the timeline, within the user's areas."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.choices import EventKind
from incidents.forms import IncidentEditForm
from incidents.hooks import incident_hook_register, incident_hook_unregister
from incidents.models import Incident
from incidents.tests.factories import make_incident
from regions.models import AdminUnit, Election, PollingStation

# Inside desa 64.08.04.2001 (Sangatta Utara), from the shipped boundaries.
INSIDE_LAT, INSIDE_LNG = 0.48607, 117.573683


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _unit(code):
    return AdminUnit.objects.get(code=code)


def _form_data(incident, **overrides):
    """The edit form as the browser posts it unchanged, with ``overrides`` applied."""
    initial = IncidentEditForm.initial_for(incident)
    data = {
        key: (
            value.pk
            if hasattr(value, "pk")
            else value.strftime("%Y-%m-%dT%H:%M")
            if hasattr(value, "strftime")
            else value
        )
        for key, value in initial.items()
        if value is not None
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def incident(reporter):
    return make_incident(by_user=reporter, area_code="64.08.04.2001")


@pytest.fixture
def hook_events():
    seen = []

    def hook(*, incident, event):
        seen.append((incident.number, event.kind, dict(event.new)))

    incident_hook_register(hook)
    yield seen
    incident_hook_unregister(hook)


def _url(incident):
    return reverse("incidents:incident_update", args=[incident.number])


def test_edit_form_shows_the_current_place(incident, operator):
    response = _client(operator).get(_url(incident))

    form = response.context["form"]
    assert (form["kecamatan"].value(), form["desa"].value()) == (
        _unit("64.08.04").pk,
        _unit("64.08.04.2001").pk,
    )
    assert 'data-testid="edit-place"' in response.content.decode()


def test_correcting_the_desa_moves_the_area_code_writes_the_timeline_and_runs_hooks(
    incident, operator, hook_events
):
    new_desa = _unit("64.08.04.2011")

    response = _client(operator).post(_url(incident), _form_data(incident, desa=new_desa.pk))

    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.area, incident.area_code, incident.version) == (new_desa, "64.08.04.2011", 2)
    event = incident.events.latest("id")
    assert (event.kind, event.actor, event.version) == (EventKind.FIELDS, operator, 2)
    assert event.old["area"]["id"] == _unit("64.08.04.2001").pk
    assert event.new["area"] == {"id": new_desa.pk, "label": str(new_desa)}
    assert set(event.new) == {"area"}
    assert hook_events == [(incident.number, EventKind.FIELDS, event.new)]
    page = _client(operator).get(incident.get_absolute_url()).content.decode()
    old_desa = _unit("64.08.04.2001")
    assert f"{old_desa} → {new_desa}" in page


def test_a_report_can_be_moved_up_to_its_kecamatan_when_the_desa_is_unknown(incident, operator):
    response = _client(operator).post(_url(incident), _form_data(incident, desa=""))

    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.area.code, incident.area_code) == ("64.08.04", "64.08.04")


def test_a_place_outside_the_users_areas_is_a_field_error_and_changes_nothing(incident, operator):
    bengalon_desa = _unit("64.08.09.2001")

    response = _client(operator).post(
        _url(incident), _form_data(incident, kecamatan=bengalon_desa.parent_id, desa=bengalon_desa.pk)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["kecamatan"] == ["Kecamatan ini di luar wilayah Anda."]
    assert errors["desa"] == ["Desa/kelurahan ini di luar wilayah Anda."]
    incident.refresh_from_db()
    assert (incident.area_code, incident.version) == ("64.08.04.2001", 1)


def test_the_kabupaten_admin_moves_a_report_to_another_kecamatan_and_scope_follows(
    incident, kab_admin, operator, other_operator
):
    bengalon_desa = _unit("64.08.09.2001")

    _client(kab_admin).post(
        _url(incident), _form_data(incident, kecamatan=bengalon_desa.parent_id, desa=bengalon_desa.pk)
    )

    incident.refresh_from_db()
    assert incident.area_code == "64.08.09.2001"
    assert _client(other_operator).get(incident.get_absolute_url()).status_code == 200
    assert _client(operator).get(incident.get_absolute_url()).status_code == 404


def test_setting_a_tps_is_recorded_and_an_unknown_tps_is_a_field_error(incident, operator):
    station = PollingStation.objects.create(
        election=Election.objects.first(), desa=_unit("64.08.04.2001"), number=7
    )

    refused = _client(operator).post(_url(incident), _form_data(incident, tps_number="8"))
    saved = _client(operator).post(_url(incident), _form_data(incident, tps_number="7"))

    assert "TPS nomor 8 tidak ada" in " ".join(refused.context["form"].errors["tps_number"])
    assert saved.status_code == 302
    incident.refresh_from_db()
    assert (incident.polling_station, incident.version) == (station, 2)
    assert incident.events.latest("id").new == {"polling_station": {"id": station.pk, "label": str(station)}}


def test_a_tps_without_a_desa_is_a_field_error(incident, operator):
    response = _client(operator).post(_url(incident), _form_data(incident, desa="", tps_number="3"))

    assert "Pilih desa/kelurahan dulu" in " ".join(response.context["form"].errors["tps_number"])
    assert Incident.objects.get(pk=incident.pk).version == 1


def test_correcting_the_gps_point_is_recorded_and_a_point_outside_kutim_is_refused(incident, operator):
    outside = _client(operator).post(_url(incident), _form_data(incident, lat="-6.2", lng="106.8"))
    inside = _client(operator).post(
        _url(incident), _form_data(incident, lat=str(INSIDE_LAT), lng=str(INSIDE_LNG))
    )

    assert "luar wilayah kabupaten yang dilayani" in " ".join(outside.context["form"].errors["lat"])
    assert inside.status_code == 302
    incident.refresh_from_db()
    assert (incident.lat, incident.lng, incident.version) == (INSIDE_LAT, INSIDE_LNG, 2)
    assert incident.events.latest("id").new == {"lat": INSIDE_LAT, "lng": INSIDE_LNG}


def test_an_unchanged_form_writes_nothing(incident, operator):
    response = _client(operator).post(_url(incident), _form_data(incident))

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.version == 1
    assert not incident.events.filter(kind=EventKind.FIELDS).exists()
