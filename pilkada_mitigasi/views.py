"""Project-wide views: the home page, the health endpoint and the error pages."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@login_required
def home(request):
    """The landing page after login: who is logged in, and where to go next."""
    return render(request, "home.html", {"now": timezone.now()})


@never_cache
@require_GET
def healthz(request):
    """200 with every component's state when all are healthy, else 503 naming the failing parts."""
    healthy, results = run_checks()
    body = {
        "status": "ok" if healthy else "error",
        "failing": [name for name, result in results.items() if not result["ok"]],
        "checks": results,
        "time": timezone.now().isoformat(),
    }
    return JsonResponse(body, status=200 if healthy else 503)


def server_error(request):
    """The 500 page in the app's layout; degrades to a context-free page, then to plain text.

    Whatever broke the request may break rendering too (the database, a template), so each
    fallback needs less than the one before.
    """
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logging.getLogger(__name__).exception("the 500 page could not be rendered with its context")
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError(
            "<!doctype html><title>500</title><h1>Terjadi kesalahan pada server</h1>",
        )


def csrf_failure(request, reason=""):
    """A refused form (missing or stale CSRF token), explained in the app's language and layout."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
