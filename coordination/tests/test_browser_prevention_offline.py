"""The preventive activity's phone form without signal, in a real Chromium: the form opens from the
phone, takes the activity with a photo, shows it waiting, and records it exactly once when the signal
returns (the same mechanism as the field report: static/js/offline.js and the service worker)."""

import pytest

from coordination.models import PreventiveActivity
from core.testing import wait_until
from incidents.tests.files import png_bytes
from mfa.testing import browser_login
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/koordinasi/pencegahan/baru/"
FORM_KEPT = f"caches.open('pm-pages').then(c => c.match('{FORM}')).then(r => !!r)"


def test_an_activity_logged_without_signal_is_recorded_once_when_the_signal_returns(
    live_server, page, context, kutim, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    kapolsek = user_with_office(Office.KAPOLSEK, "64.08.04", username="kapolsek.luring")
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    photo = tmp_path / "patroli.png"
    photo.write_bytes(png_bytes(4, 4))

    # With signal: the phone keeps the form and what it needs.
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, live_server.url, "kapolsek.luring")
    page.goto(f"{live_server.url}{FORM}")
    # (Polled: the page's CSP forbids the eval that wait_for_function needs.)
    wait_until(lambda: page.evaluate(FORM_KEPT), timeout=30)
    page.reload()
    wait_until(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), timeout=30)

    # No signal: the form opens from the phone and takes the activity.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("[data-testid=prevention-form]")
    page.check("input[name=kind][value=patroli]")
    page.select_option("select[name=desa]", str(desa.pk))
    page.fill("input[name=place]", "Dermaga Kenyamukan")
    page.fill("input[name=participant_count]", "7")
    page.fill("textarea[name=notes]", "Patroli perairan tanpa sinyal.")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("[data-testid=prevention-submit]")

    page.wait_for_selector("[data-testid=outbox-badge]:has-text('Menunggu dikirim (1)')")
    page.wait_for_selector("[data-testid=outbox-item]:has-text('Patroli')")
    assert "kegiatan disimpan di ponsel" in page.inner_text("[data-testid=outbox-status]")
    assert page.input_value("input[name=place]") == ""  # ready for the next one, with a new id
    assert not PreventiveActivity.objects.exists()

    # The signal returns: it is sent by itself, once, with its photo.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("[data-testid=outbox-badge]", state="hidden", timeout=30_000)
    activity = wait_until(lambda: PreventiveActivity.objects.first(), timeout=30)
    assert activity.created_by == kapolsek
    assert activity.area == desa
    assert activity.place == "Dermaga Kenyamukan"
    assert activity.participant_count == 7
    assert activity.photos.count() == 1
    assert activity.client_id is not None

    # Another round of sending (the page reopened, the online event) records nothing again.
    page.goto(f"{live_server.url}{FORM}")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("[data-testid=prevention-form]")
    assert page.is_hidden("[data-testid=outbox-badge]")
    assert PreventiveActivity.objects.count() == 1
