"""A trainer registers, and so invites, only people in the programme's scope (issue 12, finding 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from stakeholders.choices import Office, OrgType
from stakeholders.tests.factories import OrganisationFactory, PositionFactory
from training import services
from training.choices import RegistrationRole
from training.models import Registration


@pytest.fixture
def kapolres(kutim):
    return PositionFactory(
        office=Office.KAPOLRES, organisation=OrganisationFactory(name="Polres Uji", org_type=OrgType.POLRI)
    ).person


@pytest.fixture
def kepala_desa(kutim):
    return PositionFactory(
        office=Office.KEPALA_DESA,
        organisation=OrganisationFactory(name="Pemdes Uji", org_type=OrgType.PEMERINTAH_DESA),
    ).person


@pytest.fixture
def desa_programme(programme):
    programme.target_org_types = [OrgType.PEMERINTAH_DESA]
    programme.save()
    return programme


@pytest.mark.parametrize("role", [RegistrationRole.PESERTA, RegistrationRole.NARASUMBER])
def test_a_trainer_cannot_register_an_official_outside_the_programmes_targets(
    desa_programme, trainer, kapolres, role
):
    with pytest.raises(ValidationError, match="di luar sasaran"):
        services.registration_create(programme=desa_programme, person=kapolres, role=role, by_user=trainer)
    assert not Registration.objects.filter(person=kapolres).exists()


def test_a_trainer_registers_people_of_the_programmes_targets(desa_programme, trainer, kepala_desa):
    registration = services.registration_create(programme=desa_programme, person=kepala_desa, by_user=trainer)
    assert registration.person == kepala_desa


def test_in_an_open_programme_a_trainer_registers_only_people_of_the_organiser_and_partners(
    programme, trainer, kapolres
):
    with pytest.raises(ValidationError, match="di luar sasaran"):
        services.registration_create(programme=programme, person=kapolres, by_user=trainer)
    speaker = PositionFactory(office=Office.NARASUMBER, organisation=programme.organiser).person
    registration = services.registration_create(
        programme=programme, person=speaker, role=RegistrationRole.NARASUMBER, by_user=trainer
    )
    assert registration.role == RegistrationRole.NARASUMBER


def test_a_kabupaten_administrator_registers_anyone(desa_programme, kesbangpol, kapolres):
    registration = services.registration_create(
        programme=desa_programme, person=kapolres, role=RegistrationRole.NARASUMBER, by_user=kesbangpol
    )
    assert registration.person == kapolres


def test_the_registration_form_offers_a_trainer_only_people_in_scope(
    desa_programme, trainer, kapolres, kepala_desa
):
    client = Client()
    client.force_login(trainer)
    response = client.get(reverse("training:registration_list", args=[desa_programme.pk]))
    offered = set(response.context["form"].fields["person"].queryset)
    assert kepala_desa in offered
    assert kapolres not in offered
    refused = client.post(
        reverse("training:registration_list", args=[desa_programme.pk]),
        {"person": kapolres.pk, "role": RegistrationRole.NARASUMBER},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["person"]
    assert not Registration.objects.filter(person=kapolres).exists()


def test_an_invitation_reaches_only_the_registered_people_in_scope(
    desa_programme, trainer, kapolres, kepala_desa
):
    from notifications.models import InboxItem

    services.registration_create(programme=desa_programme, person=kepala_desa, by_user=trainer)
    with pytest.raises(ValidationError):
        services.registration_create(programme=desa_programme, person=kapolres, by_user=trainer)
    services.programme_invitations_send(programme=desa_programme, by_user=trainer)
    invited = set(InboxItem.objects.values_list("person_id", flat=True))
    assert kepala_desa.pk in invited
    assert kapolres.pk not in invited
