"""The API's web pages: the schema, its documentation page, and the integrations of a kabupaten
administrator (make a token, shown once; revoke; the call log)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularAPIView

from .auth import AllowAnyone
from .choices import Resource
from .forms import IntegrationForm
from .selectors import apicall_list, integration_visible_to
from .services import integration_create as integration_create_service
from .services import integration_may_manage
from .services import integration_revoke as integration_revoke_service


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of /api/v1/ (public: it holds no data)."""

    authentication_classes: list = []
    permission_classes = [AllowAnyone]
    throttle_classes: list = []


def docs(request):
    """The documentation page: Swagger UI (vendored), its start in static/js/api-docs.js (no inline script)."""
    return render(request, "api/docs.html")


def _require_manager(request) -> None:
    if not integration_may_manage(request.user):
        raise PermissionDenied


@login_required
def integration_list(request):
    """The integrations and their state (active, expired, revoked) with their last call."""
    _require_manager(request)
    integrations = integration_visible_to(request.user).order_by("-created_at", "-pk")
    return render(request, "api/integration_list.html", {"integrations": integrations, "now": timezone.now()})


@login_required
def integration_create(request):
    """Make an integration; its token is shown once, on the answer to this form."""
    _require_manager(request)
    form = IntegrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        expires_at = timezone.make_aware(datetime.combine(form.cleaned_data["expires_on"], time(23, 59)))
        try:
            integration, token = integration_create_service(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                area=form.cleaned_data["area"],
                scopes=form.scopes(),
                expires_at=expires_at,
                by_user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = {"expires_at": "expires_on"}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            response = render(
                request, "api/integration_created.html", {"integration": integration, "token": token}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/integration_form.html", {"form": form})


@login_required
def integration_detail(request, pk: int):
    """One integration: its scopes, area, expiry and its latest calls."""
    _require_manager(request)
    integration = get_object_or_404(integration_visible_to(request.user), pk=pk)
    scopes = [(resource.label, integration.access_to(resource.value)) for resource in Resource]
    return render(
        request,
        "api/integration_detail.html",
        {"integration": integration, "scopes": scopes, "calls": apicall_list(integration=integration)},
    )


@login_required
@require_POST
def integration_revoke(request, pk: int):
    """Revoke the token: every later call with it is refused."""
    _require_manager(request)
    integration = get_object_or_404(integration_visible_to(request.user), pk=pk)
    integration_revoke_service(integration=integration, by_user=request.user)
    messages.success(request, _("Token integrasi %(name)s dicabut.") % {"name": integration.name})
    return redirect("api:integration_detail", pk=integration.pk)
