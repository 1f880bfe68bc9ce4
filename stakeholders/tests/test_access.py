from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regions.models import AdminUnit
from stakeholders.choices import AccessRole, ActingKind, Office
from stakeholders.selectors import access_profile, access_profile_forget, area_scope_q, person_visible_to
from stakeholders.services import person_create, phone_normalise, position_assign, position_end
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, user_with_office


def test_camat_is_a_kecamatan_operator_scoped_to_the_kecamatan(kutim):
    user = user_with_office(Office.CAMAT, "64.08.04")
    profile = access_profile(user)
    assert profile.roles == {AccessRole.KECAMATAN_OPERATOR}
    assert profile.kabupaten_wide is False
    visible = set(AdminUnit.objects.filter(area_scope_q(user, field="code")).values_list("code", flat=True))
    assert "64.08.04.1010" in visible
    assert "64.08.12" not in visible


def test_covers_decides_in_python_what_area_scope_q_decides_in_sql(kutim):
    """``AccessProfile.covers`` (no query) and ``area_scope_q`` (SQL) agree on every area, by role."""
    user = user_with_office(Office.CAMAT, "64.08.04")
    profile = access_profile(user)
    for roles in ((), (AccessRole.KECAMATAN_OPERATOR,), (AccessRole.SECURITY_LIAISON,)):
        in_sql = set(
            AdminUnit.objects.filter(area_scope_q(user, field="code", roles=roles or None)).values_list(
                "code", flat=True
            )
        )
        in_python = {
            code for code in AdminUnit.objects.values_list("code", flat=True) if profile.covers(code, *roles)
        }
        assert in_python == in_sql
    assert profile.covers("64.08.04.1010")
    assert not profile.covers("64.08.041")  # a longer code, not a desa beneath: the dot counts
    assert not profile.covers(None)
    assert not profile.covers("64.08.04", AccessRole.SECURITY_LIAISON)


def test_kesbangpol_operator_sees_the_whole_kabupaten(kutim):
    user = user_with_office(Office.OPERATOR_KESBANGPOL)
    assert access_profile(user).kabupaten_wide is True
    assert user.has_perm("stakeholders.change_person")


def test_bupati_reads_but_does_not_change(kutim):
    user = user_with_office(Office.BUPATI)
    assert user.has_perm("stakeholders.view_person")
    assert not user.has_perm("stakeholders.change_person")


def test_a_user_with_two_positions_sees_the_union(kutim):
    user = user_with_office(Office.CAMAT, "64.08.04")
    area = AdminUnit.objects.get(code="64.08.12")
    position_assign(
        person=user.person,
        organisation=OrganisationFactory(area=area),
        office=Office.OPERATOR_KECAMATAN,
        area=area,
        start_date=date(2024, 1, 1),
    )
    access_profile_forget(user)
    visible = set(AdminUnit.objects.filter(area_scope_q(user, field="code")).values_list("code", flat=True))
    assert {"64.08.04", "64.08.12"} <= visible


def test_an_ended_position_gives_no_access(kutim):
    user = user_with_office(Office.CAMAT, "64.08.04")
    position_end(position=user.person.positions.get(), end_date=date(2024, 6, 30))
    access_profile_forget(user)
    assert access_profile(user).roles == frozenset()
    assert not person_visible_to(user).exists()


@pytest.mark.parametrize("raw", ["0812-3456-7890", "6281234567890", "+62 812 3456 7890", "081234567890"])
def test_indonesian_phone_numbers_are_stored_as_e164(raw):
    assert phone_normalise(raw) == "+6281234567890"


@pytest.mark.parametrize(("raw", "message"), [("+1 202 555 0143", "Hanya nomor Indonesia"), ("12", "tidak")])
def test_foreign_or_invalid_numbers_are_refused(raw, message):
    with pytest.raises(ValidationError, match=message):
        phone_normalise(raw)


