"""The search-as-you-type pickers: the selectors, the JSON endpoints and the widgets."""

from datetime import date

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from regions.models import AdminUnit
from stakeholders.choices import Office, OrgType
from stakeholders.pickers import (
    OUT_OF_SCOPE,
    OrganisationPicker,
    OrganisationPickerField,
    PersonMultiPickerField,
    PersonPickerField,
)
from stakeholders.selectors import organisation_pick, organisation_visible_to, person_pick, person_visible_to
from stakeholders.services import organisation_create, person_create, position_assign


def _hold(person, organisation, office, code):
    position_assign(
        person=person,
        organisation=organisation,
        office=office,
        area=AdminUnit.objects.get(code=code),
        start_date=date(2024, 1, 1),
    )


@pytest.fixture
def crowd(world):
    """Many people of Sangatta Utara's Polsek and of the Bengalon camat's office, and a kabupaten Polres."""
    polres = organisation_create(
        name="Polres Uji Kutai Timur", org_type=OrgType.POLRI, area=AdminUnit.objects.get(code="64.08")
    )
    kapolres = person_create(full_name="Budi Kapolres Fiktif")
    _hold(kapolres, polres, Office.KAPOLRES, "64.08")
    for n in range(25):
        _hold(
            person_create(full_name=f"Budi Anggota {n:02d}"),
            world.polsek_su,
            Office.ANGGOTA_FORUM,
            "64.08.04.2001",
        )
        _hold(
            person_create(full_name=f"Budi Staf {n:02d}"),
            world.kantor_bengalon,
            Office.PETUGAS_LAPANGAN,
            "64.08.09.2001",
        )
    return polres


def test_person_pick_finds_by_the_start_of_name_words_with_office_organisation_and_area(world):
    picks = person_pick(world.kesbangpol, q="bud sant")
    assert [pick.label for pick in picks] == ["Budi Santoso Fiktif"]
    assert picks[0].office == "Kapolsek"
    assert picks[0].organisation == "Polsek Uji Sangatta Utara"
    assert picks[0].area == world.su.name


def test_person_pick_keeps_to_the_users_scope(world, crowd):
    names = {pick.label for pick in person_pick(world.camat_su, q="budi", limit=100)}
    assert "Budi Santoso Fiktif" in names
    assert not any(name.startswith("Budi Staf") for name in names)


def test_person_pick_returns_at_most_twenty(world, crowd):
    assert len(person_pick(world.kesbangpol, q="budi")) == 20


def test_person_pick_filters_by_organisation(world, crowd):
    picks = person_pick(world.kesbangpol, q="budi", organisation_id=world.kantor_bengalon.pk, limit=100)
    assert len(picks) == 25
    assert {pick.organisation for pick in picks} == {"Kecamatan Uji Bengalon"}


def test_person_pick_by_area_keeps_the_area_above_and_beneath_it(world, crowd):
    labels = {pick.label for pick in person_pick(world.kesbangpol, q="budi", area_code="64.08.04", limit=100)}
    assert "Budi Kapolres Fiktif" in labels  # the kabupaten above
    assert "Budi Anggota 00" in labels  # a desa beneath
    assert not any(label.startswith("Budi Staf") for label in labels)  # Bengalon


def test_person_pick_shows_the_position_that_fits_the_organisation(world, crowd):
    budi = person_create(full_name="Budi Rangkap")
    _hold(budi, world.kantor_bengalon, Office.PETUGAS_LAPANGAN, "64.08.09.2001")
    _hold(budi, crowd, Office.KASAT_INTELKAM, "64.08")
    [pick] = person_pick(world.kesbangpol, q="budi rangkap", organisation_id=crowd.pk)
    assert (pick.office, pick.organisation) == ("Kasat Intelkam", "Polres Uji Kutai Timur")


def test_person_pick_takes_a_fixed_number_of_queries(world, crowd, django_assert_num_queries):
    person_pick(world.kesbangpol, q="budi", area_code="64.08.04")  # the access profile, cached on the user
    with django_assert_num_queries(2):
        picks = person_pick(world.kesbangpol, q="budi", area_code="64.08.04")
    assert len(picks) == 20


def test_organisation_pick_filters_by_area_and_scope(world, crowd):
    labels = {pick.label for pick in organisation_pick(world.kesbangpol, q="", area_code="64.08.09.2001")}
    assert {"Kecamatan Uji Bengalon", "Polres Uji Kutai Timur"} <= labels
    assert "Polsek Uji Sangatta Utara" not in labels
    assert "Kecamatan Uji Bengalon" not in {pick.label for pick in organisation_pick(world.camat_su, q="uji")}


def test_organisation_pick_takes_one_query(world, crowd, django_assert_num_queries):
    organisation_pick(world.kesbangpol, q="uji")
    with django_assert_num_queries(1):
        picks = organisation_pick(world.kesbangpol, q="uji")
    assert picks[0].office  # the organisation's type


