"""The administrators' pages: who may open them, the secret shown once, field messages, the log."""

import pytest
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from notifications.choices import DeliveryStatus, FailureReason
from notifications.models import Delivery
from notifications.services import delivery_perform
from regions.models import AdminUnit
from webhooks.choices import WebhookEvent
from webhooks.models import WebhookSubscription
from webhooks.services import subscription_create, subscription_pause
from webhooks.signing import secret_decrypt

pytestmark = pytest.mark.django_db

URL = "https://mitra.example.invalid/webhook"


def _subscription(by_user, *, url=URL, area="64.08"):
    subscription, _secret = subscription_create(
        name="Polres Kutim",
        url=url,
        events=[WebhookEvent.INCIDENT_CREATED],
        area=AdminUnit.objects.get(code=area),
        by_user=by_user,
    )
    return subscription


def _form(**fields):
    data = {"name": "Bawaslu Kutim", "url": URL, "events": [WebhookEvent.INCIDENT_CREATED], "area": ""}
    data.update(fields)
    return data


@pytest.mark.parametrize("name", ["subscription_list", "subscription_create"])
def test_only_kabupaten_administrators_open_the_pages(name, kab_admin, operator):
    assert_view_access(
        ViewAccessCase(url=reverse(f"webhooks:{name}"), without_permission=operator, in_scope=kab_admin)
    )


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("subscription_detail", 200),
        ("subscription_pause", 302),
        ("subscription_resume", 302),
        ("subscription_rotate", 200),
        ("subscription_test", 302),
        ("subscription_delete", 302),
    ],
)
def test_the_pages_of_one_subscription_are_for_its_administrators(name, ok, kab_admin, operator, viewer):
    subscription = _subscription(kab_admin)
    method = "get" if name == "subscription_detail" else "post"
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"webhooks:{name}", args=[subscription.pk]),
            method=method,
            without_permission=viewer if method == "get" else operator,
            in_scope=kab_admin,
            ok_status=(ok,),
        )
    )


def test_registering_shows_the_secret_once_and_keeps_it_only_encrypted(client, kab_admin, kutim):
    client.force_login(kab_admin)
    response = client.post(reverse("webhooks:subscription_create"), _form(area=kutim.pk))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    secret = response.context["secret"]
    assert secret.startswith("whsec_")
    assert secret in response.content.decode()
    subscription = WebhookSubscription.objects.get()
    assert secret not in subscription.secret_encrypted
    assert secret_decrypt(subscription.secret_encrypted) == secret
    assert (subscription.created_by, subscription.area_code) == (kab_admin, "64.08")
    assert subscription.history.get().history_user == kab_admin
    detail = client.get(subscription.get_absolute_url()).content.decode()
    assert secret not in detail
    assert subscription.secret_hint in detail


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bukan url", "Masukkan URL lengkap"),
        ("http://mitra.example.invalid/webhook", "URL harus memakai https://"),
        ("https://user:sandi@mitra.example.invalid/webhook", "Jangan menaruh nama pengguna"),
    ],
)
def test_a_bad_url_gets_a_message_at_the_field_and_nothing_is_saved(client, kab_admin, kutim, url, message):
    client.force_login(kab_admin)
    response = client.post(reverse("webhooks:subscription_create"), _form(area=kutim.pk, url=url))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["url"])
    assert not WebhookSubscription.objects.exists()


def test_no_event_chosen_is_refused_at_the_field(client, kab_admin, kutim):
    client.force_login(kab_admin)
    response = client.post(reverse("webhooks:subscription_create"), _form(area=kutim.pk, events=[]))
    assert response.context["form"].errors["events"]
    assert not WebhookSubscription.objects.exists()


def test_http_to_localhost_is_allowed_outside_production_only(kab_admin, settings):
    from django.core.exceptions import ValidationError

    from webhooks.services import url_check

    assert url_check("http://127.0.0.1:8080/hook") == "http://127.0.0.1:8080/hook"
    settings.PRODUCTION = True
    with pytest.raises(ValidationError, match="https://"):
        url_check("http://127.0.0.1:8080/hook")


def test_rotating_shows_a_new_secret_once(client, kab_admin):
    subscription = _subscription(kab_admin)
    old = secret_decrypt(subscription.secret_encrypted)
    client.force_login(kab_admin)
    response = client.post(reverse("webhooks:subscription_rotate", args=[subscription.pk]))
    new = response.context["secret"]
    assert new != old
    subscription.refresh_from_db()
    assert secret_decrypt(subscription.secret_encrypted) == new
    assert subscription.secret_rotated_at is not None


def test_a_test_event_of_a_paused_subscription_is_refused_with_a_message(client, kab_admin):
    subscription = _subscription(kab_admin)
    subscription_pause(subscription=subscription, by_user=kab_admin)
    client.force_login(kab_admin)
    response = client.post(reverse("webhooks:subscription_test", args=[subscription.pk]), follow=True)
    assert "sedang dijeda" in response.content.decode()
    assert not Delivery.objects.filter(message__group_key=subscription.group_key).exists()


def test_deleting_cancels_what_waits_and_keeps_the_history(client, kab_admin):
    subscription = _subscription(kab_admin)
    client.force_login(kab_admin)
    client.post(reverse("webhooks:subscription_test", args=[subscription.pk]))
    client.post(reverse("webhooks:subscription_delete", args=[subscription.pk]))
    assert not WebhookSubscription.objects.exists()
    assert WebhookSubscription.history.filter(history_type="-").count() == 1
    delivery = Delivery.objects.get(message__group_key=f"webhooks|{subscription.pk}")
    assert delivery.status == DeliveryStatus.CANCELLED


def test_the_log_shows_a_failure_in_red_with_the_reason_in_indonesian(
    client, kab_admin, django_assert_max_num_queries, settings
):
    settings.NOTIFICATIONS_HTTP_TIMEOUT_S = 0.5
    # Nothing listens on port 9 (discard): the connection is refused.
    subscription = _subscription(kab_admin, url="http://127.0.0.1:9/hook")
    client.force_login(kab_admin)
    for _ in range(3):
        client.post(reverse("webhooks:subscription_test", args=[subscription.pk]))
    for delivery in Delivery.objects.filter(message__group_key=subscription.group_key):
        Delivery.objects.filter(pk=delivery.pk).update(max_attempts=1)
        delivery_perform(delivery_id=delivery.pk)
    failed = Delivery.objects.filter(message__group_key=subscription.group_key, status=DeliveryStatus.FAILED)
    assert failed.count() == 3
    client.get(subscription.get_absolute_url())  # the session and the access profile warm up
    with django_assert_max_num_queries(12):
        response = client.get(subscription.get_absolute_url())
    body = response.content.decode()
    assert body.count('class="text-danger" data-testid="webhook-delivery-reason"') == 3
    assert str(FailureReason.UNREACHABLE.label) in body


def test_the_list_takes_a_fixed_number_of_queries(client, kab_admin, django_assert_max_num_queries):
    for n in range(30):
        _subscription(kab_admin, url=f"https://mitra{n}.example.invalid/webhook")
    client.force_login(kab_admin)
    client.get(reverse("webhooks:subscription_list"))  # the session and the access profile warm up
    with django_assert_max_num_queries(8):
        response = client.get(reverse("webhooks:subscription_list"))
    assert len(response.context["subscriptions"]) == 25
