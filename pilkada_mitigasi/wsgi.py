"""WSGI entry point for gunicorn: ``gunicorn pilkada_mitigasi.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilkada_mitigasi.settings")

application = get_wsgi_application()

# What the process loaded to start stays for its life: out of the collector's full passes.
from core.gcfreeze import long_lived_frozen  # noqa: E402 - Django is set up only now

long_lived_frozen()
