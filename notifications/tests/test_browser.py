"""In a real Chromium: an alert arrives while the page is open, the badge shows it, reading clears it."""

import pytest

from mfa.testing import browser_login
from notifications.services import notification_send
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_unread_badge_updates_without_reloading_and_clears_when_read(live_server, page, kutim, settings):
    settings.NOTIFICATIONS_BADGE_POLL_S = 1
    user = user_with_office(Office.CAMAT, "64.08.04", username="camat.badge")
    browser_login(page, live_server.url, "camat.badge")
    page.wait_for_selector("[data-testid=home-title]")
    assert page.locator("[data-testid=inbox-unread-count]").count() == 0

    notification_send(
        text="Bentrokan di Sangatta Utara",
        recipients=[user.person],
        idempotency_key="browser-1",
        link=f"{live_server.url}/",
    )
    page.wait_for_selector("[data-testid=inbox-unread-count]", timeout=10_000)
    assert page.inner_text("[data-testid=inbox-unread-count]") == "1"

    page.click("[data-testid=nav-notifications]")
    page.wait_for_selector("[data-testid=inbox-item]")
    assert "Bentrokan di Sangatta Utara" in page.inner_text("[data-testid=inbox-list]")
    page.click("[data-testid=inbox-mark-read]")
    page.wait_for_selector("[data-testid=inbox-mark-read]", state="detached")
    page.wait_for_selector("[data-testid=inbox-unread-count]", state="detached", timeout=10_000)
