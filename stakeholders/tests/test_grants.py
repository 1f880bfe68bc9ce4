"""Who may grant which office (issue 12, finding 1): rank, area, own person, privileged offices."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from notifications.models import InboxItem
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, GrantStatus, ImportKind, ImportPhase, Office, OrgType
from stakeholders.forms import PositionForm
from stakeholders.models import Position, PositionRequest
from stakeholders.selectors import access_profile_forget
from stakeholders.services import (
    contact_point_add,
    organisation_create,
    person_create,
    position_assign,
    position_end,
    position_grant,
    position_request_approve,
    position_request_reject,
)
from stakeholders.tests.factories import user_with_office


def _url(name, *args):
    return reverse(f"stakeholders:{name}", args=args)


def _post_position(client, person, **fields):
    data = {
        "organisation": fields.pop("organisation").pk,
        "office": fields.pop("office"),
        "area": fields.pop("area", "64.08"),
        "start_date": fields.pop("start_date", "2024-03-01"),
        **fields,
    }
    return client.post(_url("position_create", person.pk), data)


@pytest.fixture
def kesbangpol_org(world):
    return organisation_create(
        name="Badan Kesbangpol Uji", org_type=OrgType.OPD_KESBANGPOL, area=world.su.parent
    )


@pytest.fixture
def second_admin(world):
    """Another kabupaten administrator, reachable on WhatsApp."""
    user = user_with_office(Office.KABID_WASPADNAS, "64.08", username="kabid")
    contact_point_add(person=user.person, kind=ContactKind.WHATSAPP, value="0811-5000-1000", verified=True)
    return user


# --- the reproduction of finding 1 ------------------------------------------------------


def test_a_camat_cannot_make_themselves_kesbangpol_operator(client, world):
    # An organisation and an area of their own kecamatan: the office alone gave kabupaten-wide access.
    client.force_login(world.camat_su)
    response = _post_position(
        client,
        world.camat_su.person,
        organisation=world.polsek_su,
        office=Office.OPERATOR_KESBANGPOL,
        area="64.08.04",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["office"]
    assert not Position.objects.filter(
        person=world.camat_su.person, office=Office.OPERATOR_KESBANGPOL
    ).exists()
    assert not PositionRequest.objects.exists()


def test_a_camat_cannot_give_themselves_any_office(client, world):
    client.force_login(world.camat_su)
    response = _post_position(
        client,
        world.camat_su.person,
        organisation=world.polsek_su,
        office=Office.BHABINKAMTIBMAS,
        area="64.08.04",
    )
    assert "diri sendiri" in str(response.context["form"].errors["office"])
    assert world.camat_su.person.positions.count() == 1


def test_a_camat_cannot_make_a_field_reporter_of_their_area_kaban_kesbangpol(client, world):
    client.force_login(world.camat_su)
    response = _post_position(
        client,
        world.reporter.person,
        organisation=world.polsek_su,
        office=Office.KABAN_KESBANGPOL,
        area="64.08.04.2001",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["office"]
    access_profile_forget(world.reporter)
    assert not world.reporter.person.positions.filter(office=Office.KABAN_KESBANGPOL).exists()


def test_the_position_form_offers_a_camat_only_offices_and_areas_they_may_grant(world):
    form = PositionForm(user=world.camat_su)
    offices = {value for value, _label in form.fields["office"].choices}
    assert Office.KAPOLSEK in offices
    assert Office.CAMAT in offices
    assert not offices & {Office.OPERATOR_KESBANGPOL, Office.KABAN_KESBANGPOL, Office.BUPATI, Office.SEKDA}
    areas = set(form.fields["area"].queryset.values_list("code", flat=True))
    assert "64.08.04" in areas
    assert "64.08.04.2001" in areas
    assert "64.08" not in areas
    assert "64.08.09" not in areas


def test_a_camat_still_gives_offices_of_their_kecamatan(client, world):
    person = person_create(full_name="Bhabin Baru Fiktif")
    position_assign(
        person=person,
        organisation=world.polsek_su,
        office=Office.LINMAS,
        area=world.desa_su,
        start_date=date(2024, 1, 1),
    )
    client.force_login(world.camat_su)
    response = _post_position(
        client, person, organisation=world.polsek_su, office=Office.BHABINKAMTIBMAS, area="64.08.04.2001"
    )
    assert response.status_code == 302
    assert person.positions.filter(office=Office.BHABINKAMTIBMAS).exists()


def test_the_service_refuses_whatever_the_entry(world, kesbangpol_org):
    with pytest.raises(ValidationError, match="hanya administrator kabupaten"):
        position_assign(
            person=world.reporter.person,
            organisation=kesbangpol_org,
            office=Office.OPERATOR_KESBANGPOL,
            area=world.su.parent,
            start_date=date(2024, 3, 1),
            by_user=world.camat_su,
        )
    with pytest.raises(ValidationError, match="di luar wilayah"):
        position_assign(
            person=world.reporter.person,
            organisation=world.kantor_bengalon,
            office=Office.SEKDES,
            area=AdminUnit.objects.get(code="64.08.09.2001"),
            start_date=date(2024, 3, 1),
            by_user=world.camat_su,
        )


def test_a_user_who_may_not_write_positions_grants_nothing(world):
    danramil = user_with_office(Office.DANRAMIL, "64.08.04", username="danramil")
    with pytest.raises(ValidationError, match="tidak berhak"):
        position_assign(
            person=world.warga_su,
            organisation=world.polsek_su,
            office=Office.BHABINKAMTIBMAS,
            area=world.desa_su,
            start_date=date(2024, 3, 1),
            by_user=danramil,
        )


def test_an_import_cannot_grant_a_privileged_office(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stakeholders.imports import import_job_create

    text = "nama,jabatan,organisasi,kode_wilayah,mulai\nOrang Istimewa,kaban_kesbangpol,Polsek Uji Sangatta Utara,64.08.04,2024-01-01\n"
    upload = SimpleUploadedFile("orang.csv", text.encode(), content_type="text/csv")
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job.phase == ImportPhase.INVALID
    assert "hanya administrator kabupaten" in " ".join(problem["message"] for problem in job.errors["0"])


def test_a_camat_cannot_end_a_kabupaten_office(world):
    bupati_position = world.bupati.person.positions.get()
    with pytest.raises(ValidationError):
        position_end(position=bupati_position, end_date=date(2024, 6, 1), by_user=world.camat_su)


# --- privileged offices: kabupaten level, a second administrator, notices ----------------


def test_a_privileged_office_is_given_only_at_kabupaten_level(world, kesbangpol_org):
    with pytest.raises(ValidationError, match="tingkat kabupaten") as caught:
        position_grant(
            person=world.warga_su,
            organisation=kesbangpol_org,
            office=Office.OPERATOR_KESBANGPOL,
            area=world.su,
            start_date=date(2024, 3, 1),
            by_user=world.kesbangpol,
        )
    assert "area" in caught.value.message_dict


def test_the_only_administrator_grants_a_privileged_office_at_once(world, kesbangpol_org):
    result = position_grant(
        person=world.warga_su,
        organisation=kesbangpol_org,
        office=Office.OPERATOR_KESBANGPOL,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    )
    assert result.position is not None
    assert result.request is None
    assert world.warga_su.positions.filter(office=Office.OPERATOR_KESBANGPOL).exists()


def test_with_a_second_administrator_a_privileged_grant_waits_and_tells_the_others(
    client, world, kesbangpol_org, second_admin
):
    unreachable_admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="operator2")
    client.force_login(world.kesbangpol)
    response = _post_position(client, world.warga_su, organisation=kesbangpol_org, office=Office.WAKIL_BUPATI)
    assert response.status_code == 302
    assert not world.warga_su.positions.filter(office=Office.WAKIL_BUPATI).exists()
    request = PositionRequest.objects.get()
    assert (request.status, request.requested_by) == (GrantStatus.PENDING, world.kesbangpol)
    told = set(InboxItem.objects.values_list("person_id", flat=True))
    assert told == {second_admin.person.pk, unreachable_admin.person.pk}
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "menunggu persetujuan" in shown
    assert str(second_admin.person) in shown.split("Belum terjangkau")[0]
    assert str(unreachable_admin.person) in shown.split("Belum terjangkau")[1]


def test_a_second_administrator_approves_and_the_office_takes_effect(
    client, world, kesbangpol_org, second_admin
):
    result = position_grant(
        person=world.warga_su,
        organisation=kesbangpol_org,
        office=Office.SEKDA,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    )
    client.force_login(second_admin)
    response = client.post(_url("positionrequest_approve", result.request.pk))
    assert response.status_code == 302
    request = PositionRequest.objects.get()
    assert (request.status, request.decided_by) == (GrantStatus.APPROVED, second_admin)
    assert request.position.office == Office.SEKDA
    assert request.position.history.get().history_user == second_admin


def test_the_administrator_who_asked_cannot_approve(world, kesbangpol_org, second_admin):
    result = position_grant(
        person=world.warga_su,
        organisation=kesbangpol_org,
        office=Office.SEKDA,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    )
    with pytest.raises(ValidationError, match="administrator kabupaten lain"):
        position_request_approve(request=result.request, by_user=world.kesbangpol)
    assert PositionRequest.objects.get().status == GrantStatus.PENDING


def test_an_administrator_cannot_approve_a_request_for_themselves(world, kesbangpol_org, second_admin):
    user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="operator2")
    result = position_grant(
        person=second_admin.person,
        organisation=kesbangpol_org,
        office=Office.SEKDA,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    )
    with pytest.raises(ValidationError, match="diri sendiri"):
        position_request_approve(request=result.request, by_user=second_admin)


def test_a_rejected_request_records_nothing(world, kesbangpol_org, second_admin):
    result = position_grant(
        person=world.warga_su,
        organisation=kesbangpol_org,
        office=Office.SEKDA,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    )
    position_request_reject(request=result.request, reason="Bukan pejabatnya", by_user=second_admin)
    request = PositionRequest.objects.get()
    assert (request.status, request.reason) == (GrantStatus.REJECTED, "Bukan pejabatnya")
    assert not world.warga_su.positions.filter(office=Office.SEKDA).exists()
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        position_request_approve(request=request, by_user=second_admin)


def test_with_another_administrator_the_direct_path_refuses_a_privileged_office(
    world, kesbangpol_org, second_admin
):
    with pytest.raises(ValidationError, match="persetujuan administrator"):
        position_assign(
            person=world.warga_su,
            organisation=kesbangpol_org,
            office=Office.WAKIL_BUPATI,
            area=world.su.parent,
            start_date=date(2024, 3, 1),
            by_user=world.kesbangpol,
        )


# --- the four-way access check of the new pages ---------------------------------------------


@pytest.fixture
def pending(world, kesbangpol_org, second_admin):
    return position_grant(
        person=world.warga_su,
        organisation=kesbangpol_org,
        office=Office.SEKDA,
        area=world.su.parent,
        start_date=date(2024, 3, 1),
        by_user=world.kesbangpol,
    ).request


def test_the_request_list_is_for_kabupaten_administrators(world, pending):
    assert_view_access(
        ViewAccessCase(
            url=_url("positionrequest_list"), without_permission=world.bupati, in_scope=world.kesbangpol
        )
    )


def test_approving_is_for_another_administrator_and_404_for_the_one_who_asked(world, pending, second_admin):
    assert_view_access(
        ViewAccessCase(
            url=_url("positionrequest_approve", pending.pk),
            method="post",
            without_permission=world.camat_su,
            in_scope=second_admin,
            out_of_scope=world.kesbangpol,
            ok_status=(302,),
        )
    )
    assert PositionRequest.objects.get().status == GrantStatus.APPROVED


def test_rejecting_is_for_administrators_and_404_once_decided(world, pending, second_admin):
    assert_view_access(
        ViewAccessCase(
            url=_url("positionrequest_reject", pending.pk),
            method="post",
            data={"reason": "salah orang"},
            without_permission=world.bupati,
            in_scope=world.kesbangpol,
            out_of_scope=second_admin,
            ok_status=(302,),
        )
    )
    assert PositionRequest.objects.get().status == GrantStatus.REJECTED
