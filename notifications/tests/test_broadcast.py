"""Broadcasts: a kabupaten or kecamatan administrator tells a forum, an office or chosen people something,
through the same channels and delivery log, and sees who was reached.

Real PostgreSQL; Telegram is a local HTTP server.
"""

import pytest
from django.test import Client

from core.testing import ViewAccessCase, assert_view_access
from escalation.tests.factories import forum_holders
from notifications.choices import PENDING_STATUSES
from notifications.models import Broadcast, Delivery
from notifications.services import delivery_perform
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, Forum
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def forkopimcam(kutim):
    camat, kapolsek, danramil = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL], contact=None
    )
    ContactPoint.objects.create(person=camat, kind=ContactKind.TELEGRAM, value="4242", verified=True)
    ContactPoint.objects.create(person=kapolsek, kind=ContactKind.TELEGRAM, value="4343", verified=True)
    return camat, kapolsek, danramil


def test_kesbangpol_tells_a_forum_and_sees_who_was_reached(forkopimcam, providers, kutim):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": True, "result": {"message_id": 3}}
    )
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", first_name="Sri", last_name="Admin")
    client = Client()
    client.force_login(admin)
    forum = Forum.objects.get(kind=ForumKind.FORKOPIMCAM, area__code="64.08.04")
    response = client.post(
        "/notifikasi/siaran/baru/",
        {"text": "Rakor besok 09.00 di kantor camat", "audience": "forum", "forum": forum.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    broadcast = Broadcast.objects.get()
    assert broadcast.recipients_count == 3
    assert broadcast.sent_by == admin
    for delivery in Delivery.objects.filter(status__in=PENDING_STATUSES):
        delivery_perform(delivery_id=delivery.pk)
    page = client.get(response["Location"]).content.decode()
    assert "2 dari 3 orang terjangkau" in page
    assert "1 tidak terjangkau" in page
    assert page.count('data-state="tidak_terjangkau"') == 1
    texts = [request.get_json()["text"] for request, _ in providers.log]
    assert all(text.startswith("Rakor besok 09.00 di kantor camat (Sri Admin)") for text in texts)
    assert len(texts) == 2
    # The same delivery log as every message.
    assert Delivery.objects.filter(message__idempotency_key=broadcast.message_key).count() >= 3


def test_an_office_across_areas_goes_only_to_the_senders_areas(forkopimcam, kutim):
    forum_holders(ForumKind.FORKOPIMCAM, "64.08.09", [Office.CAMAT, Office.KAPOLSEK])
    camat_user = user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator.siaran")
    client = Client()
    client.force_login(camat_user)
    response = client.post(
        "/notifikasi/siaran/baru/", {"text": "Apel siaga", "audience": "jabatan", "office": "kapolsek"}
    )
    assert response.status_code == 302
    broadcast = Broadcast.objects.get()
    people = set(
        Delivery.objects.filter(message__idempotency_key=broadcast.message_key).values_list(
            "person__full_name", flat=True
        )
    )
    assert people == {str(forkopimcam[1])}


def test_a_broadcast_without_its_audience_is_refused_on_the_field(kutim):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    client = Client()
    client.force_login(admin)
    page = client.post("/notifikasi/siaran/baru/", {"text": "Rakor", "audience": "forum"})
    assert page.status_code == 200
    assert "Pilih forumnya." in page.content.decode()
    assert not Broadcast.objects.exists()


def test_broadcast_pages_are_for_administrators_and_in_scope(forkopimcam, kutim):
    from notifications.services import broadcast_send

    camat = user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator.siaran2")
    other = user_with_office(Office.OPERATOR_KECAMATAN, "64.08.09", username="operator.lain")
    kapolsek = user_with_office(Office.BHABINKAMTIBMAS, "64.08.04.2001", username="bhabin.siaran")
    broadcast = broadcast_send(by_user=camat, text="Rakor", people=[forkopimcam[0]])
    assert_view_access(
        ViewAccessCase(
            url=f"/notifikasi/siaran/{broadcast.pk}/",
            without_permission=kapolsek,
            in_scope=camat,
            out_of_scope=other,
        )
    )
