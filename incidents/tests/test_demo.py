import pytest

from core import demo as base_demo
from incidents import demo
from incidents.choices import IncidentKind, Status, Track
from incidents.models import Incident, IncidentEvent, IncidentLink

pytestmark = pytest.mark.demo


def test_demo_covers_every_status_both_tracks_and_kinds_and_is_idempotent(kutim):
    base_demo.seed()
    demo.seed()
    count, events, links = (
        Incident.objects.count(),
        IncidentEvent.objects.count(),
        IncidentLink.objects.count(),
    )
    assert 55 <= count <= 65
    assert set(Incident.objects.values_list("status", flat=True)) == set(Status.values)
    tracks = set(Incident.objects.values_list("track", flat=True))
    assert {Track.P, Track.K} <= tracks
    assert set(Incident.objects.values_list("kind", flat=True)) == set(IncidentKind.values)
    assert Incident.objects.values("area_code").distinct().count() > 15
    assert Incident.objects.values("phase").distinct().count() >= 8
    assert Incident.objects.filter(has_confidential_informant=True).exists()

    demo.seed()
    assert (Incident.objects.count(), IncidentEvent.objects.count(), IncidentLink.objects.count()) == (
        count,
        events,
        links,
    )
