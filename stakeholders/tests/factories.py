"""factory_boy factories for the registry, and a user holding an office in an area."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from regions.models import AdminUnit
from stakeholders.choices import ContactKind, Office, OrgType
from stakeholders.models import ContactPoint, Organisation, Person, Position


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    password = factory.django.Password("rahasia-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasi Uji {n}")
    org_type = OrgType.OPD_LAIN
    area = factory.LazyFunction(lambda: AdminUnit.objects.get(code="64.08"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="id_ID")


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    person = factory.SubFactory(PersonFactory)
    kind = ContactKind.EMAIL
    value = factory.Sequence(lambda n: f"orang{n}@contoh.invalid")
    verified = True
    notifiable = True


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    office = Office.ANGGOTA_FORUM
    area = factory.LazyFunction(lambda: AdminUnit.objects.get(code="64.08"))
    start_date = date(2024, 1, 1)


def user_with_office(
    office: str, area_code: str = "64.08", *, organisation=None, username=None, **user_fields
):
    """A user whose person holds ``office`` for the area ``area_code`` since 1 January 2024."""
    user = UserFactory(**({"username": username} if username else {}), **user_fields)
    area = AdminUnit.objects.get(code=area_code)
    person = PersonFactory(user=user, full_name=user.get_full_name() or user.username)
    PositionFactory(
        person=person,
        office=office,
        area=area,
        organisation=organisation or OrganisationFactory(area=area),
    )
    return user
