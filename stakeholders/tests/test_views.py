from datetime import date

import pytest
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, DutyRoster, Forum, ForumSeat, Organisation, Person, Position
from stakeholders.services import (
    contact_point_add,
    contact_point_update,
    duty_roster_create,
    person_create,
    position_assign,
)
from stakeholders.tests.factories import PersonFactory


def _url(name, *args):
    return reverse(f"stakeholders:{name}", args=args)


# --- the four-way access check of every page -----------------------------------


@pytest.mark.parametrize(
    "name", ["person_list", "organisation_list", "forum_list", "dutyroster_list", "coverage_gaps"]
)
def test_lists_need_login_and_permission(world, name):
    assert_view_access(
        ViewAccessCase(url=_url(name), without_permission=world.reporter, in_scope=world.camat_su)
    )


def test_export_needs_login_and_permission(world):
    assert_view_access(
        ViewAccessCase(url=_url("directory_export"), without_permission=world.reporter, in_scope=world.bupati)
    )


@pytest.mark.parametrize("name", ["person_detail", "person_update", "contactpoint_create", "position_create"])
def test_person_pages_are_404_out_of_scope(world, name):
    assert_view_access(
        ViewAccessCase(
            url=_url(name, world.warga_su.pk),
            without_permission=world.reporter,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


@pytest.mark.parametrize("name", ["organisation_detail", "organisation_update"])
def test_organisation_pages_are_404_out_of_scope(world, name):
    assert_view_access(
        ViewAccessCase(
            url=_url(name, world.polsek_su.pk),
            without_permission=world.reporter,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


@pytest.mark.parametrize("name", ["forum_detail", "forum_update", "forumseat_create"])
def test_forum_pages_are_404_out_of_scope(world, name):
    assert_view_access(
        ViewAccessCase(
            url=_url(name, world.forum_su.pk),
            without_permission=world.reporter,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


def test_contact_point_edit_is_404_out_of_scope(world):
    contact = world.warga_su.contact_points.get()
    assert_view_access(
        ViewAccessCase(
            url=_url("contactpoint_update", contact.pk),
            without_permission=world.reporter,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


def test_position_end_is_404_out_of_scope(world):
    position = world.warga_su.positions.get()
    assert_view_access(
        ViewAccessCase(
            url=_url("position_end", position.pk),
            without_permission=world.reporter,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


@pytest.mark.parametrize(
    "name", ["person_create", "organisation_create", "forum_create", "dutyroster_create"]
)
def test_create_forms_need_a_write_permission(world, name):
    assert_view_access(
        ViewAccessCase(url=_url(name), without_permission=world.bupati, in_scope=world.camat_su)
    )


def test_deleting_a_contact_point_is_scoped(world):
    contact = world.warga_su.contact_points.get()
    assert_view_access(
        ViewAccessCase(
            url=_url("contactpoint_delete", contact.pk),
            method="post",
            without_permission=world.bupati,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
            ok_status=(302,),
        )
    )
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()


def test_deleting_a_forum_seat_is_scoped(world):
    seat = world.forum_su.seats.get(office=Office.DANRAMIL)
    assert_view_access(
        ViewAccessCase(
            url=_url("forumseat_delete", seat.pk),
            method="post",
            without_permission=world.bupati,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
            ok_status=(302,),
        )
    )
    assert not ForumSeat.objects.filter(pk=seat.pk).exists()


def test_deleting_a_duty_shift_is_scoped(world):
    from django.utils import timezone

    start = timezone.now()
    shift = duty_roster_create(
        person=world.warga_su,
        office=Office.KAPOLSEK,
        area=world.su,
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=8),
    )
    assert_view_access(
        ViewAccessCase(
            url=_url("dutyroster_delete", shift.pk),
            method="post",
            without_permission=world.bupati,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
            ok_status=(302,),
        )
    )
    assert not DutyRoster.objects.filter(pk=shift.pk).exists()


# --- the directory ---------------------------------------------------------------


def _names(response) -> set[str]:
    return {str(p) for p in response.context["page_obj"]}


def test_a_camat_sees_only_the_people_of_their_kecamatan(client, world):
    client.force_login(world.camat_su)
    names = _names(client.get(_url("person_list")))
    assert "Budi Santoso Fiktif" in names
    assert "Siti Aminah Fiktif" not in names


def test_search_matches_the_start_of_any_word_of_the_name(client, world):
    client.force_login(world.kesbangpol)
    assert _names(client.get(_url("person_list"), {"q": "sant bud"})) == {"Budi Santoso Fiktif"}
    assert _names(client.get(_url("person_list"), {"q": "antoso"})) == set()


def test_filters_by_office_organisation_and_area(client, world):
    client.force_login(world.kesbangpol)
    assert _names(client.get(_url("person_list"), {"office": Office.KAPOLSEK})) == {"Budi Santoso Fiktif"}
    assert _names(client.get(_url("person_list"), {"organisation": "polsek uji"})) == {"Budi Santoso Fiktif"}
    by_area = _names(client.get(_url("person_list"), {"area": "64.08.09"}))
    assert "Siti Aminah Fiktif" in by_area
    assert "Budi Santoso Fiktif" not in by_area


def test_an_unknown_filter_value_is_a_form_error_not_a_500(client, world):
    client.force_login(world.kesbangpol)
    response = client.get(_url("person_list"), {"office": "raja", "area": "99.99"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def _grow(count: int) -> None:
    org = Organisation.objects.get(name="Polsek Uji Sangatta Utara")
    area = AdminUnit.objects.get(code="64.08.04.2001")
    for i in range(count):
        person = PersonFactory(full_name=f"Warga Uji {i}")
        Position.objects.create(
            person=person,
            organisation=org,
            office=Office.TOKOH_MASYARAKAT,
            area=area,
            start_date=date(2024, 1, 1),
        )


def test_the_directory_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.camat_su)
    _grow(5)
    with django_assert_max_num_queries(10):  # +1: the session's second-factor device (django-otp)
        client.get(_url("person_list"), {"q": "warga", "area": "64.08.04"})
    _grow(40)
    with django_assert_max_num_queries(10):  # +1: the session's second-factor device (django-otp)
        response = client.get(_url("person_list"), {"q": "warga", "area": "64.08.04"})
    assert len(response.context["page_obj"]) == 25


def test_the_organisation_list_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.kesbangpol)
    for i in range(30):
        Organisation.objects.create(name=f"Ormas Uji {i}", org_type="masyarakat", area=world.su)
    with django_assert_max_num_queries(9):  # +1: the session's second-factor device (django-otp)
        response = client.get(_url("organisation_list"), {"q": "ormas"})
    assert len(response.context["page_obj"]) == 25


# --- person page -------------------------------------------------------------------


def test_person_page_shows_positions_contacts_and_forums(client, world):
    client.force_login(world.camat_su)
    body = client.get(_url("person_detail", world.warga_su.pk)).content.decode()
    assert "+6281234567890" in body
    assert "Polsek Uji Sangatta Utara" in body
    assert "Forkopimcam Sangatta Utara" in body


def test_contacts_are_masked_for_a_user_without_contact_permission(client, world):
    client.force_login(world.trainer)
    body = client.get(_url("person_detail", world.warga_su.pk)).content.decode()
    assert "+6281234567890" not in body
    assert "+62812•••••890" in body


def test_person_page_shows_past_positions_and_who_changed_what(client, world):
    client.force_login(world.camat_su)
    position = world.warga_su.positions.get()
    client.post(
        _url("person_update", world.warga_su.pk), {"full_name": "Budi Santoso Fiktif", "honorific": "AKP"}
    )
    client.post(_url("position_end", position.pk), {"end_date": "2024-10-01"})
    # Having left the kecamatan, the person is out of the camat's scope; Kesbangpol reads the record.
    client.force_login(world.kesbangpol)
    body = client.get(_url("person_detail", world.warga_su.pk)).content.decode()
    assert "01/10/2024" in body
    history = client.get(_url("person_detail", world.warga_su.pk)).context["history"]
    changed = [e for e in history if e.changes]
    assert {e.who for e in changed} == {world.camat_su}
    assert ("pangkat/gelar", "-", "AKP") in [c for e in changed for c in e.changes]


# --- forms ----------------------------------------------------------------------------


def test_creating_a_person_with_an_office_puts_them_in_the_directory(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("person_create"),
        {
            "full_name": "Rahmat Hidayat Fiktif",
            "organisation": world.polsek_su.pk,
            "office": Office.BHABINKAMTIBMAS,
            "area": "64.08.04.2001",
            "start_date": "2024-02-01",
            "phone": "+62 813 1111 2222",
        },
    )
    person = Person.objects.get(full_name="Rahmat Hidayat Fiktif")
    assert response.status_code == 302
    assert person.contact_points.get().value == "+6281311112222"
    assert person in person_visible_to_user(world.camat_su)


def person_visible_to_user(user):
    from stakeholders.selectors import person_visible_to

    return person_visible_to(user)


def test_a_person_with_a_foreign_phone_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.camat_su)
    before = Person.objects.count()
    response = client.post(
        _url("person_create"),
        {
            "full_name": "Orang Asing Fiktif",
            "organisation": world.polsek_su.pk,
            "office": Office.BHABINKAMTIBMAS,
            "area": "64.08.04.2001",
            "start_date": "2024-02-01",
            "phone": "+1 202 555 0143",
        },
    )
    assert response.status_code == 200
    assert "Hanya nomor Indonesia" in str(response.context["form"].errors["phone"])
    assert Person.objects.count() == before


def test_a_camat_must_give_the_office_of_a_new_person(client, world):
    client.force_login(world.camat_su)
    response = client.post(_url("person_create"), {"full_name": "Tanpa Jabatan"})
    assert "Wajib diisi" in str(response.context["form"].errors["office"])


def test_a_camat_cannot_place_a_person_in_another_kecamatan(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("person_create"),
        {
            "full_name": "Salah Wilayah",
            "organisation": world.polsek_su.pk,
            "office": Office.BHABINKAMTIBMAS,
            "area": "64.08.09.2001",
            "start_date": "2024-02-01",
        },
    )
    assert "area" in response.context["form"].errors
    assert not Person.objects.filter(full_name="Salah Wilayah").exists()


def test_a_duplicate_contact_point_is_refused(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("contactpoint_create", world.warga_su.pk),
        {"kind": ContactKind.WHATSAPP, "value": "62 812 3456 7890", "notifiable": "on"},
    )
    assert "sudah tercatat" in str(response.context["form"].errors["value"])
    assert world.warga_su.contact_points.count() == 1


def test_a_contact_point_can_be_added_and_changed(client, world):
    client.force_login(world.camat_su)
    client.post(
        _url("contactpoint_create", world.warga_su.pk),
        {"kind": ContactKind.EMAIL, "value": "Budi@Contoh.id", "notifiable": "on"},
    )
    contact = world.warga_su.contact_points.get(kind=ContactKind.EMAIL)
    assert contact.value == "budi@contoh.id"
    response = client.post(
        _url("contactpoint_update", contact.pk),
        {"kind": ContactKind.EMAIL, "value": "budi2@contoh.id", "verified": "on", "preference": 3},
    )
    contact.refresh_from_db()
    assert response.status_code == 302
    assert (contact.value, contact.verified, contact.notifiable, contact.preference) == (
        "budi2@contoh.id",
        True,
        False,
        3,
    )


def test_a_second_kapolsek_is_refused_with_a_clear_message(client, world):
    client.force_login(world.camat_su)
    other = person_create(full_name="Kapolsek Kedua")
    position_assign(
        person=other,
        organisation=world.polsek_su,
        office=Office.TOKOH_AGAMA,
        area=world.su,
        start_date=date(2024, 1, 1),
    )
    response = client.post(
        _url("position_create", other.pk),
        {
            "organisation": world.polsek_su.pk,
            "office": Office.KAPOLSEK,
            "area": "64.08.04",
            "start_date": "2024-06-01",
        },
    )
    assert "sudah dipegang" in str(response.context["form"].errors["office"])


def test_an_acting_kapolsek_is_accepted(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("position_create", world.warga_su.pk),
        {
            "organisation": world.polsek_su.pk,
            "office": Office.KAPOLSEK,
            "area": "64.08.04",
            "start_date": "2024-06-01",
            "acting": "plt",
        },
    )
    assert response.status_code == 302
    assert world.warga_su.positions.filter(acting="plt").exists()


def test_ending_a_position_before_it_started_is_refused(client, world):
    client.force_login(world.camat_su)
    position = world.warga_su.positions.get()
    response = client.post(_url("position_end", position.pk), {"end_date": "2023-01-01"})
    assert "tidak boleh sebelum" in str(response.context["form"].errors["end_date"])
    position.refresh_from_db()
    assert position.end_date is None


def test_an_organisation_outside_its_parents_area_is_refused(client, world):
    client.force_login(world.kesbangpol)
    response = client.post(
        _url("organisation_create"),
        {"name": "Pos Uji", "org_type": "polri", "area": "64.08.09", "parent": world.polsek_su.pk},
    )
    assert "di dalam wilayah induknya" in str(response.context["form"].errors["area"])
    assert not Organisation.objects.filter(name="Pos Uji").exists()


def test_an_unknown_area_code_is_refused(client, world):
    client.force_login(world.kesbangpol)
    response = client.post(
        _url("organisation_create"), {"name": "Pos Uji", "org_type": "polri", "area": "64.08.99"}
    )
    assert "area" in response.context["form"].errors


def test_an_organisation_can_be_created_and_renamed(client, world):
    client.force_login(world.kesbangpol)
    client.post(
        _url("organisation_create"),
        {"name": "Polsek Uji Bengalon", "org_type": "polri", "area": "64.08.09", "is_active": "on"},
    )
    org = Organisation.objects.get(name="Polsek Uji Bengalon")
    client.post(
        _url("organisation_update", org.pk),
        {"name": "Polsek Bengalon Uji", "org_type": "polri", "area": "64.08.09", "is_active": "on"},
    )
    org.refresh_from_db()
    assert org.name == "Polsek Bengalon Uji"
    history = client.get(_url("organisation_detail", org.pk)).context["history"]
    assert any(("nama", "Polsek Uji Bengalon", "Polsek Bengalon Uji") in e.changes for e in history)


def test_organisation_page_shows_sub_organisations_and_people(client, world):
    child = Organisation.objects.create(
        name="Pos Polisi Uji", org_type="polri", area=world.desa_su, parent=world.polsek_su
    )
    client.force_login(world.camat_su)
    response = client.get(_url("organisation_detail", world.polsek_su.pk))
    assert child in response.context["children"]
    assert [p.person for p in response.context["people"]] == [world.warga_su]


# --- forums ------------------------------------------------------------------------------


def test_forum_page_shows_holders_today_and_empty_seats(client, world):
    client.force_login(world.camat_su)
    response = client.get(_url("forum_detail", world.forum_su.pk))
    seats = {seat.office: holders for seat, holders in response.context["seats"]}
    assert [p.person for p in seats[Office.KAPOLSEK]] == [world.warga_su]
    assert seats[Office.DANRAMIL] == []
    assert response.context["empty_count"] == 1
    assert "KOSONG" in response.content.decode()


def test_a_forum_is_created_with_the_seats_of_its_kind(client, world):
    client.force_login(world.camat_su)
    client.post(
        _url("forum_create"),
        {"kind": ForumKind.TIGA_PILAR_DESA, "area": "64.08.04.1010", "name": "Tiga Pilar Teluk Lingga"},
    )
    forum = Forum.objects.get(name="Tiga Pilar Teluk Lingga")
    assert list(forum.seats.values_list("office", flat=True)) == [
        Office.LURAH,
        Office.BHABINKAMTIBMAS,
        Office.BABINSA,
    ]


def test_a_second_forum_of_a_kind_for_an_area_is_refused(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("forum_create"), {"kind": ForumKind.FORKOPIMCAM, "area": "64.08.04", "name": "Dobel"}
    )
    assert "sudah punya forum" in str(response.context["form"].errors["kind"])


def test_a_seat_is_added_and_a_duplicate_refused(client, world):
    client.force_login(world.camat_su)
    client.post(_url("forumseat_create", world.forum_su.pk), {"office": Office.TOKOH_AGAMA, "required": "on"})
    assert world.forum_su.seats.filter(office=Office.TOKOH_AGAMA).exists()
    response = client.post(_url("forumseat_create", world.forum_su.pk), {"office": Office.CAMAT})
    assert "sudah punya kursi" in str(response.context["form"].errors["office"])


def test_forum_list_is_scoped(client, world):
    client.force_login(world.camat_bengalon)
    forums = list(client.get(_url("forum_list")).context["page_obj"])
    assert forums == [world.forum_bengalon]


def test_forum_can_be_renamed(client, world):
    client.force_login(world.camat_su)
    client.post(
        _url("forum_update", world.forum_su.pk), {"name": "Forkopimcam SU", "legal_basis": "SK 1/2024"}
    )
    world.forum_su.refresh_from_db()
    assert (world.forum_su.name, world.forum_su.legal_basis) == ("Forkopimcam SU", "SK 1/2024")


# --- duty rosters ------------------------------------------------------------------------


def test_a_duty_shift_is_created_and_listed(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("dutyroster_create"),
        {
            "person": world.warga_su.pk,
            "office": Office.KAPOLSEK,
            "area": "64.08.04",
            "starts_at": "2024-11-27T06:00",
            "ends_at": "2024-11-27T18:00",
            "note": "Hari pemungutan suara",
        },
    )
    assert response.status_code == 302
    shifts = list(client.get(_url("dutyroster_list")).context["page_obj"])
    assert [s.person for s in shifts] == [world.warga_su]


def test_a_shift_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("dutyroster_create"),
        {
            "person": world.warga_su.pk,
            "office": Office.KAPOLSEK,
            "area": "64.08.04",
            "starts_at": "2024-11-27T18:00",
            "ends_at": "2024-11-27T06:00",
        },
    )
    assert "setelah waktu mulai" in str(response.context["form"].errors["ends_at"])
    assert not DutyRoster.objects.exists()


def test_a_camat_cannot_roster_a_person_of_another_kecamatan(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        _url("dutyroster_create"),
        {
            "person": world.warga_bengalon.pk,
            "office": Office.SEKDES,
            "area": "64.08.04",
            "starts_at": "2024-11-27T06:00",
            "ends_at": "2024-11-27T18:00",
        },
    )
    assert "person" in response.context["form"].errors


# --- export ---------------------------------------------------------------------------------


def test_export_is_an_xlsx_of_the_filtered_directory(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world.camat_su)
    response = client.get(_url("directory_export"), {"q": "budi"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Nama"
    assert [r[0] for r in rows[1:]] == ["Budi Santoso Fiktif"]
    assert "+6281234567890" in rows[1][8]


def test_export_masks_contacts_without_permission(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world.trainer)
    response = client.get(_url("directory_export"), {"q": "budi"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "+6281234567890" not in rows[1][8]


def test_adding_a_contact_notes_the_history(world):
    contact = contact_point_add(
        person=world.warga_bengalon, kind=ContactKind.PHONE, value="081399998888", by_user=world.kesbangpol
    )
    assert contact.history.get().history_user == world.kesbangpol


def test_the_section_entry_sends_readers_to_the_directory(client, world):
    client.force_login(world.camat_su)
    assert client.get(_url("index"))["Location"] == _url("person_list")


def test_a_field_reporter_sees_their_own_record_instead_of_a_403(client, world):
    client.force_login(world.reporter)
    response = client.get(_url("index"))
    assert response.status_code == 200
    assert response.context["person"] == world.reporter.person
    assert "Petugas lapangan" in response.content.decode()


def test_the_section_entry_needs_login(client, world):
    assert client.get(_url("index"))["Location"].startswith("/masuk/")


def test_the_directory_flags_people_nobody_can_notify(client, world):
    client.force_login(world.kesbangpol)
    people = {str(p): p.reachable for p in client.get(_url("person_list")).context["page_obj"]}
    assert people["Budi Santoso Fiktif"] is True
    assert people["Siti Aminah Fiktif"] is False


def test_change_history_masks_contact_values_for_users_who_see_contacts_masked(client, world):
    contact = world.warga_su.contact_points.get()
    contact_point_update(
        contact=contact,
        kind=contact.kind,
        value="0813-9876-5432",
        verified=True,
        notifiable=True,
        preference=1,
        by_user=world.kesbangpol,
    )
    client.force_login(world.trainer)
    response = client.get(_url("person_detail", world.warga_su.pk))
    body = response.content.decode()
    assert "+6281234567890" not in body
    assert "+6281398765432" not in body
    changes = [c for e in response.context["history"] for c in e.changes]
    assert ("alamat/nomor", "+62812•••••890", "+62813•••••432") in changes


def test_change_history_shows_contact_values_to_users_who_may_see_contacts(client, world):
    contact = world.warga_su.contact_points.get()
    contact_point_update(
        contact=contact,
        kind=contact.kind,
        value="0813-9876-5432",
        verified=True,
        notifiable=True,
        preference=1,
        by_user=world.kesbangpol,
    )
    client.force_login(world.camat_su)
    changes = [
        c for e in client.get(_url("person_detail", world.warga_su.pk)).context["history"] for c in e.changes
    ]
    assert ("alamat/nomor", "+6281234567890", "+6281398765432") in changes


def test_export_keeps_front_titles_and_back_degrees_where_the_import_reads_them(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from core.imports.parsers import split_name
    from stakeholders.services import person_update

    person_update(person=world.warga_su, full_name="Budi Santoso Fiktif", honorific="Drs. H.", degrees="M.Si")
    client.force_login(world.camat_su)
    response = client.get(_url("directory_export"), {"q": "budi"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("Budi Santoso Fiktif, M.Si", "Drs. H.")
    assert split_name(f"{rows[1][1]} {rows[1][0]}").display() == "Drs. H. Budi Santoso Fiktif, M.Si"


def test_export_and_import_template_read_as_tables(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from core.testing import assert_readable_table

    client.force_login(world.kesbangpol)
    directory = load_workbook(BytesIO(client.get(_url("directory_export")).content)).active
    assert_readable_table(directory, min_row_count=2)
    offices = [row[2] for row in directory.iter_rows(min_row=2, values_only=True)]
    assert "Kapolsek" in offices  # the label, not the code
    assert not any("_" in (office or "") for office in offices)
    template = load_workbook(BytesIO(client.get(_url("import_template", "orang")).content)).active
    assert_readable_table(template)
