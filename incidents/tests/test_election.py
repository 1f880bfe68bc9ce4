"""Every report belongs to one election: chosen by its date, with the main phase and any sub-phase; the
TPS of that election; the list filters by election."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from incidents.models import Incident
from incidents.services import incident_update
from incidents.tests.factories import make_incident, wita
from regions.models import AdminUnit, Election, ElectionPhase, PollingStation

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _election(code):
    return Election.objects.get(code=code)


def _tps(election_code, number, desa="64.08.04.2001"):
    return PollingStation.objects.create(
        election=_election(election_code), desa=AdminUnit.objects.get(code=desa), number=number
    )


def test_a_report_of_2024_belongs_to_the_pilkada_and_shows_a_sub_phase_beside_the_main_phase(
    reporter, kab_admin
):
    incident = make_incident(
        by_user=reporter, occurred_at=wita(2024, 11, 20), known_at=wita(2024, 11, 20, 11)
    )
    assert incident.election.code == "pilkada-2024"
    assert incident.phase.code == "kampanye"  # logistics distribution does not relabel it
    page = _client(kab_admin).get(incident.get_absolute_url()).content.decode()
    assert "Pemilihan Serentak 2024 (Pilkada)" in page
    assert 'data-testid="subphase">Distribusi logistik<' in page


def test_a_report_of_2019_belongs_to_the_pemilu_and_its_phase(reporter):
    incident = make_incident(by_user=reporter, occurred_at=wita(2019, 4, 17), known_at=wita(2019, 4, 17, 12))
    assert (incident.election.code, incident.phase.election.code, incident.phase.code) == (
        "pemilu-2019",
        "pemilu-2019",
        "pemungutan_suara",
    )


def test_a_tps_of_another_election_is_refused_on_its_field(reporter):
    station = _tps("pemilu-2019", 88)
    with pytest.raises(ValidationError) as caught:
        make_incident(by_user=reporter, polling_station=station)  # 2024 campaign
    assert "polling_station" in caught.value.message_dict
    assert not Incident.objects.exists()


@pytest.mark.parametrize("typed", ["TPS 088", "088", "88", "tps 88"])
def test_the_report_form_accepts_the_tps_number_as_people_write_it(reporter, typed):
    from incidents.tests.test_views import _report_data

    station = _tps("pilkada-2024", 88)
    _tps("pemilu-2019", 88)  # the same number in 2019 is another TPS
    response = _client(reporter).post(reverse("incidents:incident_create"), _report_data(tps_number=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Incident.objects.get().polling_station == station


def test_the_report_form_looks_the_tps_up_in_the_election_of_the_event_day(reporter):
    from incidents.tests.test_views import _report_data

    station = _tps("pemilu-2019", 15)
    data = _report_data(tps_number="TPS 015", occurred_at="2019-04-17T10:00", known_at="2019-04-17T11:00")
    response = _client(reporter).post(reverse("incidents:incident_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.get()
    assert (incident.polling_station, incident.election.code) == (station, "pemilu-2019")


def test_an_unreadable_tps_number_is_a_field_message(reporter):
    from incidents.tests.test_views import _report_data

    response = _client(reporter).post(
        reverse("incidents:incident_create"), _report_data(tps_number="TPS delapan")
    )
    assert response.status_code == 200
    assert "Tulis nomor TPS sebagai angka" in " ".join(response.context["form"].errors["tps_number"])


def test_choosing_a_phase_of_another_election_moves_the_report_to_that_election(reporter, kab_admin):
    incident = make_incident(by_user=reporter)
    phase = ElectionPhase.objects.get(election__code="pemilu-2019", code="kampanye")
    incident = incident_update(
        incident=incident, expected_version=incident.version, by_user=kab_admin, phase=phase
    )
    assert incident.election.code == "pemilu-2019"
    event = incident.events.latest("id")
    assert set(event.new) == {"phase", "election"}


def test_the_list_filters_by_election(reporter, kab_admin):
    recent = make_incident(by_user=reporter, title="Pilkada")
    old = make_incident(
        by_user=reporter, title="Pemilu", occurred_at=wita(2019, 4, 17), known_at=wita(2019, 4, 17, 12)
    )
    url = reverse("incidents:incident_list")
    rows = _client(kab_admin).get(url, {"status": "semua", "election": old.election_id}).context["rows"]
    assert [row.number for row in rows] == [old.number]
    rows = _client(kab_admin).get(url, {"status": "semua", "election": recent.election_id}).context["rows"]
    assert [row.number for row in rows] == [recent.number]
