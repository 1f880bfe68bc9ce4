"""A holder on cuti kampanye or suspended: no access and no alerts during the period, the acting holder
(Pjs) instead; recorded through the service, audited, refused with field messages when it does not fit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stakeholders.access import OFFICE_ACCESS
from stakeholders.choices import AccessRole, ActingKind, ForumKind, NonActiveKind, Office
from stakeholders.models import NonActivePeriod, Position
from stakeholders.selectors import access_profile, access_profile_forget, forum_seat_holders, position_holders
from stakeholders.services import forum_create, position_nonactive_add, position_nonactive_end
from stakeholders.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
    user_with_office,
)

pytestmark = pytest.mark.django_db

# The Kutim 2024 pattern: the incumbent Bupati on campaign leave, a Pjs Bupati meanwhile.
CUTI = (date(2024, 9, 25), date(2024, 11, 23))


@pytest.fixture
def kesbangpol(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


@pytest.fixture
def bupati(kutim):
    return user_with_office(Office.BUPATI, "64.08", username="bupati.petahana")


@pytest.fixture
def pjs_bupati(kutim):
    user = UserFactory(username="pjs.bupati")
    PositionFactory(
        person=PersonFactory(user=user, full_name="Pjs Bupati"),
        office=Office.BUPATI,
        acting=ActingKind.PJS,
        area=kutim,
        organisation=OrganisationFactory(area=kutim),
        start_date=date(2024, 9, 24),
        end_date=date(2024, 11, 24),
    )
    return user


def _position(user) -> Position:
    return Position.objects.get(person__user=user)


def _cuti(bupati, kesbangpol, start=CUTI[0], end=CUTI[1]):
    return position_nonactive_add(
        position=_position(bupati),
        kind=NonActiveKind.CUTI_KAMPANYE,
        start_date=start,
        end_date=end,
        reason="Cuti di luar tanggungan negara selama kampanye",
        by_user=kesbangpol,
    )


def test_a_bupati_on_cuti_kampanye_has_no_bupati_access_during_it_and_the_pjs_has(
    bupati, pjs_bupati, kesbangpol
):
    _cuti(bupati, kesbangpol)
    during, after = date(2024, 10, 28), date(2024, 11, 24)
    assert AccessRole.KABUPATEN_VIEWER not in access_profile(bupati, on=during).roles
    assert access_profile(bupati, on=during).kabupaten_wide is False
    assert AccessRole.KABUPATEN_VIEWER in access_profile(bupati, on=after).roles
    assert AccessRole.KABUPATEN_VIEWER in access_profile(pjs_bupati, on=during).roles


def test_a_bupati_on_cuti_today_is_refused_the_pages_of_a_bupati(bupati, kesbangpol):
    today = timezone.localdate()
    _cuti(bupati, kesbangpol, start=today - timedelta(days=1), end=today + timedelta(days=30))
    access_profile_forget(bupati)
    client = Client()
    client.force_login(bupati)
    assert client.get(reverse("incidents:incident_list")).status_code in (403, 404)


def test_forkopimda_seats_and_office_targets_go_to_the_pjs_during_the_cuti(
    bupati, pjs_bupati, kesbangpol, kutim
):
    forum = forum_create(
        kind=ForumKind.FORKOPIMDA, area=kutim, name="Forkopimda Kutai Timur", seats=[Office.BUPATI]
    )
    _cuti(bupati, kesbangpol)
    during = date(2024, 10, 28)
    [(_seat, holders)] = forum_seat_holders(forum=forum, on=during)
    assert [p.person.user for p in holders] == [pjs_bupati]
    assert {
        p.person.user for p in position_holders(offices=[Office.BUPATI], area=kutim, on=date(2024, 11, 24))
    } == {
        bupati,
        pjs_bupati,
    }


def test_an_escalation_during_the_cuti_alerts_the_pjs_not_the_candidate(
    bupati, pjs_bupati, kesbangpol, kutim
):
    from escalation.engine.targets import target_resolve
    from incidents.tests.factories import wita

    forum_create(kind=ForumKind.FORKOPIMDA, area=kutim, name="Forkopimda Kutai Timur", seats=[Office.BUPATI])
    _cuti(bupati, kesbangpol)
    resolved = target_resolve({"kind": "forkopimda"}, areas={"kabupaten": kutim}, at=wita(2024, 10, 28))
    assert [p.pk for p in resolved.people] == [_position(pjs_bupati).person_id]
    office = target_resolve(
        {"kind": "jabatan", "office": Office.BUPATI, "level": "kabupaten"},
        areas={"kabupaten": kutim},
        at=wita(2024, 10, 28),
    )
    assert [p.pk for p in office.people] == [_position(pjs_bupati).person_id]


def test_the_period_is_audited_and_can_be_ended_early(bupati, kesbangpol):
    period = _cuti(bupati, kesbangpol, end=None)
    assert period.history.get().history_user == kesbangpol
    assert AccessRole.KABUPATEN_VIEWER not in access_profile(bupati, on=date(2025, 1, 1)).roles
    position_nonactive_end(period=period, end_date=date(2024, 11, 23), by_user=kesbangpol)
    access_profile_forget(bupati)
    assert AccessRole.KABUPATEN_VIEWER in access_profile(bupati, on=date(2024, 11, 24)).roles
    assert period.history.count() == 2


def test_overlapping_periods_and_dates_outside_the_term_are_refused(bupati, kesbangpol):
    _cuti(bupati, kesbangpol)
    with pytest.raises(ValidationError) as caught:
        _cuti(bupati, kesbangpol, start=date(2024, 11, 1), end=date(2024, 12, 1))
    assert "Bertumpang tindih" in " ".join(caught.value.message_dict["start_date"])
    with pytest.raises(ValidationError) as caught:
        _cuti(bupati, kesbangpol, start=date(2023, 1, 1), end=date(2023, 2, 1))  # the term starts in 2024
    assert "di dalam masa jabatan" in " ".join(caught.value.message_dict["start_date"])
    assert NonActivePeriod.objects.count() == 1


def test_a_camat_cannot_put_the_bupati_on_leave(bupati, kutim):
    camat = user_with_office(Office.CAMAT, "64.08.04")
    with pytest.raises(ValidationError):
        _cuti(bupati, camat)
    assert not NonActivePeriod.objects.exists()


def test_the_page_records_a_period_for_kesbangpol(bupati, kesbangpol):
    client = Client()
    client.force_login(kesbangpol)
    url = reverse("stakeholders:position_nonactive_create", args=[_position(bupati).pk])
    response = client.post(
        url,
        {
            "kind": "cuti_kampanye",
            "start_date": "2024-09-25",
            "end_date": "2024-11-23",
            "reason": "Cuti kampanye",
        },
    )
    assert response.status_code == 302
    period = NonActivePeriod.objects.get()
    assert (period.kind, period.created_by) == (NonActiveKind.CUTI_KAMPANYE, kesbangpol)
    page = client.get(_position(bupati).person.get_absolute_url()).content.decode()
    assert 'data-testid="non-active-period"' in page
    bad = client.post(
        url, {"kind": "cuti", "start_date": "2024-11-30", "end_date": "2024-11-01", "reason": "x"}
    )
    assert "sebelum tanggal mulai" in bad.content.decode()


@pytest.mark.parametrize(
    ("office", "role"),
    [
        (Office.SEKCAM, AccessRole.KECAMATAN_OPERATOR),
        (Office.KASI_TRANTIB, AccessRole.KECAMATAN_OPERATOR),
        (Office.PTPS, AccessRole.FIELD_REPORTER),
        (Office.KETUA_KPPS, AccessRole.FIELD_REPORTER),
        (Office.KETUA_BPD, AccessRole.FIELD_REPORTER),
        (Office.KETUA_RT, AccessRole.FIELD_REPORTER),
        (Office.DANPOSAL, AccessRole.SECURITY_LIAISON),
        (Office.DANLANAL, AccessRole.SECURITY_LIAISON),
    ],
)
def test_the_ladders_offices_give_their_documented_role(office, role):
    assert OFFICE_ACCESS[office] == role


@pytest.mark.parametrize(
    "office",
    [Office.ANGGOTA_PPK, Office.ANGGOTA_PPS, Office.ANGGOTA_KPPS, Office.PANTARLIH, Office.TOKOH_PEMUDA],
)
def test_election_body_members_and_tokoh_are_contacts_without_access(office):
    assert office not in OFFICE_ACCESS


def test_a_ptps_can_report(kutim):
    ptps = user_with_office(Office.PTPS, "64.08.04.2001")
    assert ptps.has_perm("incidents.add_incident")
