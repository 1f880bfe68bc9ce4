"""Trainers register participants; they do not write offices (issue 12, finding 4)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stakeholders.choices import ActingKind, Office, OrgType
from stakeholders.models import Person, Position
from stakeholders.services import organisation_create, person_with_position_create


@pytest.fixture
def polres(world):
    return organisation_create(name="Polres Uji Kutai Timur", org_type=OrgType.POLRI, area=world.su.parent)


def test_a_trainer_cannot_create_a_person_holding_plt_kapolres_on_the_web(client, world, polres):
    client.force_login(world.trainer)
    response = client.post(
        reverse("stakeholders:person_create"),
        {
            "full_name": "Kapolres Palsu Fiktif",
            "organisation": polres.pk,
            "office": Office.KAPOLRES,
            "area": "64.08",
            "start_date": "2024-10-01",
            "acting": ActingKind.PLT,
        },
    )
    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Kapolres Palsu Fiktif").exists()
    assert not Position.objects.filter(office=Office.KAPOLRES).exists()


def test_the_service_refuses_a_trainer_any_office_and_writes_nothing(world, polres):
    with pytest.raises(ValidationError, match="tidak berhak"):
        person_with_position_create(
            full_name="Kapolres Palsu Fiktif",
            organisation=polres,
            office=Office.KAPOLRES,
            area=world.su.parent,
            start_date=date(2024, 10, 1),
            acting=ActingKind.PLT,
            by_user=world.trainer,
        )
    assert not Person.objects.filter(full_name="Kapolres Palsu Fiktif").exists()


def test_a_trainer_does_not_see_the_person_form(client, world):
    client.force_login(world.trainer)
    assert client.get(reverse("stakeholders:person_create")).status_code == 403
