from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from notifications.choices import Channel, DeliveryStatus
from notifications.models import Delivery, InboxItem, OutboxEmail
from notifications.services import delivery_perform, notification_send
from stakeholders.choices import Office
from stakeholders.tests.factories import PersonFactory, UserFactory, user_with_office

from .factories import TELEGRAM, person_with_contacts


@pytest.fixture
def admin_user(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol")


@pytest.fixture
def camat(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", username="camat")


def _send(people, key="k-1", **kwargs):
    return notification_send(
        text="Bentrokan di Sangatta Utara", recipients=people, idempotency_key=key, **kwargs
    )


def _failed_delivery(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person], key="gagal").deliveries.get(channel=Channel.TELEGRAM)
    delivery_perform(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_inbox_access_anonymous_no_person_and_own(camat):
    assert_view_access(
        ViewAccessCase(url=reverse("notifications:index"), without_permission=UserFactory(), in_scope=camat)
    )


def test_inbox_shows_only_the_users_own_messages_with_the_unread_ones_marked(client, camat):
    _send([camat.person], link="https://contoh.invalid/insiden/1")
    _send([PersonFactory()], key="k-2", long_text="rahasia orang lain")
    client.force_login(camat)
    body = client.get(reverse("notifications:index")).content.decode()
    assert "Bentrokan di Sangatta Utara" in body
    assert "rahasia orang lain" not in body
    assert "Baru" in body


def test_marking_an_item_read_is_limited_to_the_owner(camat, kutim):
    item = _send([camat.person]).inbox_items.get()
    other = user_with_office(Office.CAMAT, "64.08.09", username="camat2")
    assert_view_access(
        ViewAccessCase(
            url=reverse("notifications:inboxitem_read", args=[item.pk]),
            method="post",
            without_permission=UserFactory(),
            in_scope=camat,
            out_of_scope=other,
            ok_status=(302,),
        )
    )
    item.refresh_from_db()
    assert item.read_at is not None


def test_marking_read_by_htmx_returns_the_item_and_tells_the_badge(client, camat):
    item = _send([camat.person]).inbox_items.get()
    client.force_login(camat)
    response = client.post(reverse("notifications:inboxitem_read", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "inbox-changed"
    assert f'id="inbox-item-{item.pk}"' in response.content.decode()


def test_opening_an_item_marks_it_read_and_follows_the_link(client, camat):
    item = _send([camat.person], link="https://contoh.invalid/insiden/1").inbox_items.get()
    client.force_login(camat)
    response = client.post(reverse("notifications:inboxitem_open", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "https://contoh.invalid/insiden/1"
    item.refresh_from_db()
    assert item.read_at is not None


def test_mark_all_read_empties_the_unread_count(client, camat):
    _send([camat.person])
    _send([camat.person], key="k-2")
    client.force_login(camat)
    client.post(reverse("notifications:inbox_mark_all_read"))
    assert not InboxItem.objects.filter(person=camat.person, read_at__isnull=True).exists()


def test_the_badge_shows_the_unread_count_and_nothing_for_anonymous(client, camat):
    _send([camat.person])
    _send([camat.person], key="k-2")
    assert client.get(reverse("notifications:inbox_badge")).status_code == 204
    client.force_login(camat)
    response = client.get(reverse("notifications:inbox_badge"))
    assert 'data-testid="inbox-unread-count"' in response.content.decode()
    assert ">2<" in response.content.decode()


def test_every_page_polls_the_badge_from_the_navigation(client, camat):
    client.force_login(camat)
    body = client.get(reverse("home")).content.decode()
    assert reverse("notifications:inbox_badge") in body
    assert "every 20s" in body


def test_delivery_log_access(admin_user, kutim):
    assert_view_access(
        ViewAccessCase(
            url=reverse("notifications:delivery_list"),
            without_permission=user_with_office(Office.BUPATI, "64.08", username="bupati"),
            in_scope=admin_user,
        )
    )


def test_delivery_log_filters_by_status_channel_person_and_period(client, admin_user, settings):
    failed = _failed_delivery(settings)
    other = person_with_contacts((TELEGRAM, "777"), full_name="Siti Aminah")
    _send([other], key="lain")
    old = _send([other], key="lama")
    Delivery.objects.filter(message=old).update(created_at=timezone.now() - timedelta(days=10))
    client.force_login(admin_user)
    url = reverse("notifications:delivery_list")
    rows = client.get(url, {"status": "failed", "channel": "telegram"}).context["deliveries"]
    assert [d.pk for d in rows] == [failed.pk]
    rows = client.get(url, {"channel": "telegram", "person": other.pk}).context["deliveries"]
    assert len(rows) == 2
    today = timezone.localdate().isoformat()
    rows = client.get(url, {"channel": "telegram", "person": other.pk, "date_from": today}).context[
        "deliveries"
    ]
    assert len(rows) == 1
    assert client.get(url, {"date_from": "bukan-tanggal"}).status_code == 200


def test_delivery_log_runs_a_fixed_number_of_queries(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    for n in range(30):
        _send([person_with_contacts((TELEGRAM, str(1000 + n)))], key=f"k-{n}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:delivery_list"))
    assert response.status_code == 200
    assert len(response.context["deliveries"]) == 25


def test_delivery_log_shows_the_attempts_and_their_errors(client, admin_user, settings):
    _failed_delivery(settings)
    client.force_login(admin_user)
    body = client.get(reverse("notifications:delivery_list")).content.decode()
    assert "Riwayat percobaan" in body
    assert "TELEGRAM_BOT_TOKEN is not set" in body


def test_delivery_retry_access(admin_user, settings, kutim):
    delivery = _failed_delivery(settings)
    assert_view_access(
        ViewAccessCase(
            url=reverse("notifications:delivery_retry", args=[delivery.pk]),
            method="post",
            without_permission=user_with_office(Office.BUPATI, "64.08", username="bupati"),
            in_scope=admin_user,
            ok_status=(302,),
        )
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED


def test_delivery_retry_by_htmx_returns_the_row_with_the_new_status(client, admin_user, settings):
    delivery = _failed_delivery(settings)
    client.force_login(admin_user)
    response = client.post(
        reverse("notifications:delivery_retry", args=[delivery.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'data-testid="retry-ok"' in body
    assert "Antre" in body


def test_retrying_a_delivery_that_did_not_fail_says_why_in_indonesian(client, admin_user):
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    client.force_login(admin_user)
    response = client.post(
        reverse("notifications:delivery_retry", args=[delivery.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Hanya pengiriman yang gagal yang dapat diulang." in response.content.decode()


def test_outbox_access_and_links_are_clickable(client, admin_user, settings):
    settings.EMAIL_BACKEND = "notifications.mail.OutboxBackend"
    person = person_with_contacts(("email", "budi@contoh.invalid"))
    delivery = _send([person], link="https://contoh.invalid/akui/abc").deliveries.get(channel=Channel.EMAIL)
    assert delivery_perform(delivery_id=delivery.pk)[0] == "sent"
    email = OutboxEmail.objects.get()
    assert email.to == "budi@contoh.invalid"
    bupati = user_with_office(Office.BUPATI, "64.08", username="bupati")
    assert_view_access(
        ViewAccessCase(
            url=reverse("notifications:outboxemail_list"), without_permission=bupati, in_scope=admin_user
        )
    )
    assert_view_access(
        ViewAccessCase(
            url=reverse("notifications:outboxemail_detail", args=[email.pk]),
            without_permission=bupati,
            in_scope=admin_user,
        )
    )
    client.force_login(admin_user)
    body = client.get(reverse("notifications:outboxemail_detail", args=[email.pk])).content.decode()
    assert '<a href="https://contoh.invalid/akui/abc"' in body


def test_inbox_runs_a_fixed_number_of_queries(client, camat, django_assert_max_num_queries):
    for n in range(30):
        _send([camat.person], key=f"k-{n}", link="https://contoh.invalid/x")
    client.force_login(camat)
    with django_assert_max_num_queries(9):  # +1: the session's second-factor device (django-otp)
        response = client.get(reverse("notifications:index"))
    assert len(response.context["items"]) == 25


def test_outbox_runs_a_fixed_number_of_queries(client, admin_user, django_assert_max_num_queries):
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(subject=f"Uji {n}", from_email="a@b.invalid", to="c@d.invalid", body="x")
            for n in range(30)
        ]
    )
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:outboxemail_list"))
    assert len(response.context["emails"]) == 25


def test_the_delivery_summary_partial_shows_each_recipient_channel_and_status(db):
    from django.template.loader import render_to_string

    from notifications.selectors import delivery_list_for_group

    person = person_with_contacts((TELEGRAM, "12345"), full_name="Siti Aminah")
    _send([person, PersonFactory(full_name="Tanpa Kontak")], group_key="insiden-9")
    html = render_to_string(
        "notifications/partials/delivery_summary.html",
        {"deliveries": delivery_list_for_group(group_key="insiden-9")},
    )
    assert "Siti Aminah" in html
    assert "Telegram" in html
    assert "Antre" in html
    assert "Tidak ada kontak" in html


def test_delivery_log_shows_the_reason_in_indonesian_and_keeps_the_raw_error(client, admin_user, settings):
    failed = _failed_delivery(settings)
    client.force_login(admin_user)
    page = client.get(reverse("notifications:delivery_list"), {"status": "failed"}).content.decode()
    assert "Kanal ini belum disiapkan di server (hubungi administrator)" in page
    assert "Tidak punya akun aktif di aplikasi" in page
    assert "TELEGRAM_BOT_TOKEN is not set" in page  # the operator's detail stays in the log
    assert failed.reason in page
