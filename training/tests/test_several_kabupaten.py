"""With several kabupaten served, each runs its own Bimtek: a kabupaten's Kesbangpol manages the
programmes organised in its kabupaten (the organiser's area), its leaders read them, a provincial office
reads those of every kabupaten below it, and another kabupaten's programme is a 404."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mfa.testing import force_login_verified
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory, user_with_office
from training import selectors, services
from training.tests.factories import ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db

BONTANG = "64.74"


@pytest.fixture
def two_kabupaten(bontang):
    def programme(code: str):
        organiser = OrganisationFactory(name=f"Pemda {code}", area=AdminUnit.objects.get(code=code))
        return ProgrammeFactory(title=f"Bimtek {code}", organiser=organiser, created_by=None)

    return {"64.08": programme("64.08"), BONTANG: programme(BONTANG)}


def _client(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def test_a_kabupaten_administrator_manages_the_bimtek_organised_in_their_kabupaten(two_kabupaten):
    kutim = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    bontang = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    assert set(selectors.programme_managed_by(kutim)) == {two_kabupaten["64.08"]}
    assert set(selectors.programme_managed_by(bontang)) == {two_kabupaten[BONTANG]}
    assert set(selectors.programme_list(user=bontang)) == {two_kabupaten[BONTANG]}


def test_the_leaders_read_their_kabupatens_bimtek_and_a_provincial_office_every_kabupatens(two_kabupaten):
    bupati = user_with_office(Office.BUPATI, BONTANG)
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    assert set(selectors.programme_visible_to(bupati)) == {two_kabupaten[BONTANG]}
    assert set(selectors.programme_managed_by(bupati)) == set()
    assert set(selectors.programme_visible_to(provincial)) == set(two_kabupaten.values())


def test_the_other_kabupatens_programme_is_a_404_and_the_own_one_opens(two_kabupaten):
    client = _client(user_with_office(Office.OPERATOR_KESBANGPOL, "64.08"))
    own, other = two_kabupaten["64.08"], two_kabupaten[BONTANG]
    for name in ("training:programme_detail", "training:programme_update", "training:registration_list"):
        assert client.get(reverse(name, args=[own.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name


def test_the_api_answers_404_for_the_other_kabupatens_programme(two_kabupaten):
    client = _client(user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG))
    own, other = two_kabupaten[BONTANG], two_kabupaten["64.08"]
    own_session, other_session = SessionFactory(programme=own), SessionFactory(programme=other)
    assert client.get(f"/api/v1/programmes/{own.pk}/").status_code == 200
    assert client.get(f"/api/v1/programmes/{own.pk}/registrations/").status_code == 200
    assert client.get(f"/api/v1/programmes/{own.pk}/sessions/{own_session.pk}/attendance/").status_code == 200
    assert client.get(f"/api/v1/programmes/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/programmes/{other.pk}/registrations/").status_code == 404
    attendance = f"/api/v1/programmes/{other.pk}/sessions/{other_session.pk}/attendance/"
    assert client.get(attendance).status_code == 404


def test_a_kabupaten_administrator_registers_the_people_of_their_kabupaten_only(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    own = PositionFactory(
        person=PersonFactory(), office=Office.KEPALA_DESA, area=AdminUnit.objects.get(code="64.74.01.1001")
    ).person
    other = PositionFactory(
        person=PersonFactory(), office=Office.KEPALA_DESA, area=AdminUnit.objects.get(code="64.08.04.2001")
    ).person
    registrable = set(selectors.person_registrable_by(admin, two_kabupaten[BONTANG]))
    assert own in registrable
    assert other not in registrable
    registration = services.registration_create(programme=two_kabupaten[BONTANG], person=own, by_user=admin)
    assert registration.person == own


def test_a_kabupaten_administrator_may_not_organise_a_bimtek_in_the_other_kabupaten(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    with pytest.raises(ValidationError, match="Penyelenggara di luar kabupaten Anda"):
        services.programme_update(
            programme=two_kabupaten["64.08"], organiser=two_kabupaten[BONTANG].organiser, by_user=admin
        )
    fields = {"venue": "Aula", "start_date": two_kabupaten["64.08"].start_date}
    fields["end_date"] = fields["start_date"]
    with pytest.raises(ValidationError, match="Penyelenggara di luar kabupaten Anda"):
        services.programme_create(
            by_user=admin, title="Bimtek Lain", organiser=two_kabupaten[BONTANG].organiser, **fields
        )
    programme = services.programme_create(
        by_user=admin, title="Bimtek Sendiri", organiser=two_kabupaten["64.08"].organiser, **fields
    )
    assert programme in selectors.programme_managed_by(admin)


def test_the_coverage_report_shows_a_kabupaten_its_own_kecamatan(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    own = {row["code"][:5] for row in selectors.training_coverage_for(admin)}
    assert own == {BONTANG}
    assert {row["code"][:5] for row in selectors.training_coverage_for(provincial)} == {"64.08", BONTANG}
    page = _client(admin).get(reverse("training:coverage_report")).content.decode()
    assert "Sangatta Utara" not in page
