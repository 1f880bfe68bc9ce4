"""In a real Chromium with a real worker: a severity-4 clash alerts the kecamatan's Tiga Pilar, one acknowledges."""

import re

import pytest

from incidents.models import Incident
from mfa.testing import browser_login
from notifications.models import InboxItem, OutboxEmail
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, Forum, ForumSeat
from stakeholders.tests.factories import user_with_office

from .conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clash_alerts_forkopimcam_and_the_first_acknowledgement_stops_the_escalation(
    live_server, page, browser, kutim, settings, celery_worker
):
    settings.EMAIL_BACKEND = "notifications.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    camat = user_with_office(Office.CAMAT, "64.08.04", username="camat", first_name="Rudi", last_name="Camat")
    kapolsek = user_with_office(
        Office.KAPOLSEK, "64.08.04", username="kapolsek", first_name="Kompol", last_name="Jaya"
    )
    for user in (camat, kapolsek):
        ContactPoint.objects.create(person=user.person, kind=ContactKind.EMAIL, value=f"{user.username}@contoh.invalid", verified=True)  # fmt: skip
    forum = Forum.objects.create(kind=ForumKind.FORKOPIMCAM, area=AdminUnit.objects.get(code="64.08.04"), name="Forkopimcam Sangatta Utara")  # fmt: skip
    for order, office in enumerate((Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL), start=1):
        ForumSeat.objects.create(forum=forum, office=office, order=order)

    # The kecamatan operator reports a severity-4 clash in a desa.
    browser_login(page, live_server.url, "camat")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")
    page.goto(f"{live_server.url}/insiden/lapor/")
    page.fill("input[name=title]", "Bentrok antarpendukung di depan posko")
    page.fill("textarea[name=chronology]", "Dua kelompok pendukung saling lempar batu; dua orang luka.")
    page.select_option("select[name=category]", label="Bentrok antarpendukung / kericuhan massa")
    page.check("input[name=severity][value='4']")
    page.fill("input[name=occurred_at]", "2024-10-10T08:00")
    page.fill("input[name=known_at]", "2024-10-10T09:00")
    page.select_option("select[name=kecamatan]", str(AdminUnit.objects.get(code="64.08.04").pk))
    page.select_option("select[name=desa]", str(AdminUnit.objects.get(code="64.08.04.2001").pk))
    page.click("[data-testid=report-submit]")
    page.wait_for_selector("[data-testid=incident-number]")
    assert page.locator("[data-testid=escalation-started]").count() == 1
    incident = Incident.objects.get(number=page.inner_text("[data-testid=incident-number]").strip())

    # The worker runs step 1: the Forkopimcam members get the alert in the app and by email (outbox).
    assert wait_until(lambda: OutboxEmail.objects.count() == 2, timeout=20)
    assert InboxItem.objects.filter(person=kapolsek.person, message__text__contains=incident.number).exists()
    page.goto(f"{live_server.url}/notifikasi/kotak-masuk/")
    assert incident.number in page.inner_text("[data-testid=inbox-list]")
    email = OutboxEmail.objects.get(to="kapolsek@contoh.invalid")
    link = re.search(r"https?://\S+/insiden/konfirmasi/\S+/", email.body).group(0)

    # The kapolsek opens the link from the email (no login needed) and acknowledges.
    other = browser.new_context()
    ack_page = other.new_page()
    ack_page.goto(link)
    ack_page.click("[data-testid=ack-confirm]")
    ack_page.wait_for_selector("[data-testid=ack-status]")
    assert "Dikonfirmasi oleh Kompol Jaya" in ack_page.inner_text("[data-testid=ack-status]")
    other.close()

    # The incident page shows who acknowledged and that no later step ran.
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    page.wait_for_selector("[data-testid=escalation-panel]")
    assert "Kompol Jaya" in page.inner_text("[data-testid=acknowledged-by]")
    assert page.locator("[data-testid=escalation-run]").count() == 1
    assert page.locator("[data-testid=no-next-step]").count() == 1
    escalation = incident.escalations.get()
    assert escalation.runs.count() == 1
    assert escalation.status == "dikonfirmasi"
