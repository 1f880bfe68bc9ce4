"""Escalation settings in the app: a policy with a form per step and target, the preview, the test alert,
the gaps, the grouping rules; kept in the history with who changed what.

Real PostgreSQL; the test alert goes to a local HTTP server standing in for Telegram.
"""

import pytest
from django.test import Client

from core.testing import ViewAccessCase, assert_view_access
from escalation.models import AlertGroupRule, EscalationPolicy
from escalation.selectors import policy_coverage
from incidents.models import IncidentCategory
from notifications.choices import PENDING_STATUSES
from notifications.models import Delivery
from notifications.services import delivery_perform
from notifications.tests.conftest import providers  # noqa: F401 - the local provider fixture
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint
from stakeholders.tests.factories import UserFactory

from .factories import forum_holders

pytestmark = pytest.mark.django_db

SETTINGS = "/insiden/eskalasi/pengaturan/"


@pytest.fixture
def holders(kutim):
    """The Forkopimcam of Sangatta Utara: a camat with Telegram, a kapolsek with an account only, and a
    danramil with neither (nobody can reach him)."""
    camat, kapolsek, danramil = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL], contact=None
    )
    ContactPoint.objects.create(person=camat, kind=ContactKind.TELEGRAM, value="4242", verified=True)
    kapolsek.user = UserFactory(username="kapolsek.pratinjau")
    kapolsek.save()
    return camat, kapolsek, danramil


