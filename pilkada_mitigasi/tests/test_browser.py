"""A person's first journey, in a real Chromium: log in, read Indonesian, switch to English, log out."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_home_in_indonesian_switch_to_english_and_logout(live_server, page):
    get_user_model().objects.create_user("camat.demo", password="rahasia-123", first_name="Rudi")
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "camat.demo")
    page.fill("input[name=password]", "rahasia-123")
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=home-title]")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.inner_text("[data-testid=whoami]") == "Anda masuk sebagai Rudi."

    page.click("[data-testid=lang-en]")
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("[data-testid=whoami]") == "You are logged in as Rudi."
    assert page.inner_text("[data-testid=home-title]") == "Coordinating Pilkada conflict mitigation"

    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_selector("[data-testid=login-form]")
    assert "/masuk/" in page.url
