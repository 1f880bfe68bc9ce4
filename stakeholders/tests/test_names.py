"""A name is shown as Indonesians write it: front titles, the name, back degrees after a comma."""

import pytest
from django.urls import reverse

from core.imports.parsers import person_name_display, split_titles
from stakeholders.services import person_create, person_update


@pytest.mark.parametrize(
    ("honorific", "front", "back"),
    [
        ("Drs. H.", "Drs. H.", ""),
        ("S.Sos.", "", "S.Sos"),
        ("Dr. Ir. M.Si", "Dr. Ir.", "M.Si"),
        ("Kapten Inf", "Kapten Inf", ""),
        ("AKP S.H.", "AKP", "S.H"),
        ("Drs.H.", "Drs.H.", ""),
        ("", "", ""),
    ],
)
def test_the_titles_of_one_field_are_split_into_front_titles_and_degrees(honorific, front, back):
    assert split_titles(honorific) == (front, back)


def test_the_display_puts_degrees_behind_the_name_even_when_kept_in_front():
    assert person_name_display("S.Sos.", "Siti Rahmawati", "") == "Siti Rahmawati, S.Sos"
    assert person_name_display("Drs. H.", "Ahmad Yani", "M.Si") == "Drs. H. Ahmad Yani, M.Si"
    assert person_name_display("", "Budi", "") == "Budi"


def test_a_degree_typed_as_a_title_is_stored_as_a_degree(db):
    person = person_create(full_name="Siti Rahmawati", honorific="Hj. S.Sos.")
    assert (person.honorific, person.degrees) == ("Hj.", "S.Sos")
    person = person_update(person=person, full_name="Siti Rahmawati", honorific="Hj.", degrees="S.Sos, M.Si")
    assert str(person) == "Hj. Siti Rahmawati, S.Sos, M.Si"


def test_the_list_the_person_page_and_the_edit_form_show_titles_and_degrees_in_place(client, world):
    person = person_create(full_name="Ahmad Yani Nibung", honorific="Drs. H.", degrees="M.Si")
    from stakeholders.services import position_assign

    position_assign(
        person=person,
        organisation=world.polsek_su,
        office="tokoh_masyarakat",
        area=world.su,
        start_date=__import__("datetime").date(2024, 1, 1),
    )
    client.force_login(world.kesbangpol)
    listing = client.get(reverse("stakeholders:person_list"), {"q": "Nibung"}).content.decode()
    assert "Drs. H. Ahmad Yani Nibung, M.Si" in listing
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Drs. H. Ahmad Yani Nibung, M.Si" in page
    form = client.get(reverse("stakeholders:person_update", args=[person.pk])).content.decode()
    assert 'name="degrees"' in form
    assert 'value="M.Si"' in form
