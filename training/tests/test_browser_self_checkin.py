"""A trainer shows a session's QR code; a participant opens it on their own phone and checks in."""

from datetime import time
from urllib.parse import urlsplit

import pytest

from core.testing import wait_until
from mfa.testing import browser_login
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office
from training import services
from training.choices import RegistrationRole
from training.models import Attendance
from training.tests.factories import ProgrammeFactory, participant_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_checks_in_on_their_phone_from_the_trainers_session_qr(live_server, page, kutim):
    trainer = user_with_office(Office.FASILITATOR, "64.08", username="pelatih.qr")
    programme = ProgrammeFactory(created_by=None)
    services.registration_create(
        programme=programme, person=trainer.person, role=RegistrationRole.FASILITATOR
    )
    session = services.session_create(
        programme=programme,
        date=programme.start_date,
        start_time=time(8, 0),
        end_time=time(10, 0),
        topic="Pembukaan dan kebijakan daerah",
        room="Aula",
    )
    user, registration = participant_user(programme, username="peserta.qr")

    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    browser_login(page, live_server.url, "pelatih.qr")
    page.goto(f"{live_server.url}/bimtek/program/{programme.pk}/check-in/")
    page.click("[data-testid=session-qr-open]")
    qr = page.wait_for_selector("[data-testid=session-qr]")
    # (Polled: wait_for_selector does not wait for the image, and the CSP forbids wait_for_function's eval.)
    wait_until(lambda: page.evaluate("img => img.complete && img.naturalWidth > 0", qr), timeout=15)
    link = page.get_attribute("[data-testid=session-qr-link]", "href")
    assert "/hadir/" in link

    # The participant's own phone: their own login, the address the QR code holds.
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    browser_login(mobile, live_server.url, "peserta.qr")
    mobile.goto(live_server.url + urlsplit(link).path)  # the link names SITE_URL, not the test server
    mobile.click("[data-testid=self-checkin-submit]")
    result = mobile.wait_for_selector("[data-testid=self-checkin-result]")
    assert "tercatat" in result.inner_text()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    attendance = Attendance.objects.get(session=session, registration=registration)
    assert attendance.by_scan
    assert attendance.marked_by == user
    assert console_errors == []
