import pytest

from notifications import demo
from notifications.models import InboxItem, Message
from stakeholders.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.demo


def test_demo_seed_puts_one_welcome_alert_in_demo_inboxes_and_is_idempotent(db):
    person = PersonFactory(user=UserFactory(username="kesbangpol"))
    PersonFactory(user=UserFactory(username="bukan.demo"))
    demo.seed()
    demo.seed()
    assert Message.objects.count() == 1
    assert list(InboxItem.objects.values_list("person_id", flat=True)) == [person.pk]


def test_demo_seed_copes_without_demo_users(db):
    assert demo.seed() == []
    assert not Message.objects.exists()
