"""Issue 16, done when: in a real Chromium with a real worker, a kabupaten administrator builds a
Forkopimcam policy in the app, previews it (the danramil, with no working channel, in red) and sends a
test alert; a clash then alerts the Forkopimcam: the panel, the timeline and the dashboard say the
danramil was not reached and the operators were told; a second report of the same clash ten minutes
later joins the group and pages nobody anew.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from escalation.models import AlertGroupMember, Escalation, EscalationPolicy
from incidents.models import IncidentCategory, IncidentEvent
from incidents.tests.factories import make_incident
from mfa.testing import browser_login
from notifications.choices import PENDING_STATUSES
from notifications.models import Delivery, Message
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, Forum, ForumSeat
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory, user_with_office

from .conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _email(user):
    ContactPoint.objects.create(
        person=user.person, kind=ContactKind.EMAIL, value=f"{user.username}@contoh.invalid", verified=True
    )


def _settled(group_key: str) -> bool:
    return not Delivery.objects.filter(message__group_key=group_key, status__in=PENDING_STATUSES).exists()


def test_unreached_holder_operators_told_second_report_grouped_policy_previewed_and_tested(
    live_server, page, kutim, settings, celery_worker
):
    settings.EMAIL_BACKEND = "notifications.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    kecamatan = AdminUnit.objects.get(code="64.08.04")
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol", first_name="Sri", last_name="Admin")  # fmt: skip
    operator = user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator.sangatta", first_name="Ani", last_name="Operator")  # fmt: skip
    camat = user_with_office(Office.CAMAT, "64.08.04", username="camat", first_name="Rudi", last_name="Camat")
    kapolsek = user_with_office(Office.KAPOLSEK, "64.08.04", username="kapolsek", first_name="Kompol", last_name="Jaya")  # fmt: skip
    for user in (admin, operator, camat, kapolsek):
        _email(user)
    # The danramil: no account, no contact at all.
    danramil = PersonFactory(full_name="Kapten Danramil Tanpa Kontak")
    PositionFactory(person=danramil, office=Office.DANRAMIL, area=kecamatan, organisation=OrganisationFactory(area=kecamatan))  # fmt: skip
    forum = Forum.objects.create(
        kind=ForumKind.FORKOPIMCAM, area=kecamatan, name="Forkopimcam Sangatta Utara"
    )
    for order, office in enumerate((Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL), start=1):
        ForumSeat.objects.create(forum=forum, office=office, order=order)
    category = IncidentCategory.objects.get(code="BENTROK_MASSA")

    # 1. The administrator builds a policy in the app: one step, the Forkopimcam.
    browser_login(page, live_server.url, "kesbangpol")
    page.goto(f"{live_server.url}/insiden/eskalasi/pengaturan/")
    page.click("[data-testid=policy-new]")
    page.fill("input[name=name]", "Bentrok: Forkopimcam dulu")
    page.fill("input[name=priority]", "1")
    page.select_option("select[name=min_severity]", "3")
    page.check(f"input[name=categories][value='{category.pk}']")
    page.click("[data-testid=policy-save]")
    page.wait_for_selector("[data-testid=step-form]")
    page.fill("input[name=newstep-wait_minutes]", "15")
    page.click("[data-testid=step-add]")
    page.wait_for_selector("[data-testid=target-form]")
    policy = EscalationPolicy.objects.get(name="Bentrok: Forkopimcam dulu")
    step = policy.steps.get()
    page.select_option(f"select[name=target{step.pk}-kind]", "forkopimcam")
    page.click("[data-testid=target-add]")
    page.wait_for_selector("[data-testid=step-targets]")
    assert "Forkopimcam kecamatan kejadian" in page.inner_text("[data-testid=step-targets]")
    assert policy.history.first().history_user == admin

    # 2. The preview: who step 1 would alert now; the danramil in red.
    page.click("[data-testid=policy-preview-link]")
    page.select_option("select[name=area]", str(AdminUnit.objects.get(code="64.08.04.2001").pk))
    page.select_option("select[name=category]", str(category.pk))
    page.select_option("select[name=severity]", "4")
    page.click("[data-testid=preview-submit]")
    page.wait_for_selector("[data-testid=preview-step]")
    red = page.locator("[data-testid=preview-person][data-state=none]")
    assert red.count() == 1
    assert "Kapten Danramil Tanpa Kontak" in red.inner_text()
    assert page.locator("[data-testid=preview-person][data-state=ok]").count() == 2

    # 3. A test alert to the forum over the real channels: who was reached.
    page.goto(f"{live_server.url}/insiden/eskalasi/pengaturan/uji/")
    page.select_option("select[name=forum]", str(forum.pk))
    page.click("[data-testid=test-alert-send]")
    page.wait_for_selector("[data-testid=test-alert-result]")
    key = Message.objects.get(idempotency_key__startswith="uji-peringatan|").idempotency_key
    assert wait_until(lambda: _settled(key), timeout=30)
    page.reload()
    assert page.locator("[data-testid=test-alert-person][data-state=terjangkau]").count() == 2
    unreached = page.locator("[data-testid=test-alert-person][data-state=tidak_terjangkau]")
    assert unreached.count() == 1
    assert "Kapten Danramil Tanpa Kontak" in unreached.inner_text()

    # 4. A clash, reported ten minutes ago: step 1 alerts the Forkopimcam; the danramil is not reached.
    now = timezone.now()
    first = make_incident(by_user=camat, severity=4, reported_at=now - timedelta(minutes=10), occurred_at=now - timedelta(minutes=30), known_at=now - timedelta(minutes=15))  # fmt: skip
    escalation = Escalation.objects.get(incident=first)
    assert escalation.policy == policy
    assert wait_until(lambda: escalation.runs.filter(reach_noted_at__isnull=False).exists(), timeout=30)
    result = IncidentEvent.objects.get(incident=first, note__startswith="Hasil langkah")
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.wait_for_selector("[data-testid=escalation-panel]")
    missed = page.locator("[data-testid=person-reach][data-state=tidak_terjangkau]")
    assert missed.count() == 1
    assert "Kapten Danramil Tanpa Kontak" in missed.inner_text()
    assert "Tidak punya akun aktif di aplikasi" in missed.inner_text()
    timeline = page.inner_text("[data-testid=timeline]")
    assert (
        "Hasil langkah 1: 2 dari 3 orang terjangkau; 1 tidak terjangkau: Kapten Danramil Tanpa Kontak"
        in timeline
    )
    assert "Operator wilayah diberi tahu" in timeline
    assert "Ani Operator" in result.note
    notice = Message.objects.get(idempotency_key__startswith="eskalasi-tak-terjangkau|")
    assert {d.person_id for d in notice.deliveries.all()} == {operator.person.pk, admin.person.pk}
    page.goto(f"{live_server.url}/insiden/dasbor/")
    figure = page.locator("[data-testid=figure-alerts_unreached] [data-figure]")
    assert figure.get_attribute("data-figure") == "1"

    # 5. A second report of the same clash, now: it joins the group; nobody is paged anew.
    pages_before = Message.objects.filter(group_key=escalation.group_key, idempotency_key__startswith="eskalasi|").count()  # fmt: skip
    second = make_incident(by_user=kapolsek, severity=4, title="Lempar batu di depan posko", reported_at=now, occurred_at=now - timedelta(minutes=20), known_at=now - timedelta(minutes=5))  # fmt: skip
    assert not Escalation.objects.filter(incident=second).exists()
    assert AlertGroupMember.objects.get(incident=second).group.primary == first
    update = Message.objects.get(idempotency_key__startswith="laporan-tambahan|")
    assert update.text.startswith(f"LAPORAN TAMBAHAN untuk {first.number}")
    assert Message.objects.filter(group_key=escalation.group_key, idempotency_key__startswith="eskalasi|").count() == pages_before  # fmt: skip
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    page.wait_for_selector("[data-testid=alert-group-member]")
    assert first.number in page.inner_text("[data-testid=alert-group]")
