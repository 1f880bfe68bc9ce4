"""WSGI entry point for gunicorn: ``gunicorn pilkada_mitigasi.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilkada_mitigasi.settings")

application = get_wsgi_application()
