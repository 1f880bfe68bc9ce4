"""Every main page of every demo role fits a 390 px phone and a 1366 px laptop (no sideways scrolling)
and has no serious or critical accessibility violation (axe-core, vendored in static/vendor/axe-core).

One test seeds the demo (committed, so the live server sees it), logs each role in through the real
pages, and opens each page the role may open (a 403/404 is skipped: not one of its pages) at both
sizes. A page fails when the document is wider than the window, or, on the laptop, when a table
scrolls sideways inside its box (row actions cut off, as the triage queue's were).
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from mfa.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.demo, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pilkada-2024"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
ROLES = (
    "kesbangpol",
    "bupati",
    "camat.sangatta.utara",
    "kapolsek.sangatta.utara",
    "pelapor.sangatta.utara",
    "pelatih",
    "admin",
)

# What overflows, measured in the page: the document, and (laptop) every scrolled table box.
MEASURE = """() => {
  const doc = document.documentElement;
  const boxes = [...document.querySelectorAll('.table-responsive')]
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map(el => (el.querySelector('table')?.dataset.testid || el.className) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  return {page: doc.scrollWidth, window: window.innerWidth, boxes: boxes};
}"""


AXE = Path(django_settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
# What axe reports as failing: the serious and critical violations of WCAG 2 A/AA rules.
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def main_pages() -> list[str]:
    """The pages people work on, filled with demo objects in Sangatta Utara."""
    from coordination.models import ActionPlan
    from incidents.models import Incident
    from training.models import Programme

    incident = Incident.objects.filter(area_code__startswith="64.08.04").order_by("-severity", "pk").first()
    programme = Programme.objects.order_by("pk").first()
    pages = [
        reverse("home"),
        reverse("incidents:index"),
        reverse("incidents:incident_create"),
        reverse("situation:dashboard"),
        reverse("situation:sitrep_list"),
        reverse("situation:map"),
        reverse("stakeholders:index"),
        reverse("stakeholders:person_list"),
        reverse("stakeholders:organisation_list"),
        reverse("training:index"),
        reverse("training:my_training"),
        reverse("training:programme_list"),
        reverse("notifications:index"),
        reverse("coordination:action_list"),
        reverse("coordination:meeting_list"),
        reverse("coordination:prevention_list"),
        reverse("coordination:prevention_create"),
        reverse("coordination:plan_list"),
    ]
    if incident is not None:
        pages.append(incident.get_absolute_url())
    plan = ActionPlan.objects.order_by("-year").first()
    if plan is not None:
        pages.append(plan.get_absolute_url())
    if programme is not None:
        pages += [
            reverse("training:programme_detail", args=[programme.pk]),
            reverse("training:registration_list", args=[programme.pk]),
            reverse("training:checkin", args=[programme.pk]),
            reverse("training:certificate_list", args=[programme.pk]),
        ]
    return pages


@pytest.mark.timeout(1200)
def test_every_main_page_of_every_role_fits_a_phone_and_a_laptop(live_server, browser, settings):
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_IDLE_TIMEOUT_SENSITIVE = 86400
    call_command("seed_demo", quiet_logins=True, verbosity=0)
    pages = main_pages()
    problems: list[str] = []
    visited = 0
    checked: set[str] = set()  # axe runs once per page (the first role that opens it), plus every home
    for role in ROLES:
        # axe is added as a script tag, which the Content-Security-Policy would refuse; other tests check it.
        context = browser.new_context(viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server.url, role, DEMO_PASSWORD)
        for size in (PHONE, LAPTOP):
            page.set_viewport_size(size)
            for path in pages:
                response = page.goto(f"{live_server.url}{path}")
                if response is None or response.status != 200:
                    continue
                visited += 1
                page.wait_for_load_state("load")
                seen = page.evaluate(MEASURE)
                where = f"{role} {size['width']}px {path}"
                if seen["page"] > seen["window"] + 1:
                    problems.append(f"{where}: page {seen['page']} px wide in a {seen['window']} px window")
                if size is LAPTOP and seen["boxes"]:
                    problems.append(f"{where}: table scrolls sideways: {seen['boxes']}")
                if size is LAPTOP and (path not in checked or path == "/"):
                    checked.add(path)
                    page.add_script_tag(path=str(AXE))
                    for violation in page.evaluate(AXE_RUN):
                        problems.append(f"{where}: {violation}")
        if role == "pelapor.sangatta.utara":
            # The README promises the demo participant a certificate on "Bimtek saya".
            page.goto(f"{live_server.url}{reverse('training:my_training')}")
            if page.locator("[data-testid=my-certificate]").count() != 1:
                problems.append(f"{role}: no certificate on Bimtek saya")
        context.close()
    assert visited > 2 * len(ROLES) * 5  # every role opened its pages
    assert problems == [], "\n".join(problems)