# --- the endpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["person_pick", "organisation_pick"])
def test_pick_endpoints_need_login_and_permission(world, name):
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"stakeholders:{name}"), without_permission=world.reporter, in_scope=world.camat_su
        )
    )


def test_person_pick_endpoint_answers_label_parts(client, world, crowd):
    client.force_login(world.kesbangpol)
    response = client.get(
        reverse("stakeholders:person_pick"),
        {"q": "budi", "organisation": str(world.polsek_su.pk), "area": "64.08.04"},
    )
    results = response.json()["results"]
    assert len(results) == 20
    assert results[0] == {
        "value": str(results[0]["value"]),
        "text": "Budi Anggota 00",
        "office": "Anggota forum",
        "organisation": "Polsek Uji Sangatta Utara",
        "area": world.desa_su.name,
    }


def test_person_pick_endpoint_ignores_a_malformed_filter(client, world):
    client.force_login(world.kesbangpol)
    response = client.get(
        reverse("stakeholders:person_pick"), {"q": "budi", "organisation": "1;drop", "area": "64'08"}
    )
    assert [row["text"] for row in response.json()["results"]] == ["Budi Santoso Fiktif"]


def test_person_pick_endpoint_is_a_fixed_number_of_queries(client, world, crowd):
    client.force_login(world.kesbangpol)
    counts = []
    for q, found in (("budi santoso", 1), ("budi", 20)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("stakeholders:person_pick"), {"q": q})
        assert len(response.json()["results"]) == found
        counts.append(len(queries))
    # Session, user, permissions, access profile, people, their positions: not one more per person.
    assert counts[0] == counts[1] <= 8


# --- the widgets ------------------------------------------------------------------------------


class _PickForm(forms.Form):
    organisation = OrganisationPickerField()
    person = PersonPickerField(filter_from="organisation")
    people = PersonMultiPickerField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_visible_to(user)
        self.fields["person"].queryset = person_visible_to(user)
        self.fields["people"].queryset = person_visible_to(user)
        self.fields["person"].widget.set_area("64.08.04")


def test_picker_renders_only_the_current_value_with_its_label_parts(world, crowd):
    form = _PickForm(
        initial={"person": world.warga_su.pk, "organisation": world.polsek_su.pk}, user=world.kesbangpol
    )
    html = str(form["person"])
    assert html.count("<option") == 2  # the empty choice and Budi, not the 52 people in scope
    assert "Budi Santoso Fiktif" in html
    assert "Polsek Uji Sangatta Utara" in html  # in data-data
    assert 'data-picker-url="/pemangku/cari/orang/"' in html
    assert 'data-picker-filter-from="organisation"' in html
    assert 'data-picker-area="64.08.04"' in html
    assert str(form["organisation"]).count("<option") == 2


def test_multi_picker_renders_only_the_chosen_people(world, crowd):
    form = _PickForm(initial={"people": [world.warga_su.pk]}, user=world.kesbangpol)
    html = str(form["people"])
    assert html.count("<option") == 1
    assert "selected" in html


def test_picker_refuses_an_id_outside_the_users_scope_in_bahasa_indonesia(world):
    form = _PickForm(
        {
            "organisation": world.kantor_bengalon.pk,
            "person": world.warga_bengalon.pk,
            "people": [world.warga_bengalon.pk],
        },
        user=world.camat_su,
    )
    assert not form.is_valid()
    assert form.errors["person"] == [str(OUT_OF_SCOPE)]
    assert form.errors["organisation"] == [str(OUT_OF_SCOPE)]
    assert form.errors["people"] == [str(OUT_OF_SCOPE)]
    assert "Pilihan ini tidak ada" in str(OUT_OF_SCOPE)


def test_picker_keeps_a_refused_value_out_of_the_page(world):
    form = _PickForm({"organisation": "x", "person": "99999999"}, user=world.camat_su)
    assert not form.is_valid()
    assert str(form["person"]).count("<option") == 1


def test_model_forms_get_the_picker_and_its_message_from_the_field_class(world):
    """A ModelForm names the picker fields in ``Meta.field_classes``: widget and message come with them."""
    from training.forms import ProgrammeForm

    form = ProgrammeForm(
        {"organiser": world.kantor_bengalon.pk, "partners": [world.kantor_bengalon.pk]},
        organisations=organisation_visible_to(world.camat_su),
    )
    assert isinstance(form.fields["organiser"].widget, OrganisationPicker)
    assert isinstance(form.fields["partners"].widget, OrganisationPicker)
    assert form.fields["partners"].widget.allow_multiple_selected
    assert not form.is_valid()
    assert form.errors["organiser"] == [str(OUT_OF_SCOPE)]
    assert form.errors["partners"] == [str(OUT_OF_SCOPE)]
