import pytest
from django.db import transaction

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
