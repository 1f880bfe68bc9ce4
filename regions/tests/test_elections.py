"""Elections as data: kinds, calendars with sub-phases, the current election by date or pinned."""

from datetime import date

import pytest

from regions.choices import ElectionKind, PhaseCode
from regions.models import Election
from regions.selectors import (
    election_at,
    election_current,
    election_for_event,
    electionphase_at,
    electionphase_subphases_at,
)
from regions.services import election_set_current

pytestmark = pytest.mark.django_db


def test_the_shipped_calendars_are_pemilu_2019_and_pilkada_2024_of_kutim(kutim):
    elections = {e.code: e for e in Election.objects.all()}
    assert elections["pemilu-2019"].kind == ElectionKind.PEMILU
    assert elections["pemilu-2019"].voting_date == date(2019, 4, 17)
    assert elections["pilkada-2024"].kind == ElectionKind.PILKADA
    assert elections["pilkada-2024"].voting_date == date(2024, 11, 27)
    assert {e.area for e in elections.values()} == {kutim}


def test_a_sub_phase_inside_the_campaign_does_not_relabel_its_days(kutim):
    # Logistics distribution (13-26 Nov 2024) is shorter than the campaign and overlaps it: the main
    # phase still labels the day, the sub-phase is shown beside it.
    day = date(2024, 11, 20)
    phase = electionphase_at(moment=day)
    assert phase.code == PhaseCode.KAMPANYE
    assert [p.code for p in electionphase_subphases_at(moment=day, election=phase.election)] == [
        PhaseCode.DISTRIBUSI_LOGISTIK
    ]


def test_an_event_before_the_campaign_is_labelled_pra_kampanye_beside_its_main_phase(kutim):
    day = date(2024, 9, 10)
    phase = electionphase_at(moment=day)
    assert phase.code in (PhaseCode.PENCALONAN, PhaseCode.PEMUTAKHIRAN_DATA_PEMILIH)
    assert PhaseCode.PRA_KAMPANYE in [
        p.code for p in electionphase_subphases_at(moment=day, election=phase.election)
    ]


def test_an_event_of_2019_belongs_to_the_pemilu_and_its_phase(kutim):
    day = date(2019, 4, 17)
    assert election_at(moment=day).code == "pemilu-2019"
    assert election_for_event(moment=day).code == "pemilu-2019"
    phase = electionphase_at(moment=day)
    assert (phase.election.code, phase.code) == ("pemilu-2019", PhaseCode.PEMUNGUTAN_SUARA)


def test_the_current_election_follows_the_date_until_one_is_pinned(kutim, django_user_model):
    admin = django_user_model.objects.create_user("pinner")
    pemilu = Election.objects.get(code="pemilu-2019")
    # Today (after every shipped calendar): the latest election.
    assert election_current().code == "pilkada-2024"
    assert election_current(moment=date(2019, 4, 1)).code == "pemilu-2019"

    election_set_current(election=pemilu, by_user=admin)
    assert election_current().code == "pemilu-2019"
    # An explicit day still asks for that day's election.
    assert election_current(moment=date(2024, 11, 27)).code == "pilkada-2024"
    assert pemilu.history.latest().history_user == admin

    election_set_current(election=None, by_user=admin)
    assert election_current().code == "pilkada-2024"
    assert not Election.objects.filter(is_pinned=True).exists()


def test_pinning_another_election_unpins_the_first(kutim, django_user_model):
    admin = django_user_model.objects.create_user("pinner")
    pemilu, pilkada = Election.objects.get(code="pemilu-2019"), Election.objects.get(code="pilkada-2024")
    election_set_current(election=pemilu, by_user=admin)
    election_set_current(election=pilkada, by_user=admin)
    assert list(Election.objects.filter(is_pinned=True)) == [pilkada]


def test_the_admin_action_pins_through_the_service(admin_client, kutim):
    from django.urls import reverse

    pemilu = Election.objects.get(code="pemilu-2019")
    response = admin_client.post(
        reverse("admin:regions_election_changelist"),
        {"action": "pin_as_current", "_selected_action": [pemilu.pk]},
    )
    assert response.status_code == 302
    assert election_current().code == "pemilu-2019"
