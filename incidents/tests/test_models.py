from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from incidents.choices import Track
from incidents.models import Incident, IncidentCategory
from incidents.selectors import incident_search
from incidents.tests.factories import make_incident


def test_categories_of_the_domain_taxonomy_are_seeded_with_their_tracks(db):
    assert IncidentCategory.objects.count() == 25
    assert IncidentCategory.objects.get(code="POLITIK_UANG").track == Track.P
    assert IncidentCategory.objects.get(code="BENTROK_MASSA").track == Track.K
    assert IncidentCategory.objects.get(code="PERUSAKAN_APK").is_p_track is True
    assert IncidentCategory.objects.get(code="INTIMIDASI").is_p_track is False


def test_no_chronology_however_long_fails_the_search_index(reporter):
    """PostgreSQL refuses a tsvector over 1 MB: the generated column indexes a bounded prefix only."""
    incident = make_incident(by_user=reporter)
    # Every word different, so the tsvector would hold them all: 1.3 MB of distinct words.
    huge = "awalnya " + " ".join(f"kata{n:07d}" for n in range(110_000))
    with transaction.atomic():  # an error here would be the 500 of the report form
        Incident.objects.filter(pk=incident.pk).update(chronology=huge)
    assert incident_search(Incident.objects.all(), "awalnya").get() == incident
    with pytest.raises(Incident.DoesNotExist):
        incident_search(Incident.objects.all(), "kata0109999").get()  # past the indexed prefix


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("occurred_at", datetime(1, 1, 1, tzinfo=UTC)),
        ("known_at", datetime(9999, 12, 31, tzinfo=UTC)),
    ],
)
def test_the_database_refuses_an_incident_time_outside_the_range(reporter, field, value):
    """Finding 2 of issue 12: a time in year 1 was stored as 1 BC and took the queue down."""
    incident = make_incident(by_user=reporter)
    with pytest.raises(IntegrityError, match=f"incident_{field}_in_range"), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(**{field: value})


def test_the_queue_and_the_page_still_render_after_a_refused_far_date(reporter, kab_admin, client):
    incident = make_incident(by_user=reporter)
    client.force_login(reporter)
    response = client.post(reverse("incidents:incident_create"), {"occurred_at": "01/01/0001 07:00"})
    assert "Tanggal paling awal 01/01/1900." in response.context["form"].errors["occurred_at"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(occurred_at=datetime(1, 1, 1, tzinfo=UTC))
    client.force_login(kab_admin)
    assert client.get(reverse("incidents:index")).status_code == 200
    assert client.get(incident.get_absolute_url()).status_code == 200
