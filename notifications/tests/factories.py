"""Factories and helpers of the notifications tests."""

from stakeholders.choices import ContactKind
from stakeholders.tests.factories import ContactPointFactory, PersonFactory


def person_with_contacts(*contacts: tuple[str, str], full_name: str = "Budi Santoso", **person_fields):
    """A person with verified, notifiable contact points in the given order of preference."""
    person = PersonFactory(full_name=full_name, **person_fields)
    for preference, (kind, value) in enumerate(contacts, start=1):
        ContactPointFactory(person=person, kind=kind, value=value, preference=preference)
    return person


TELEGRAM = ContactKind.TELEGRAM
WHATSAPP = ContactKind.WHATSAPP
PHONE = ContactKind.PHONE
EMAIL = ContactKind.EMAIL
