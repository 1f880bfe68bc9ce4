"""Pages of partner webhooks for kabupaten administrators: list, register, pause, delete, rotate the
secret, send a test event, and each subscription's delivery log. Thin: a selector, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import WebhookSubscriptionForm
from .selectors import MANAGE_PERMISSION, subscription_delivery_list, subscription_visible_to

PAGE_SIZE = 25


def _secret_page(request, subscription, secret: str, *, rotated: bool):
    """The secret, once: never cached, never shown again (only its first characters)."""
    return render(
        request,
        "webhooks/subscription_secret.html",
        {"subscription": subscription, "secret": secret, "rotated": rotated},
    )


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
def subscription_list(request):
    """The partner systems registered for the user's areas."""
    page = Paginator(subscription_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "webhooks/subscription_list.html", {"page_obj": page, "subscriptions": page.object_list}
    )


@never_cache
@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
def subscription_create(request):
    """Register a partner system; the answer shows its signing secret once."""
    form = WebhookSubscriptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.subscription_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _secret_page(request, subscription, secret, rotated=False)
    return render(request, "webhooks/subscription_form.html", {"form": form})


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
def subscription_detail(request, pk: int):
    """One subscription and its delivery log, newest first; failures in red with the reason."""
    subscription = get_object_or_404(subscription_visible_to(request.user), pk=pk)
    page = Paginator(subscription_delivery_list(subscription), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/subscription_detail.html",
        {"subscription": subscription, "page_obj": page, "deliveries": page.object_list},
    )


def _act(request, pk: int, action) -> tuple:
    subscription = get_object_or_404(subscription_visible_to(request.user), pk=pk)
    try:
        return subscription, action(subscription=subscription, by_user=request.user), None
    except ValidationError as exc:
        return subscription, None, " ".join(exc.messages)


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
@require_POST
def subscription_pause(request, pk: int):
    """Stop sending to the partner; pending deliveries are cancelled."""
    subscription, _done, _error = _act(request, pk, services.subscription_pause)
    messages.success(request, _("Webhook %(name)s dijeda.") % {"name": subscription.name})
    return redirect(subscription)


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
@require_POST
def subscription_resume(request, pk: int):
    """Send to the partner again from now on."""
    subscription, _done, _error = _act(request, pk, services.subscription_resume)
    messages.success(request, _("Webhook %(name)s aktif kembali.") % {"name": subscription.name})
    return redirect(subscription)


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
@require_POST
def subscription_delete(request, pk: int):
    """Remove the subscription (its delivery log stays in the notifications log)."""
    subscription, _done, _error = _act(request, pk, services.subscription_delete)
    messages.success(request, _("Webhook %(name)s dihapus.") % {"name": subscription.name})
    return redirect("webhooks:subscription_list")


@never_cache
@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
@require_POST
def subscription_rotate(request, pk: int):
    """A new signing secret, shown once; the old one signs nothing from now on."""
    subscription, done, _error = _act(request, pk, services.subscription_secret_rotate)
    subscription, secret = done
    return _secret_page(request, subscription, secret, rotated=True)


@login_required
@permission_required(MANAGE_PERMISSION, raise_exception=True)
@require_POST
def subscription_test(request, pk: int):
    """Send a signed ``webhook.test`` event now; its delivery shows in the log below."""
    subscription, _done, error = _act(request, pk, services.subscription_test_send)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Peristiwa uji dikirim; hasilnya tampil di log pengiriman."))
    return redirect(subscription)
