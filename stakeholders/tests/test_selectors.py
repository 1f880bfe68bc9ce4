from datetime import date

import pytest
from django.db import IntegrityError, transaction

from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import Position
from stakeholders.selectors import contact_mask, coverage_gaps, forum_seat_holders
from stakeholders.services import contact_point_add, forum_create, person_create, position_assign
from stakeholders.tests.factories import PositionFactory


def _gaps_by_area(user):
    return {g.area.code: g for g in coverage_gaps(user)}


def test_gaps_list_empty_seats_of_the_areas_forums(world):
    gaps = _gaps_by_area(world.camat_su)
    assert [seat.office for _forum, seat in gaps["64.08.04"].empty_seats] == [Office.DANRAMIL]


def test_a_holder_with_a_verified_notifiable_contact_is_not_a_gap(world):
    gaps = _gaps_by_area(world.camat_su)
    holders = gaps["64.08.04"].unreachable + gaps["64.08.04"].unverified
    assert world.warga_su not in [p.person for p in holders]


def test_holders_without_notifiable_or_verified_contacts_are_listed_separately(world):
    danramil = person_create(full_name="Danramil Fiktif")
    position_assign(
        person=danramil,
        organisation=world.polsek_su,
        office=Office.DANRAMIL,
        area=world.su,
        start_date=date(2024, 1, 1),
    )
    contact_point_add(person=danramil, kind=ContactKind.PHONE, value="081311112222", notifiable=False)
    camat = world.camat_su.person
    contact_point_add(person=camat, kind=ContactKind.PHONE, value="081311113333", verified=False)
    gaps = _gaps_by_area(world.camat_su)["64.08.04"]
    assert [p.person for p in gaps.unreachable] == [danramil]
    assert [p.person for p in gaps.unverified] == [camat]
    assert [seat.office for _forum, seat in gaps.empty_seats] == []


def test_a_desa_without_its_tiga_pilar_forum_is_a_gap(world):
    gaps = _gaps_by_area(world.camat_su)
    assert gaps["64.08.04.2001"].missing_forum == ForumKind.TIGA_PILAR_DESA
    forum_create(kind=ForumKind.TIGA_PILAR_DESA, area=world.desa_su, name="Tiga Pilar Uji")
    gaps = _gaps_by_area(world.camat_su)
    assert not gaps["64.08.04.2001"].missing_forum
    assert len(gaps["64.08.04.2001"].empty_seats) == 3


def test_gaps_are_scoped_to_the_users_areas(world):
    codes = set(_gaps_by_area(world.camat_bengalon))
    assert "64.08.09" in codes
    assert not any(code.startswith("64.08.04") for code in codes)


def test_gaps_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for desa in world.su.children.all()[:5]:
        forum_create(kind=ForumKind.TIGA_PILAR_DESA, area=desa, name=f"Tiga Pilar {desa.name}")
    with django_assert_max_num_queries(5):
        coverage_gaps(world.kesbangpol)


def test_tiga_pilar_holders_of_a_desa_today_take_two_queries(world, django_assert_num_queries):
    forum = forum_create(kind=ForumKind.TIGA_PILAR_DESA, area=world.desa_su, name="Tiga Pilar Uji")
    kades = person_create(full_name="Kades Fiktif")
    position_assign(
        person=kades,
        organisation=world.polsek_su,
        office=Office.KEPALA_DESA,
        area=world.desa_su,
        start_date=date(2024, 1, 1),
    )
    forum.refresh_from_db()
    with django_assert_num_queries(2):
        seats = forum_seat_holders(forum=forum)
        holders = {seat.office: [p.person.full_name for p in people] for seat, people in seats}
    assert holders == {Office.KEPALA_DESA: ["Kades Fiktif"], Office.BHABINKAMTIBMAS: [], Office.BABINSA: []}


def test_gap_page_is_loud_about_empty_seats(client, world):
    client.force_login(world.camat_su)
    body = client.get("/pemangku/celah/").content.decode()
    assert 'data-testid="gaps-alarm"' in body
    assert "alert-danger" in body


def test_contact_values_are_masked_but_recognisable():
    assert contact_mask("+6281234567890") == "+62812•••••890"
    assert contact_mask("budi@contoh.id") == "b•••@contoh.id"
    assert contact_mask("@budisan") == "@b•••san"


def test_a_desa_officer_reaches_the_kecamatan_of_their_desa_only(kutim):
    from stakeholders.selectors import kecamatan_reachable_by
    from stakeholders.tests.factories import user_with_office

    officer = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    assert list(kecamatan_reachable_by(officer).values_list("code", flat=True)) == ["64.08.04"]


def test_a_camat_sees_the_areas_and_tps_of_their_kecamatan_only(kutim):
    from regions.models import AdminUnit, Election, PollingStation
    from stakeholders.selectors import adminunit_visible_to, pollingstation_visible_to
    from stakeholders.tests.factories import user_with_office

    camat = user_with_office(Office.CAMAT, "64.08.04")
    election = Election.objects.first()
    inside = PollingStation.objects.create(
        election=election, desa=AdminUnit.objects.get(code="64.08.04.2001"), number=1
    )
    PollingStation.objects.create(
        election=election, desa=AdminUnit.objects.get(code="64.08.09.2001"), number=1
    )
    codes = set(adminunit_visible_to(camat, level="desa").values_list("code", flat=True))
    assert "64.08.04.2001" in codes
    assert not any(code.startswith("64.08.09.") for code in codes)
    assert list(pollingstation_visible_to(camat)) == [inside]


def test_the_database_refuses_a_position_starting_in_year_1(kutim):
    """Finding 2 of issue 12: every date a person types is bounded in the database too."""
    position = PositionFactory()
    with pytest.raises(IntegrityError, match="position_start_date_in_range"), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(start_date=date(1, 1, 1))
