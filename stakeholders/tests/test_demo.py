import time

import pytest
from django.contrib.auth import get_user_model

from stakeholders import demo
from stakeholders.choices import AccessRole, ForumKind, Office
from stakeholders.models import ContactPoint, Forum, Organisation, Person, Position
from stakeholders.selectors import access_profile, coverage_gaps, forum_seat_holders

pytestmark = pytest.mark.demo

COUNTED = (Organisation, Person, Position, ContactPoint, Forum)


def test_seeding_twice_changes_nothing_the_second_time(kutim):
    started = time.monotonic()
    logins = demo.seed()
    took = time.monotonic() - started
    counts = {model: model.objects.count() for model in COUNTED}
    assert demo.seed() == logins
    assert {model: model.objects.count() for model in COUNTED} == counts
    assert took < 20


def test_demo_has_the_kutim_structure(kutim):
    demo.seed()
    assert Organisation.objects.get(name="Polsek Sangatta Utara").parent.name == "Polres Kutai Timur"
    assert Organisation.objects.filter(parent__name="Kodim 0909/Kutai Timur").count() == 18
    assert Organisation.objects.filter(name__startswith="Panwaslu Kecamatan").count() == 18
    assert Forum.objects.filter(kind=ForumKind.TIGA_PILAR_DESA).count() == 141
    assert Forum.objects.filter(kind=ForumKind.FORKOPIMCAM).count() == 18
    assert (
        Forum.objects.filter(kind__in=[ForumKind.FORKOPIMDA, ForumKind.TIM_TERPADU, ForumKind.FKDM]).count()
        == 3
    )


def test_demo_users_have_the_roles_of_common_md(kutim):
    demo.seed()
    users = get_user_model().objects
    expected = {
        "kesbangpol": AccessRole.KABUPATEN_ADMIN,
        "bupati": AccessRole.KABUPATEN_VIEWER,
        "camat.sangatta.utara": AccessRole.KECAMATAN_OPERATOR,
        "camat.bengalon": AccessRole.KECAMATAN_OPERATOR,
        "kapolsek.sangatta.utara": AccessRole.SECURITY_LIAISON,
        "pelapor.sangatta.utara": AccessRole.FIELD_REPORTER,
        "pelatih": AccessRole.TRAINER,
    }
    for username, role in expected.items():
        assert access_profile(users.get(username=username)).roles == {role}, username


def test_demo_tiga_pilar_of_a_desa_is_filled(kutim):
    demo.seed()
    forum = Forum.objects.get(kind=ForumKind.TIGA_PILAR_DESA, area__code="64.08.04.2001")
    assert all(holders for _seat, holders in forum_seat_holders(forum=forum))


def test_demo_gives_the_gap_page_something_to_show(kutim):
    demo.seed()
    gaps = {g.area.code: g for g in coverage_gaps(get_user_model().objects.get(username="kesbangpol"))}
    assert [s.office for _f, s in gaps["64.08.11.2001"].empty_seats] == [Office.BABINSA]
    assert [p.office for p in gaps["64.08.09.2002"].unreachable] == [Office.KEPALA_DESA]
    assert [p.office for p in gaps["64.08.09"].unverified] == [Office.KAPOLSEK]
    assert Position.objects.filter(
        office=Office.CAMAT, area__code="64.08.04", end_date__isnull=False
    ).exists()
