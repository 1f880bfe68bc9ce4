"""The service worker of the offline phone forms (a Progressive Web App): the field report and the
preventive activity.

It is served from the site's root (``/sw.js``) rather than from ``static/`` so that its scope is
the whole site: it answers a form's page from the phone's cache when there is no signal.
The worker's script is a template because it names the static files to keep, and their URLs are
hashed in production. What it caches and why: docs/developer.md, "The offline report form".
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The static files the report form needs, kept when the worker installs (fonts and the rest are
# kept the first time a page loads them).
FORM_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/app.css",
    "css/incidents.css",
    "img/favicon.svg",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/app.js",
    "js/incidents.js",
    "js/offline.js",
    "pwa/manifest.webmanifest",
)


# The pages that work without signal (their form is marked data-offline-form, see static/js/offline.js).
OFFLINE_FORMS = ("incidents:incident_create", "coordination:prevention_create")


@never_cache
@require_GET
def service_worker(request):
    """The service worker script: the same for every visitor (it holds no user data)."""
    precache = [static(name) for name in FORM_ASSETS]
    config = {
        # The phone forms kept for use without signal; the first is the one a navigation to any other
        # page gets without signal (the field report).
        "formUrls": [reverse(name) for name in OFFLINE_FORMS],
        "staticUrl": static(""),
        "precache": precache,
    }
    template = loader.get_template("pwa/sw.js")
    body = template.render({"config": json.dumps(config)})
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = body.replace("__VERSION__", version)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
