"""The demo Bimtek seeds the October 2024 event in full and changes nothing on a second run."""

import pytest

from stakeholders.tests.factories import PositionFactory
from training import demo
from training.models import Attendance, Certificate, Material, Programme, Registration, Session, TestAttempt

pytestmark = pytest.mark.demo


def _counts():
    return [
        m.objects.count()
        for m in (Programme, Session, Registration, Attendance, Material, TestAttempt, Certificate)
    ]


def test_the_demo_seeds_the_october_bimtek_and_is_idempotent(kutim, settings_media):
    PositionFactory(office="kapolsek")
    demo.seed()
    event = Programme.objects.get(title=demo.SEED_TITLE)
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == ("2024-10-27", "2024-10-31")
    assert event.venue == "Hotel Harris, Samarinda"
    assert {s.date.day for s in event.sessions.all()} == {27, 28, 29, 30, 31}
    assert event.registrations.filter(role="peserta").count() == 40
    assert event.registrations.filter(person__positions__office="kapolsek").exists()
    assert Certificate.objects.filter(registration__programme=event).count() >= 30
    assert Programme.objects.filter(title=demo.UPCOMING_TITLE).exists()
    before = _counts()
    demo.seed()
    assert _counts() == before
