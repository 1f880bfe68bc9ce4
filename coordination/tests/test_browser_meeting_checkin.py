"""An organiser shows a meeting's attendance QR code; an invitee opens it on their own phone and is marked
present; someone not invited reads why not."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from coordination.choices import AttendanceMark
from coordination.services import meeting_create, meeting_invitees_add
from core.testing import wait_until
from mfa.testing import browser_login
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.models import Person
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invitee_marks_themselves_present_from_the_organisers_qr(live_server, page, kutim):
    organiser = user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator.rakor")
    invitee = user_with_office(Office.KAPOLSEK, "64.08.04", username="kapolsek.rakor")
    user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="tamu.rakor")
    meeting = meeting_create(
        title="Rakor LO pasangan calon",
        group_label="LO pasangan calon",
        area=AdminUnit.objects.get(code="64.08.04"),
        starts_at=timezone.now() - timedelta(minutes=5),
        place="Aula kantor camat",
        agenda="Kampanye damai",
        by_user=organiser,
    )
    meeting_invitees_add(meeting=meeting, people=[Person.objects.get(user=invitee)], by_user=organiser)

    browser_login(page, live_server.url, "operator.rakor")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.click("[data-testid=meeting-qr-open]")
    qr = page.wait_for_selector("[data-testid=meeting-qr]")
    wait_until(lambda: page.evaluate("img => img.complete && img.naturalWidth > 0", qr), timeout=15)
    path = urlsplit(page.get_attribute("[data-testid=meeting-qr-link]", "href")).path

    for username, expected in (("tamu.rakor", "meeting-checkin-error"), ("kapolsek.rakor", None)):
        phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
        mobile = phone.new_page()
        browser_login(mobile, live_server.url, username)
        mobile.goto(live_server.url + path)  # the link names SITE_URL, not the test server
        if expected:
            assert "daftar undangan" in mobile.inner_text(f"[data-testid={expected}]")
        else:
            mobile.click("[data-testid=meeting-checkin-submit]")
            assert "tercatat hadir" in mobile.inner_text("[data-testid=meeting-checkin-result]")
            assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        phone.close()

    marked = meeting.invitees.get(person__user=invitee)
    assert marked.attended
    assert marked.attendance_mark == AttendanceMark.QR
    assert meeting.invitees.filter(attended=True).count() == 1