def test_a_second_definitive_camat_is_refused_but_an_acting_one_is_allowed(kutim):
    area = AdminUnit.objects.get(code="64.08.04")
    org = OrganisationFactory(area=area)
    position_assign(
        person=PersonFactory(), organisation=org, office=Office.CAMAT, area=area, start_date=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError, match="sudah dipegang"):
        position_assign(
            person=PersonFactory(),
            organisation=org,
            office=Office.CAMAT,
            area=area,
            start_date=date(2024, 5, 1),
        )
    position_assign(
        person=PersonFactory(),
        organisation=org,
        office=Office.CAMAT,
        area=area,
        start_date=date(2024, 5, 1),
        acting="plt",
    )


def test_a_position_outside_its_organisations_area_is_refused(kutim):
    org = OrganisationFactory(area=AdminUnit.objects.get(code="64.08.04"))
    with pytest.raises(ValidationError, match="di luar wilayah kerja"):
        position_assign(
            person=PersonFactory(),
            organisation=org,
            office=Office.KAPOLSEK,
            area=AdminUnit.objects.get(code="64.08.12"),
            start_date=date(2024, 1, 1),
        )


def test_an_end_before_the_start_is_refused(kutim):
    org = OrganisationFactory()
    with pytest.raises(ValidationError, match="tidak boleh sebelum"):
        position_assign(
            person=PersonFactory(),
            organisation=org,
            office=Office.TOKOH_ADAT,
            area=org.area,
            start_date=date(2024, 5, 1),
            end_date=date(2024, 4, 1),
        )


def test_a_camat_no_longer_sees_a_person_whose_position_in_the_kecamatan_ended(client, world):
    position_end(position=world.warga_su.positions.get(), end_date=date(2024, 6, 30))
    assert world.warga_su not in person_visible_to(world.camat_su)
    client.force_login(world.camat_su)
    assert client.get(reverse("stakeholders:person_detail", args=[world.warga_su.pk])).status_code == 404


def test_a_person_whose_position_in_the_kecamatan_is_still_to_come_is_in_scope(world):
    newcomer = person_create(full_name="Calon Kapolsek Fiktif")
    position_assign(
        person=newcomer,
        organisation=world.polsek_su,
        office=Office.KAPOLSEK,
        area=world.su,
        start_date=timezone.localdate() + timedelta(days=30),
        acting=ActingKind.PLT,
    )
    assert newcomer in person_visible_to(world.camat_su)


def test_a_camat_whose_position_ended_keeps_no_access(client, world):
    position_end(position=world.camat_su.person.positions.get(), end_date=date(2024, 6, 30))
    client.force_login(world.camat_su)
    assert client.get(reverse("stakeholders:person_list")).status_code == 403
    detail = client.get(reverse("stakeholders:person_detail", args=[world.warga_su.pk]))
    assert detail.status_code in (403, 404)
    assert not person_visible_to(world.camat_su).exists()


def test_a_second_organisation_of_the_same_name_and_area_is_refused_as_existing_in_indonesian(kutim):
    # Django's own Indonesian catalogue said "tidak ada" (does not exist); locale/id corrects it.
    from django.utils import translation

    from stakeholders.choices import OrgType
    from stakeholders.services import organisation_create

    area = AdminUnit.objects.get(code="64.08.04")
    organisation_create(name="Polsek Uji Ganda", org_type=OrgType.POLRI, area=area)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        organisation_create(name="Polsek Uji Ganda", org_type=OrgType.POLRI, area=area)
    message = " ".join(refused.value.messages)
    assert "sudah ada" in message
    assert "tidak ada" not in message


def test_permissions_given_to_an_account_or_its_group_still_count_read_in_one_query(kutim):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_user("izin.langsung")
    user.user_permissions.add(Permission.objects.get(codename="view_incident"))
    group = Group.objects.create(name="Uji izin grup")
    group.permissions.add(Permission.objects.get(codename="view_person"))
    user.groups.add(group)
    user = get_user_model().objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("incidents.view_incident")
        assert user.has_perm("stakeholders.view_person")
        assert not user.has_perm("incidents.triage_incident")
    # The account's and its groups' permissions in one query (Django's ModelBackend takes two).
    assert len([q for q in queries.captured_queries if "auth_permission" in q["sql"]]) == 1
