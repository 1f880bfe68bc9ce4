"""The registry's admin reads; its one write (a person's user account) goes through a service."""

from datetime import date

import pytest
from django.urls import reverse

from stakeholders.choices import Office
from stakeholders.models import Organisation, Person, Position
from stakeholders.selectors import access_profile
from stakeholders.services import person_update

from .factories import UserFactory


@pytest.mark.django_db
def test_superuser_cannot_change_a_position_in_the_admin(admin_client, world):
    position = Position.objects.get(person=world.warga_su)

    response = admin_client.post(
        reverse("admin:stakeholders_position_change", args=[position.pk]),
        {
            "person": position.person_id,
            "organisation": position.organisation_id,
            "office": Office.CAMAT,
            "area": world.bengalon.pk,
            "start_date": "2024-01-01",
        },
    )

    assert response.status_code == 403
    position.refresh_from_db()
    assert (position.office, position.area_id) == (Office.KAPOLSEK, world.su.pk)


@pytest.mark.django_db
def test_superuser_cannot_add_or_delete_registry_rows_in_the_admin(admin_client, world):
    add = admin_client.post(reverse("admin:stakeholders_organisation_add"), {"name": "Baru"})
    delete = admin_client.post(
        reverse("admin:stakeholders_organisation_delete", args=[world.polsek_su.pk]), {"post": "yes"}
    )
    person_delete = admin_client.post(
        reverse("admin:stakeholders_person_delete", args=[world.warga_su.pk]), {"post": "yes"}
    )

    assert (add.status_code, delete.status_code, person_delete.status_code) == (403, 403, 403)
    assert Organisation.objects.filter(pk=world.polsek_su.pk).exists()
    assert Person.objects.filter(pk=world.warga_su.pk).exists()


@pytest.mark.django_db
def test_history_stays_viewable_but_a_revert_is_refused(admin_client, world):
    person = world.warga_bengalon
    person_update(person=person, full_name="Siti Aminah Baru")
    old = person.history.order_by("history_id").first()
    organisation = world.kantor_bengalon
    org_history = organisation.history.first()

    page = admin_client.get(reverse("admin:stakeholders_organisation_history", args=[organisation.pk]))
    version = admin_client.get(
        reverse("admin:stakeholders_organisation_simple_history", args=[organisation.pk, org_history.pk])
    )
    revert = admin_client.post(
        reverse("admin:stakeholders_organisation_simple_history", args=[organisation.pk, org_history.pk]),
        {"name": "Dikembalikan", "org_type": organisation.org_type, "area": organisation.area_id},
    )
    person_revert = admin_client.post(
        reverse("admin:stakeholders_person_simple_history", args=[person.pk, old.pk]),
        {"full_name": "Siti Aminah Fiktif", "user": ""},
    )

    assert (page.status_code, version.status_code, revert.status_code) == (200, 200, 403)
    organisation.refresh_from_db()
    person.refresh_from_db()
    assert organisation.name == "Kecamatan Uji Bengalon"
    # A person's revert may only touch the account, through the service; the name stays.
    assert person_revert.status_code == 302
    assert person.full_name == "Siti Aminah Baru"


@pytest.mark.django_db
def test_admin_links_a_user_account_through_the_service(admin_client, admin_user, world):
    person = world.warga_su
    account = UserFactory(username="budi")

    response = admin_client.post(
        reverse("admin:stakeholders_person_change", args=[person.pk]),
        {
            "user": account.pk,
            "full_name": "Nama Palsu",
            "contact_points-TOTAL_FORMS": "0",
            "contact_points-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.user, person.full_name) == (account, "Budi Santoso Fiktif")
    latest = person.history.latest("history_id")
    assert (latest.user_id, latest.history_user) == (account.pk, admin_user)
    # The account now has the access of the person's position (kapolsek of Sangatta Utara).
    assert access_profile(account, on=date(2024, 6, 1)).area_codes == ("64.08.04",)


@pytest.mark.django_db
def test_admin_refuses_an_account_that_belongs_to_someone_else(admin_client, world):
    taken = world.camat_su

    response = admin_client.post(
        reverse("admin:stakeholders_person_change", args=[world.warga_su.pk]),
        {"user": taken.pk, "contact_points-TOTAL_FORMS": "0", "contact_points-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    world.warga_su.refresh_from_db()
    assert world.warga_su.user is None
