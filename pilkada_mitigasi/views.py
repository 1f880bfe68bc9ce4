"""Project-wide views: the home page and the health endpoint."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
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
