"""The offline report form in a real Chromium: the form opens and takes a report with a photo without
signal, shows it waiting, and sends it exactly once when the signal returns."""

import pytest
from django.utils import timezone

from core.testing import wait_until
from incidents.models import Incident
from incidents.tests.files import png_bytes
from mfa.testing import browser_login
from regions.models import AdminUnit
from regions.selectors import adminunit_containing_point
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_KEPT = "caches.open('pm-pages').then(c => c.match('/insiden/lapor/')).then(r => !!r)"


def test_a_report_written_without_signal_is_sent_once_when_the_signal_returns(
    live_server, page, context, kutim, tmp_path
):
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor")
    kecamatan = AdminUnit.objects.get(code="64.08.04")
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    lat, lng = kecamatan.centroid_lat, kecamatan.centroid_lng
    assert adminunit_containing_point(lat=lat, lng=lng, level="kecamatan") == kecamatan
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": lat, "longitude": lng})
    photo = tmp_path / "kamera.png"
    photo.write_bytes(png_bytes(4, 4))

    # With signal: the reporter logs in once; the phone keeps the form and what it needs.
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, live_server.url, "pelapor")
    page.goto(f"{live_server.url}/insiden/lapor/")
    # (Polled from here: the page's CSP forbids the eval that wait_for_function needs.)
    wait_until(lambda: page.evaluate(FORM_KEPT), timeout=30)
    page.reload()
    wait_until(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), timeout=30)

    # No signal: the form still opens, and takes the report with a photo and the GPS point.
    context.set_offline(True)
    page.goto(f"{live_server.url}/insiden/")  # a page not kept: the phone offers the report form
    page.wait_for_selector("[data-testid=report-form]")
    page.reload()
    page.wait_for_selector("[data-testid=report-form]")
    before = timezone.now()
    page.fill("input[name=title]", "Massa menghadang kotak suara")
    page.fill("textarea[name=chronology]", "Sekelompok orang menghadang perahu pembawa kotak suara.")
    page.select_option("select[name=category]", label="Bentrok antarpendukung / kericuhan massa")
    page.check("input[name=severity][value='4']")
    page.fill("input[name=occurred_at]", "2024-11-27T08:00")
    page.fill("input[name=known_at]", "2024-11-27T08:30")
    page.select_option("select[name=kecamatan]", str(kecamatan.pk))
    page.select_option("select[name=desa]", str(desa.pk))
    page.click("[data-gps-button]")
    wait_until(lambda: page.input_value("[data-gps-lat]"), timeout=15)
    page.set_input_files("input[name=photo]", str(photo))
    page.click("[data-testid=report-submit]")

    page.wait_for_selector("[data-testid=outbox-badge]:has-text('Menunggu dikirim (1)')")
    page.wait_for_selector("[data-testid=outbox-item]:has-text('Massa menghadang kotak suara')")
    assert "disimpan di ponsel" in page.inner_text("[data-testid=outbox-status]")
    # The form is empty again, ready for the next report, with a new id.
    assert page.input_value("input[name=title]") == ""
    # Still waiting after the page is opened again without signal.
    page.reload()
    page.wait_for_selector("[data-testid=outbox-badge]:has-text('Menunggu dikirim (1)')")
    assert not Incident.objects.exists()
    written_by = timezone.now()

    # The signal returns: the report is sent by itself, once, with its photo, place and time.
    context.set_offline(False)
    page.wait_for_selector("[data-testid=outbox-badge]", state="hidden", timeout=30_000)
    incident = wait_until(lambda: Incident.objects.first(), timeout=30)
    assert incident.title == "Massa menghadang kotak suara"
    assert incident.reporter == reporter
    assert incident.area == desa
    assert incident.evidence.get().kind == "foto"
    assert (round(incident.lat, 5), round(incident.lng, 5)) == (round(lat, 5), round(lng, 5))
    assert before <= incident.reported_at <= written_by
    assert incident.client_id is not None
    page.wait_for_selector(f"[data-testid=outbox-status]:has-text('{incident.number}')")

    # Another round of sending (the page reopened, the retry timer) sends nothing again.
    page.goto(f"{live_server.url}/insiden/lapor/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("[data-testid=report-form]")
    assert page.is_hidden("[data-testid=outbox-badge]")
    assert Incident.objects.count() == 1