def _create_policy(client) -> EscalationPolicy:
    category = IncidentCategory.objects.get(code="BENTROK_MASSA")
    response = client.post(
        SETTINGS + "kebijakan/baru/",
        {
            "name": "Bentrok di Sangatta Utara",
            "is_active": "on",
            "priority": "5",
            "track": "",
            "min_severity": "3",
            "categories": [category.pk],
            "areas": [AdminUnit.objects.get(code="64.08.04").pk],
            "max_repeats": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    policy = EscalationPolicy.objects.get(name="Bentrok di Sangatta Utara")
    url = f"{SETTINGS}kebijakan/{policy.pk}/"
    assert (
        client.post(
            url, {"action": "step_add", "newstep-order": "1", "newstep-wait_minutes": "10"}
        ).status_code
        == 302
    )
    step = policy.steps.get()
    response = client.post(url, {"action": f"target_add:{step.pk}", f"target{step.pk}-kind": "forkopimcam"})
    assert response.status_code == 302
    return policy


def test_an_administrator_builds_a_policy_step_and_target_in_the_app_with_history(holders, kab_admin):
    client = Client()
    client.force_login(kab_admin)
    policy = _create_policy(client)
    step = policy.steps.get()
    assert list(step.targets.values_list("kind", flat=True)) == ["forkopimcam"]
    assert policy.history.first().history_user == kab_admin
    assert step.targets.get().history.first().history_user == kab_admin
    # A window whose start and end are the same hour is refused on its field; nothing changes.
    url = f"{SETTINGS}kebijakan/{policy.pk}/"
    page = client.post(
        url,
        {
            "action": f"step:{step.pk}",
            f"step{step.pk}-order": "1",
            f"step{step.pk}-wait_minutes": "10",
            f"step{step.pk}-active_from_hour": "8",
            f"step{step.pk}-active_until_hour": "8",
        },
    )
    assert page.status_code == 200
    assert "Jam mulai dan jam selesai tidak boleh sama." in page.content.decode()
    step.refresh_from_db()
    assert step.active_from_hour is None
    # An office target without its office is refused on its field too.
    page = client.post(url, {"action": f"target_add:{step.pk}", f"target{step.pk}-kind": "jabatan"})
    assert "perlu jabatan dan tingkat wilayah" in page.content.decode()
    assert step.targets.count() == 1


def test_the_preview_lists_who_each_step_would_alert_and_marks_the_unreachable_in_red(
    holders,
    kab_admin,
    providers,  # noqa: F811
):
    camat, _kapolsek, danramil = holders
    client = Client()
    client.force_login(kab_admin)
    policy = _create_policy(client)
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    category = IncidentCategory.objects.get(code="BENTROK_MASSA")
    page = client.get(
        SETTINGS + "pratinjau/",
        {"area": desa.pk, "category": category.pk, "severity": 4, "policy": policy.pk},
    ).content.decode()
    assert 'data-testid="preview-step"' in page
    rows = {state: page.count(f'data-state="{state}"') for state in ("ok", "in_app", "none")}
    assert rows == {"ok": 1, "in_app": 1, "none": 1}
    red = page.split('data-state="none"')[1].split("</li>")[0]
    assert str(danramil) in red
    assert "tidak terjangkau" in red
    ok = page.split('data-state="ok"')[1].split("</li>")[0]
    assert str(camat) in ok
    assert "Telegram" in ok
    # Without a policy chosen, the matching one: the new policy has the highest priority here.
    page = client.get(SETTINGS + "pratinjau/", {"area": desa.pk, "category": category.pk, "severity": 4})
    assert "Bentrok di Sangatta Utara" in page.content.decode()


def test_the_test_alert_goes_over_the_real_channels_and_reports_who_was_reached(
    holders,
    kab_admin,
    providers,  # noqa: F811
):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": True, "result": {"message_id": 8}}
    )
    client = Client()
    client.force_login(kab_admin)
    from stakeholders.models import Forum

    forum = Forum.objects.get(kind=ForumKind.FORKOPIMCAM, area__code="64.08.04")
    response = client.post(SETTINGS + "uji/", {"forum": forum.pk})
    assert response.status_code == 302
    result_url = response["Location"]
    page = client.get(result_url).content.decode()
    assert 'data-testid="test-alert-pending"' in page
    for delivery in Delivery.objects.filter(status__in=PENDING_STATUSES):
        delivery_perform(delivery_id=delivery.pk)
    page = client.get(result_url).content.decode()
    assert page.count('data-state="terjangkau"') == 1
    assert page.count('data-state="tidak_terjangkau"') == 1  # the danramil: no contact, no account
    assert page.count('data-state="menunggu"') == 1  # the kapolsek's inbox, not read yet
    assert "UJI PERINGATAN" in providers.log[0][0].get_data(as_text=True)
    # Someone else's forged result: not found.
    assert client.get(SETTINGS + "uji/0123456789abcdef/").status_code == 404


def test_the_gaps_show_track_and_severity_combinations_that_alert_nobody(kutim, kab_admin):
    gaps = {(g.track, g.severity): g.state for g in policy_coverage()}
    assert gaps[("K", 5)] == "full"
    assert gaps[("K", 1)] == "none"
    assert gaps[("P", 3)] == "full"
    EscalationPolicy.objects.filter(track="P").update(is_active=False)
    gaps = {(g.track, g.severity): g.state for g in policy_coverage()}
    # Only the conflict-category policy (no track, some categories) is left for P at 3.
    assert gaps[("P", 3)] == "partial"
    client = Client()
    client.force_login(kab_admin)
    page = client.get(SETTINGS).content.decode()
    assert 'data-testid="gap-nobody"' in page
    assert 'data-state="none"' in page


def test_a_grouping_rule_is_edited_in_the_app(kutim, kab_admin):
    rule = AlertGroupRule.objects.get()
    client = Client()
    client.force_login(kab_admin)
    response = client.post(
        f"{SETTINGS}kelompok/{rule.pk}/",
        {"name": rule.name, "is_active": "on", "window_minutes": "90", "distance_m": "500"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.window_minutes, rule.distance_m) == (90, 500)
    assert rule.history.first().history_user == kab_admin
    page = client.post(
        f"{SETTINGS}kelompok/{rule.pk}/", {"name": "x", "window_minutes": "0", "distance_m": "0"}
    )
    assert page.status_code == 200
    rule.refresh_from_db()
    assert rule.window_minutes == 90


@pytest.mark.parametrize(
    "url",
    [
        SETTINGS,
        SETTINGS + "kebijakan/baru/",
        SETTINGS + "pratinjau/",
        SETTINGS + "uji/",
        SETTINGS + "kelompok/baru/",
    ],
)
def test_only_kabupaten_administrators_open_the_settings(kutim, kab_admin, operator, url):
    assert_view_access(ViewAccessCase(url=url, without_permission=operator, in_scope=kab_admin))
