"""With several kabupaten served, a kabupaten's Kesbangpol reads the delivery log and the email outbox
of the people of its own kabupaten; the other kabupaten's are out of scope (404), and the installation's
administrators keep reading everything."""

import pytest
from django.urls import reverse

from mfa.testing import force_login_verified
from notifications.models import OutboxEmail
from notifications.selectors import delivery_visible_to, outbox_email_visible_to
from notifications.services import notification_send
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, Office
from stakeholders.tests.factories import ContactPointFactory, PositionFactory, user_with_office

pytestmark = pytest.mark.django_db

BONTANG = "64.74"


def _staff(code: str, email: str):
    """Someone holding an office in a kecamatan, with an email contact and one message delivered."""
    contact = ContactPointFactory(kind=ContactKind.EMAIL, value=email)
    PositionFactory(person=contact.person, office=Office.SEKCAM, area=AdminUnit.objects.get(code=code))
    message = notification_send(
        text=f"Uji {code}", recipients=[contact.person], idempotency_key=f"uji-{code}"
    )
    email_row = OutboxEmail.objects.create(
        subject="Uji", from_email="noreply@contoh.invalid", to=email, body="-"
    )
    return message.deliveries.order_by("pk").first(), email_row


@pytest.fixture
def two_kabupaten(bontang):
    return {
        "64.08": _staff("64.08.04", "staf.kutim@contoh.invalid"),
        BONTANG: _staff("64.74.01", "staf.bontang@contoh.invalid"),
    }


def _admin(code: str):
    return user_with_office(Office.OPERATOR_KESBANGPOL, code)


@pytest.mark.parametrize(("own", "other"), [("64.08", BONTANG), (BONTANG, "64.08")])
def test_a_kabupaten_administrator_reads_the_log_of_their_own_kabupaten_only(two_kabupaten, own, other):
    admin = _admin(own)
    deliveries = set(delivery_visible_to(admin))
    assert two_kabupaten[own][0] in deliveries
    assert two_kabupaten[other][0] not in deliveries


@pytest.mark.parametrize(("own", "other"), [("64.08", BONTANG), (BONTANG, "64.08")])
def test_a_kabupaten_administrator_reads_the_outbox_of_their_own_kabupaten_only(two_kabupaten, own, other):
    admin = _admin(own)
    emails = set(outbox_email_visible_to(admin))
    assert two_kabupaten[own][1] in emails
    assert two_kabupaten[other][1] not in emails


def test_the_outbox_email_of_the_other_kabupaten_is_a_404(client, two_kabupaten):
    force_login_verified(client, _admin("64.08"))
    own, other = two_kabupaten["64.08"][1], two_kabupaten[BONTANG][1]
    assert client.get(reverse("notifications:outboxemail_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("notifications:outboxemail_detail", args=[other.pk])).status_code == 404


def test_the_delivery_log_page_lists_the_own_kabupatens_deliveries(client, two_kabupaten):
    force_login_verified(client, _admin(BONTANG))
    page = client.get(reverse("notifications:delivery_list")).content.decode()
    assert "Uji 64.74" in page
    assert "Uji 64.08" not in page


def test_a_superuser_reads_both_kabupaten(two_kabupaten):
    superuser = _admin("64.08")
    superuser.is_superuser = True
    superuser.save()
    assert {d.pk for d in delivery_visible_to(superuser)} >= {two_kabupaten[c][0].pk for c in two_kabupaten}
    assert {e.pk for e in outbox_email_visible_to(superuser)} >= {
        two_kabupaten[c][1].pk for c in two_kabupaten
    }


def test_a_camat_reads_no_log(two_kabupaten):
    camat = user_with_office(Office.CAMAT, "64.08.04")
    assert not delivery_visible_to(camat).exists()
    assert not outbox_email_visible_to(camat).exists()


def test_a_kabupaten_administrator_reads_the_broadcasts_of_their_own_kecamatan(two_kabupaten):
    """A camat's broadcast carries the kecamatan's code; the kabupaten above it reads it, the other not."""
    from notifications.models import Broadcast
    from notifications.selectors import broadcast_visible_to

    camat = user_with_office(Office.CAMAT, "64.08.04")
    sent = Broadcast.objects.create(
        text="Uji siaran",
        audience="jabatan",
        audience_label="Semua Kepala Desa",
        area_codes=["64.08.04"],
        message_key="uji-siaran-64.08.04",
        sent_by=camat,
    )
    assert sent in broadcast_visible_to(_admin("64.08"))
    assert sent not in broadcast_visible_to(_admin(BONTANG))
    assert sent not in broadcast_visible_to(user_with_office(Office.CAMAT, "64.08.09"))
    assert sent in broadcast_visible_to(camat)
