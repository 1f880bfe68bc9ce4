"""factory_boy factories and builders for the Bimtek tests."""

from datetime import date, time

import factory

from stakeholders.choices import OrgType
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, UserFactory
from training import services
from training.models import Programme, Registration, Session


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Bimtek Uji {n}")
    organiser = factory.SubFactory(OrganisationFactory, org_type=OrgType.PEMDA)
    venue = "Hotel Harris Samarinda"
    start_date = date(2024, 10, 27)
    end_date = date(2024, 10, 31)
    lesson_hours = 40
    quota = 40
    signatory_name = "Drs. Contoh Penandatangan"
    signatory_title = "Sekretaris Kabupaten"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    date = date(2024, 10, 28)
    start_time = time(8, 0)
    end_time = time(10, 0)
    topic = factory.Sequence(lambda n: f"Topik {n}")
    room = "Ballroom"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def participant_user(programme, *, username=None, organisation=None):
    """A user whose person is registered as peserta of the programme (no position needed)."""
    user = UserFactory(**({"username": username} if username else {}))
    person = PersonFactory(user=user, full_name=user.username)
    registration = services.registration_create(
        programme=programme, person=person, organisation=organisation or OrganisationFactory()
    )
    return user, registration
