"""Preventive activities (kegiatan pencegahan): logged through the services in the user's areas,
scoped like incidents, photos checked by content, edited with history; the phone form, the list's
fixed query count, the photo served only within scope."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from coordination.models import PreventionPhoto, PreventiveActivity
from coordination.selectors import prevention_history, prevention_list, prevention_visible_to
from coordination.services import prevention_photos_add, prevention_update
from coordination.tests.factories import make_activity
from core.testing import ViewAccessCase, assert_view_access
from incidents.tests.files import html_named_pdf, jpeg_upload, pdf_upload, png_upload
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_a_kapolsek_logs_a_patrol_in_their_kecamatan_with_a_photo(liaison):
    activity = make_activity(by_user=liaison, photos=[png_upload()], lat=0.48607, lng=117.573683)
    assert activity.area_code == "64.08.04.2001"
    assert activity.created_by == liaison
    photo = activity.photos.get()
    assert photo.content_type == "image/png"
    assert photo.original_name == "foto.png"
    assert len(photo.sha256) == 64


def test_the_count_defaults_to_the_people_named_and_is_never_below_them(operator, kutim):
    from stakeholders.tests.factories import PersonFactory

    people = [PersonFactory(full_name=f"Peserta {n}") for n in range(3)]
    activity = make_activity(by_user=operator, participant_count=None, participants=people)
    assert activity.participant_count == 3
    with pytest.raises(ValidationError) as error:
        make_activity(by_user=operator, participant_count=2, participants=people)
    assert "participant_count" in error.value.error_dict


def test_an_activity_outside_the_users_areas_is_refused_on_the_area(operator):
    with pytest.raises(ValidationError) as error:
        make_activity(by_user=operator, area_code="64.08.09.2001")
    assert "area" in error.value.error_dict
    assert not PreventiveActivity.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"held_at": timezone.now() + timedelta(days=2)}, "held_at"),
        ({"lat": 0.5}, "lat"),
        ({"lat": -6.2, "lng": 106.8}, "lat"),  # Jakarta, outside Kutai Timur
    ],
)
def test_a_future_time_or_a_bad_gps_point_is_refused_on_its_field(operator, fields, field):
    with pytest.raises(ValidationError) as error:
        make_activity(by_user=operator, **fields)
    assert field in error.value.error_dict


def test_photos_are_checked_by_content_and_all_or_none_is_saved(operator):
    for bad in (html_named_pdf(), pdf_upload()):
        with pytest.raises(ValidationError) as error:
            make_activity(by_user=operator, photos=[png_upload(), bad])
        assert "photos" in error.value.error_dict
    assert not PreventiveActivity.objects.exists()
    assert not PreventionPhoto.objects.exists()


def test_scope_follows_incidents_area_organisation_and_author(
    operator, other_operator, liaison, viewer, reporter
):
    mine = make_activity(by_user=operator)
    theirs = make_activity(by_user=other_operator, area_code="64.08.09.2001")
    assert set(prevention_visible_to(operator)) == {mine}
    assert set(prevention_visible_to(other_operator)) == {theirs}
    assert set(prevention_visible_to(liaison)) == {mine}
    assert set(prevention_visible_to(viewer)) == {mine, theirs}
    assert not prevention_visible_to(reporter).exists()


def test_an_edit_goes_through_the_service_and_shows_in_the_history(operator):
    activity = make_activity(by_user=operator)
    prevention_update(activity=activity, by_user=operator, kind="mediasi", participant_count=12)
    activity.refresh_from_db()
    assert activity.kind == "mediasi"
    assert activity.participant_count == 12
    prevention_photos_add(activity=activity, photos=[jpeg_upload()], by_user=operator)
    history = prevention_history(activity)
    assert [entry.subject for entry in history][:2] == ["Foto", "Kegiatan"]
    assert any(entry.who == operator for entry in history)


def test_the_history_names_who_was_added_to_and_removed_from_the_participants(operator, liaison, kutim):
    from stakeholders.tests.factories import PersonFactory

    ani, budi, citra = (
        PersonFactory(full_name=name) for name in ("Ani Lestari", "Budi Santoso", "Citra Dewi")
    )
    activity = make_activity(by_user=operator, participant_count=None, participants=[ani, budi])
    prevention_update(activity=activity, by_user=liaison, participants=[budi, citra], participant_count=None)
    history = [entry for entry in prevention_history(activity) if entry.subject == "Peserta dari registri"]
    assert [(entry.who, entry.changes) for entry in history] == [
        (liaison, [("ditambahkan", "", "Citra Dewi"), ("dihapus", "", "Ani Lestari")]),
        (operator, [("ditambahkan", "", "Ani Lestari, Budi Santoso")]),
    ]
    client = Client()
    client.force_login(operator)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Peserta dari registri: ditambahkan: Citra Dewi" not in page
    assert "ditambahkan: Citra Dewi; dihapus: Ani Lestari" in page


def test_an_edit_that_keeps_the_participants_adds_no_participant_history(operator, kutim):
    from stakeholders.tests.factories import PersonFactory

    ani = PersonFactory(full_name="Ani Lestari")
    activity = make_activity(by_user=operator, participant_count=None, participants=[ani])
    prevention_update(activity=activity, by_user=operator, participants=[ani], notes="Aman")
    assert activity.participant_changes.count() == 1


def test_the_list_filters_by_kind_area_and_period(operator, kab_admin):
    patrol = make_activity(by_user=operator, held_at=timezone.now() - timedelta(days=10))
    dialog = make_activity(by_user=kab_admin, kind="dialog", area_code="64.08.09.2001")
    assert list(prevention_list(kab_admin, kind="patroli")) == [patrol]
    assert list(prevention_list(kab_admin, area_code="64.08.09")) == [dialog]
    today = timezone.localdate()
    assert list(prevention_list(kab_admin, start=today - timedelta(days=1), end=today)) == [dialog]


# --- pages -------------------------------------------------------------------------------------------


def test_the_prevention_pages_are_scoped(operator, other_operator, reporter):
    activity = make_activity(by_user=operator, photos=[png_upload()])
    assert_view_access(
        ViewAccessCase(url="/koordinasi/pencegahan/", without_permission=reporter, in_scope=operator)
    )
    for url in (f"/koordinasi/pencegahan/{activity.pk}/", f"/koordinasi/pencegahan/{activity.pk}/ubah/"):
        assert_view_access(
            ViewAccessCase(
                url=url, without_permission=reporter, in_scope=operator, out_of_scope=other_operator
            )
        )
    photo = activity.photos.get()
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/pencegahan/foto/{photo.pk}/",
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )
    client = Client()
    client.force_login(operator)
    response = client.get(f"/koordinasi/pencegahan/foto/{photo.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_operator)
    assert (
        client.post(f"/koordinasi/pencegahan/{activity.pk}/foto/", {"photos": png_upload()}).status_code
        == 404
    )


def test_the_phone_form_starts_now_in_the_users_kecamatan_and_saves_with_photos(liaison):
    client = Client()
    client.force_login(liaison)
    response = client.get("/koordinasi/pencegahan/baru/")
    form = response.context["form"]
    kecamatan = AdminUnit.objects.get(code="64.08.04")
    assert form.initial["kecamatan"] == kecamatan.pk
    assert abs(form.initial["held_at"] - timezone.localtime()) < timedelta(minutes=2)
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    response = client.post(
        "/koordinasi/pencegahan/baru/",
        {
            "kind": "patroli",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kecamatan": kecamatan.pk,
            "desa": desa.pk,
            "place": "Pasar induk",
            "participant_count": "6",
            "notes": "Patroli malam",
            "photos": [png_upload("a.png"), jpeg_upload("b.jpg")],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = PreventiveActivity.objects.get()
    assert activity.area == desa
    assert activity.photos.count() == 2
    assert response["Location"] == activity.get_absolute_url()


def test_the_form_answers_a_refusal_on_its_field(operator):
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/koordinasi/pencegahan/baru/",
        {
            "kind": "patroli",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kecamatan": AdminUnit.objects.get(code="64.08.04").pk,
            "participant_count": "3",
            "photos": [pdf_upload()],
        },
    )
    assert response.status_code == 200
    assert "bukan foto" in str(response.context["form"].errors["photos"])
    # Another kecamatan is not offered at all.
    response = client.post(
        "/koordinasi/pencegahan/baru/",
        {
            "kind": "patroli",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kecamatan": AdminUnit.objects.get(code="64.08.09").pk,
        },
    )
    assert "kecamatan" in response.context["form"].errors
    assert not PreventiveActivity.objects.exists()


def test_the_edit_page_changes_through_the_service(operator):
    activity = make_activity(by_user=operator)
    client = Client()
    client.force_login(operator)
    kecamatan = AdminUnit.objects.get(code="64.08.04")
    response = client.post(
        f"/koordinasi/pencegahan/{activity.pk}/ubah/",
        {
            "kind": "sosialisasi",
            "held_at": timezone.localtime(activity.held_at).strftime("%Y-%m-%dT%H:%M"),
            "kecamatan": kecamatan.pk,
            "participant_count": "40",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.kind == "sosialisasi"
    assert activity.area == kecamatan
    assert activity.participant_count == 40


def test_the_list_is_a_fixed_number_of_queries(operator, django_assert_max_num_queries):
    client = Client()
    client.force_login(operator)
    make_activity(by_user=operator, photos=[png_upload()])
    url = "/koordinasi/pencegahan/?kind=patroli&area=64.08.04"
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for n in range(12):
        make_activity(by_user=operator, place=f"Tempat {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="prevention-row"') == 13
