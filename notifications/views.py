"""Pages of notifications: the in-app inbox and its badge, the delivery log with retry, the email outbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stakeholders.selectors import access_profile, person_visible_to

from . import services
from .filters import DeliveryFilterSet
from .selectors import delivery_visible_to, inbox_item_visible_to, inbox_unread_count, outbox_email_visible_to

PAGE_SIZE = 25


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _person_id_or_403(request) -> int:
    person_id = access_profile(request.user).person_id
    if person_id is None:
        raise PermissionDenied(_("Akun ini belum terhubung dengan data orang, jadi tidak punya kotak masuk."))
    return person_id


@login_required
def index(request):
    """The user's in-app inbox, newest first, paginated."""
    _person_id_or_403(request)
    items = inbox_item_visible_to(request.user)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inboxitem_list.html",
        {"page_obj": page, "items": page.object_list, "unread": inbox_unread_count(request.user)},
    )


def inbox_badge(request):
    """The unread count for the navigation (polled by htmx); empty, not a redirect, when logged out."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request, "notifications/partials/inbox_badge.html", {"unread": inbox_unread_count(request.user)}
    )


@login_required
@require_POST
def inboxitem_read(request, pk: int):
    """Mark one inbox item read; htmx gets the item back, a plain form goes back to the inbox."""
    _person_id_or_403(request)
    item = get_object_or_404(inbox_item_visible_to(request.user), pk=pk)
    services.inbox_item_mark_read(item=item)
    if request.htmx:
        response = render(request, "notifications/partials/inboxitem.html", {"item": item})
        response["HX-Trigger"] = "inbox-changed"
        return response
    return redirect("notifications:index")


@login_required
@require_POST
def inboxitem_open(request, pk: int):
    """Mark the item read and follow the message's link (or return to the inbox when it has none)."""
    _person_id_or_403(request)
    item = get_object_or_404(inbox_item_visible_to(request.user), pk=pk)
    services.inbox_item_mark_read(item=item)
    if item.message.link:
        return HttpResponseRedirect(item.message.link)
    return redirect("notifications:index")


@login_required
@require_POST
def inbox_mark_all_read(request):
    """Mark every unread item of the user's inbox read."""
    person_id = _person_id_or_403(request)
    count = services.inbox_mark_all_read(person_id=person_id)
    messages.success(request, _("%(count)d notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("notifications:index")


@login_required
@permission_required("notifications.view_delivery", raise_exception=True)
def delivery_list(request):
    """The delivery log for administrators: filters, paginated, with attempts and errors."""
    filterset = DeliveryFilterSet(
        request.GET or None,
        queryset=delivery_visible_to(request.user),
        people=person_visible_to(request.user).only("id", "full_name", "honorific", "degrees"),
    )
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/delivery_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "deliveries": page.object_list,
            "query_string": _query_string(request),
        },
    )


@login_required
@permission_required("notifications.retry_delivery", raise_exception=True)
@require_POST
def delivery_retry(request, pk: int):
    """Retry a failed delivery by hand; htmx gets the updated row."""
    delivery = get_object_or_404(delivery_visible_to(request.user), pk=pk)
    error = ""
    try:
        delivery = services.delivery_retry(delivery=delivery, by_user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        delivery = delivery_visible_to(request.user).get(pk=delivery.pk)
        return render(
            request,
            "notifications/partials/delivery_row.html",
            {"delivery": delivery, "error": error, "retried": not error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Pengiriman dijadwalkan ulang."))
    return redirect(reverse("notifications:delivery_list"))


@login_required
@permission_required("notifications.view_outboxemail", raise_exception=True)
def outboxemail_list(request):
    """The local email outbox (emails kept instead of sent when no SMTP server is configured)."""
    page = Paginator(outbox_email_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/outboxemail_list.html", {"page_obj": page, "emails": page.object_list}
    )


@login_required
@permission_required("notifications.view_outboxemail", raise_exception=True)
def outboxemail_detail(request, pk: int):
    """One email of the local outbox, its links clickable."""
    email = get_object_or_404(outbox_email_visible_to(request.user), pk=pk)
    return render(request, "notifications/outboxemail_detail.html", {"email": email})


# --- broadcasts ---------------------------------------------------------------------------------


@login_required
@permission_required("notifications.view_broadcast", raise_exception=True)
def broadcast_list(request):
    """The broadcasts the user may read, newest first, with a button to send one."""
    from .selectors import broadcast_visible_to

    page = Paginator(broadcast_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/broadcast_list.html", {"page_obj": page, "broadcasts": page.object_list}
    )


@login_required
@permission_required("notifications.add_broadcast", raise_exception=True)
def broadcast_create(request):
    """Send a message to a forum, an office across the sender's areas or chosen people."""
    from .forms import BroadcastForm
    from .services import broadcast_send

    form = BroadcastForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            broadcast = broadcast_send(
                by_user=request.user,
                text=form.cleaned_data["text"],
                long_text=form.cleaned_data["long_text"],
                **form.audience_kwargs(),
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Siaran dikirim kepada %(n)s orang.") % {"n": broadcast.recipients_count}
            )
            return redirect("notifications:broadcast_detail", pk=broadcast.pk)
    return render(request, "notifications/broadcast_form.html", {"form": form})


@login_required
@permission_required("notifications.view_broadcast", raise_exception=True)
def broadcast_detail(request, pk: int):
    """Who the broadcast reached: reached, waiting, not reached with the reasons."""
    from .choices import Reach
    from .selectors import broadcast_reach, broadcast_visible_to

    broadcast = get_object_or_404(broadcast_visible_to(request.user), pk=pk)
    reach = broadcast_reach(broadcast)
    counts = {state: sum(1 for r in reach if r.state == state) for state in Reach.values}
    return render(
        request,
        "notifications/broadcast_detail.html",
        {
            "broadcast": broadcast,
            "reach": reach,
            "reached": counts[Reach.REACHED],
            "waiting": counts[Reach.WAITING],
            "not_reached": counts[Reach.NOT_REACHED],
            "pending": any(d.is_pending for r in reach for d in r.deliveries),
        },
    )
