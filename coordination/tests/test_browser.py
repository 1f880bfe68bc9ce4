"""In a real Chromium: a Forkopimcam rakor from invitation to minutes, two decisions becoming tracked
actions and one completed with evidence; a severity-5 incident shows its Inpres 2/2013 actions open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.choices import ActionStatus
from coordination.models import Meeting, TrackedAction
from core.testing import picker_choose
from escalation.tests.factories import forum_holders
from incidents.tests.factories import make_incident
from incidents.tests.files import png_bytes
from mfa.testing import browser_login
from stakeholders.choices import ForumKind, Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_forkopimcam_rakor_from_invitation_to_minutes(live_server, page, kutim, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    camat, kapolsek, _danramil = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL], contact=None
    )
    user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator.rakor", first_name="Rina")
    browser_login(page, live_server.url, "operator.rakor")

    page.click("[data-testid=nav-coordination]")
    page.click("[data-testid=coord-nav-meetings]")
    page.click("[data-testid=meeting-new]")
    page.fill("input[name=title]", "Rakor Forkopimcam Sangatta Utara")
    page.select_option("select[name=forum]", label="forkopimcam Sangatta Utara")
    started = timezone.localtime(timezone.now() - timedelta(hours=1))
    page.fill("input[name=starts_at]", started.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "Kantor Camat Sangatta Utara")
    page.fill("textarea[name=agenda]", "1. Situasi kampanye\n2. Pengamanan debat kandidat")
    with page.expect_navigation():
        page.click("[data-testid=meeting-form] button[type=submit]")
    assert page.locator("[data-testid=meeting-invitee]").count() == 3

    # Invitations through the notification channels; nobody here has a verified contact or an account.
    with page.expect_navigation():
        page.click("[data-testid=meeting-invite]")
    summary = page.inner_text("[data-testid=meeting-reach-summary]")
    assert "0 dari 3 orang terjangkau" in summary
    assert "3 tidak terjangkau" in summary
    assert page.locator("[data-testid=meeting-reach-person][data-state=tidak_terjangkau]").count() == 3

    # Attendance from the list, then the minutes.
    page.check(f"input[name=present][value='{camat.pk}']")
    page.check(f"input[name=present][value='{kapolsek.pk}']")
    with page.expect_navigation():
        page.click("[data-testid=meeting-attendance-save]")
    page.fill(
        "textarea[name=minutes]", "Situasi kondusif. Disepakati patroli malam dan dialog dengan tim kampanye."
    )
    with page.expect_navigation():
        page.click("[data-testid=meeting-minutes-form] button[type=submit]")
    assert "Selesai" in page.inner_text("[data-testid=meeting-status]")

    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    for title, owner in (("Patroli malam di titik rawan", kapolsek), ("Dialog dengan tim kampanye", camat)):
        page.click("[data-testid=meeting-decision-new]")
        page.fill("input[name=title]", title)
        picker_choose(page, "select[name=owner]", owner.full_name.split()[0], pick=str(owner))
        page.fill("input[name=due_date]", due)
        with page.expect_navigation():
            page.click("[data-testid=decision-form] button[type=submit]")
    assert page.locator("[data-testid=meeting-decision]").count() == 2

    # The first decision is done, with a photo as evidence.
    page.click("[data-testid=meeting-decision] >> text=Patroli malam di titik rawan")
    photo = tmp_path / "patroli.png"
    photo.write_bytes(png_bytes())
    page.fill(
        "[data-testid=action-evidence-form] textarea[name=note]", "Patroli dilakukan 3 malam berturut-turut."
    )
    page.set_input_files("[data-testid=action-evidence-form] input[name=file]", str(photo))
    with page.expect_navigation():
        page.click("[data-testid=action-evidence-form] button[type=submit]")
    assert page.locator("[data-testid=action-evidence]").count() == 1
    page.select_option("[data-testid=action-status-form] select[name=status]", "selesai")
    with page.expect_navigation():
        page.click("[data-testid=action-status-form] button[type=submit]")
    assert "Selesai" in page.inner_text("[data-testid=action-status]")

    meeting = Meeting.objects.get()
    assert meeting.invitees.filter(attended=True).count() == 2
    statuses = dict(TrackedAction.objects.filter(meeting=meeting).values_list("title", "status"))
    assert statuses == {
        "Patroli malam di titik rawan": ActionStatus.SELESAI,
        "Dialog dengan tim kampanye": ActionStatus.TERBUKA,
    }
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert page.locator("[data-testid=meeting-decision][data-status=selesai]").count() == 1


def test_a_severity_5_incident_shows_its_public_statement_and_report_upward_open(
    live_server, page, kutim, seeded_defaults
):
    user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol.inpres")
    incident = make_incident(severity=5, title="Bentrok massa pendukung di Sangatta Utara")
    browser_login(page, live_server.url, "kesbangpol.inpres")
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    panel = page.locator("[data-testid=coordination-panel]")
    panel.wait_for()
    assert (
        panel.locator(
            "[data-testid=coordination-action][data-source=inpres_pernyataan][data-status=terbuka]"
        ).count()
        == 1
    )
    assert (
        panel.locator(
            "[data-testid=coordination-action][data-source=inpres_laporan][data-status=terbuka]"
        ).count()
        == 1
    )
    assert panel.inner_text().count("Terbuka") == 2
