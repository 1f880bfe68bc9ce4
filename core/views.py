"""The answer of every background job's progress URL: the one progress partial."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .models import BackgroundJob


def job_progress_response(request, job: BackgroundJob, extra_context: dict | None = None) -> HttpResponse:
    """The progress partial of ``job``; once it has finished, a page that shows more reloads itself."""
    response = render(request, "core/partials/job_progress.html", {"job": job, **(extra_context or {})})
    if not job.is_active and job.progress_refresh_page and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
