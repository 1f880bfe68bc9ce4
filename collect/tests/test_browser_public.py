"""The public form in a real Chromium: the browser's proof of work under the strict CSP, then the send."""

import pytest
from django.core.cache import cache

from core.testing import wait_until
from intake.choices import IntakeChannel
from intake.models import UnverifiedIntake
from regions.models import AdminUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_sends_a_report_after_the_browsers_proof_of_work(live_server, page, kutim, settings):
    settings.PUBLIC_REPORT_FORM_ENABLED = True
    settings.PUBLIC_REPORT_POW_BITS = 12
    cache.clear()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/lapor-publik/")
    page.fill("textarea[name=text]", "Ada pembagian sembako dari tim sukses di balai desa.")
    page.select_option("select[name=kecamatan]", str(AdminUnit.objects.get(code="64.08.04").pk))
    page.fill("input[name=contact]", "warga@example.org")
    # The send button waits for the proof of work (polled from here: the CSP forbids eval).
    wait_until(lambda: page.input_value("[data-pow-answer]"), timeout=60)
    assert page.is_enabled("[data-testid=public-report-submit]")
    page.click("[data-testid=public-report-submit]")
    page.wait_for_selector("[data-testid=public-report-thanks]")
    intake = UnverifiedIntake.objects.get()
    assert intake.channel == IntakeChannel.WEB
    assert intake.area.code == "64.08.04"
    assert intake.contact == "warga@example.org"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
