"""Template context shared by every page."""

from django.conf import settings


def site(request):
    """Expose the few settings the base layout needs."""
    return {"SITE_NAME": "Pilkada Mitigasi", "DJANGO_ENV": settings.DJANGO_ENV}
