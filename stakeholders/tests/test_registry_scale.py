"""The registry's pages at size: fixed query counts, nothing read or built for rows the page does not show."""

from datetime import date

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from regions.choices import AdminLevel
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, ForumSeat, Organisation, Person, Position
from stakeholders.selectors import coverage_gaps
from stakeholders.services import forum_create
from stakeholders.tests.factories import PersonFactory


def _grow(count: int, *, office: str = Office.TOKOH_MASYARAKAT, area_code: str = "64.08.04.2001") -> None:
    """``count`` people holding ``office`` in a desa of Sangatta Utara; every other one reachable."""
    org = Organisation.objects.get(name="Polsek Uji Sangatta Utara")
    area = AdminUnit.objects.get(code=area_code)
    start = Person.objects.count()
    for i in range(start, start + count):
        person = PersonFactory(full_name=f"Warga Uji {i:03d}")
        Position.objects.create(
            person=person, organisation=org, office=office, area=area, start_date=date(2024, 1, 1)
        )
        ContactPoint.objects.create(
            person=person, kind=ContactKind.PHONE, value=f"+628131100{i:04d}", notifiable=i % 2 == 0
        )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["kesbangpol", "camat_su"])
def test_the_directory_takes_as_many_queries_with_50_people_as_with_5(client, world, user):
    client.force_login(getattr(world, user))
    url = reverse("stakeholders:person_list")
    _grow(5)
    client.get(url)  # the first request after signing in reads what later ones have cached
    few = [_queries(client, url), _queries(client, url, {"q": "warga uji", "area": "64.08.04"})]
    _grow(45)
    many = [_queries(client, url, {"page": 2}), _queries(client, url, {"q": "warga uji", "area": "64.08.04"})]
    assert few == many


def test_the_directory_marks_who_cannot_be_notified_asking_only_about_the_page(client, world):
    _grow(40)
    client.force_login(world.kesbangpol)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("stakeholders:person_list"), {"q": "warga uji", "page": 2})
    people = list(response.context["page_obj"])
    assert len(people) == 40 - 25
    for person in people:
        assert person.reachable == ContactPoint.objects.filter(person=person, notifiable=True).exists()
    body = response.content.decode()
    assert body.count('data-testid="unreachable"') == sum(not p.reachable for p in people) > 0
    # The page's own query (the one that skips the first 25 rows) does not look at contacts: PostgreSQL
    # would evaluate that for every skipped row as well.
    paged = [q["sql"] for q in captured.captured_queries if "OFFSET" in q["sql"]]
    assert len(paged) == 1
    assert "stakeholders_contactpoint" not in paged[0]


def test_the_directory_and_person_page_leave_area_boundaries_unread(client, world):
    _grow(3)
    client.force_login(world.kesbangpol)
    response = client.get(reverse("stakeholders:person_list"), {"q": "warga uji"})
    areas = [pos.area for person in response.context["page_obj"] for pos in person.current_positions]
    assert areas
    assert all("boundary" in area.get_deferred_fields() for area in areas)
    response = client.get(reverse("stakeholders:person_detail", args=[world.warga_su.pk]))
    assert all("boundary" in pos.area.get_deferred_fields() for pos in response.context["positions"])
    assert all("boundary" in forum.area.get_deferred_fields() for forum in response.context["forums"])


def test_the_directory_filters_render_their_options_without_a_template_each(client, world):
    client.force_login(world.kesbangpol)
    response = client.get(reverse("stakeholders:person_list"), {"area": "64.08.04", "office": Office.CAMAT})
    assert "django/forms/widgets/select_option.html" not in [t.name for t in response.templates]
    body = response.content.decode()
    assert '<option value="64.08.04" selected>64.08.04 Kec. Sangatta Utara</option>' in body
    assert f'<option value="{Office.CAMAT}" selected>Camat</option>' in body
    assert '<option value="">Semua wilayah</option>' in body
    assert (
        body.count("<option")
        == AdminUnit.objects.filter(code__startswith="64.08").count() + 1 + len(Office.choices) + 1
    )


def test_a_positions_office_label_is_djangos_in_either_language(world):
    for value, label in Office.choices:
        position = Position(office=value)
        assert position.get_office_display() == str(label)
        with translation.override("en"):
            assert position.get_office_display() == str(label)
    assert Position(office="tidak_ada").get_office_display() == "tidak_ada"


def _seat_holders(count: int) -> None:
    """``count`` more desa with a Tiga Pilar forum and their Kepala Desa; every other one reachable."""
    desa_list = AdminUnit.objects.filter(
        level=AdminLevel.DESA, code__startswith="64.08.", forums__isnull=True
    )
    for desa in desa_list.order_by("code")[:count]:
        forum_create(kind=ForumKind.TIGA_PILAR_DESA, area=desa, name=f"Tiga Pilar {desa.name}")
        _grow(1, office=Office.KEPALA_DESA, area_code=desa.code)


def test_the_gap_page_takes_as_many_queries_with_many_holders_as_with_few(client, world):
    client.force_login(world.kesbangpol)
    url = reverse("stakeholders:coverage_gaps")
    _seat_holders(2)
    client.get(url)  # the first request after signing in reads what later ones have cached
    few = _queries(client, url)
    _seat_holders(12)
    assert _queries(client, url) == few


def test_the_gaps_build_model_objects_only_for_what_they_list(world):
    _seat_holders(12)
    made: list[type] = []

    def count(sender, **kwargs):
        made.append(sender)

    post_init.connect(count)
    try:
        gaps = coverage_gaps(world.kesbangpol)
    finally:
        post_init.disconnect(count)
    listed_positions = sum(len(g.unreachable) + len(g.unverified) for g in gaps)
    listed_seats = sum(len(g.empty_seats) for g in gaps)
    assert listed_positions > 0
    assert made.count(Position) == listed_positions
    assert made.count(Person) == listed_positions
    assert made.count(ForumSeat) == listed_seats
    # What a gap shows: the person's name and page, the office's label.
    position = next(p for g in gaps for p in g.unreachable)
    assert position.person.get_absolute_url() == reverse(
        "stakeholders:person_detail", args=[position.person_id]
    )
    assert position.get_office_display() == "Kepala Desa"
