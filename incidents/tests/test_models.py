from incidents.choices import Track
from incidents.models import IncidentCategory


def test_categories_of_the_domain_taxonomy_are_seeded_with_their_tracks(db):
    assert IncidentCategory.objects.count() == 25
    assert IncidentCategory.objects.get(code="POLITIK_UANG").track == Track.P
    assert IncidentCategory.objects.get(code="BENTROK_MASSA").track == Track.K
    assert IncidentCategory.objects.get(code="PERUSAKAN_APK").is_p_track is True
    assert IncidentCategory.objects.get(code="INTIMIDASI").is_p_track is False
