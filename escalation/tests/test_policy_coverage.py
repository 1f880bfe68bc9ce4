"""Every track escalates at severity 4-5 (issue 14: track O alerted nobody), the operational policies
reach the kabupaten and the KPU, and policy_gaps names what alerts nobody."""

import pytest
from django.test import Client
from django.urls import reverse

from escalation.defaults import POLICIES
from escalation.engine.matching import escalation_policy_for
from escalation.models import EscalationPolicy
from escalation.selectors import policy_gaps
from escalation.services import escalation_step_run
from incidents.choices import Track
from incidents.models import IncidentCategory
from incidents.tests.factories import make_incident
from stakeholders.choices import ForumKind, Office
from stakeholders.tests.factories import PersonFactory, PositionFactory, user_with_office

from .factories import forum_holders

pytestmark = pytest.mark.django_db


def _category_of(track: str) -> str:
    return IncidentCategory.objects.filter(track=track, is_active=True).order_by("order").first().code


@pytest.mark.parametrize("severity", [4, 5])
@pytest.mark.parametrize("track", [t.value for t in Track])
def test_every_track_at_severity_4_and_5_matches_a_policy_with_targets(kutim, track, severity):
    incident = make_incident(severity=severity, category=_category_of(track))
    policy = escalation_policy_for(incident)
    assert policy is not None, f"track {track} severity {severity} alerts nobody"
    assert any(step.targets.exists() for step in policy.steps.all())
    assert incident.escalations.get().policy_id == policy.pk


def test_the_seeded_defaults_leave_no_gap_at_severity_3_to_5(kutim):
    assert policy_gaps() == []


def test_the_data_migration_seeded_the_operational_policies_as_the_defaults_list_says(kutim):
    names = {name for name, *_ in POLICIES}
    assert names <= set(EscalationPolicy.objects.values_list("name", flat=True))
    policy = EscalationPolicy.objects.get(track="O", min_severity=4)
    targets = {(t.kind, t.office, t.level) for t in policy.steps.get().targets.all()}
    assert targets == {
        ("forkopimda", "", ""),
        ("tim_terpadu", "", ""),
        ("jabatan", "ketua_kpu", "kabupaten"),
        ("jabatan", "anggota_kpu", "kabupaten"),
    }


def test_a_severity_4_logistics_failure_at_a_coastal_desa_alerts_the_kabupaten(kutim):
    forkopimda = forum_holders(ForumKind.FORKOPIMDA, "64.08", [Office.BUPATI, Office.KAPOLRES, Office.DANDIM])
    tim_terpadu = forum_holders(ForumKind.TIM_TERPADU, "64.08", [Office.KABAN_KESBANGPOL])
    ketua_kpu = PersonFactory(full_name="Ketua KPU Kutim")
    PositionFactory(person=ketua_kpu, office=Office.KETUA_KPU, area=kutim)
    incident = make_incident(
        severity=4, category="GANGGUAN_LOGISTIK", area_code="64.08.11.2001", title="Logistik belum sampai"
    )
    escalation = incident.escalations.get()
    assert escalation.policy.name.startswith("Jalur O")
    assert escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1) == "ran"
    recipients = {r["id"] for r in escalation.runs.get().recipients}
    assert recipients == {p.pk for p in [*forkopimda, *tim_terpadu, ketua_kpu]}


def test_a_switched_off_policy_opens_a_gap_shown_on_the_policy_page(kutim):
    EscalationPolicy.objects.filter(track="O").update(is_active=False)
    gaps = {(gap.track, gap.severity) for gap in policy_gaps()}
    assert gaps == {("O", 3), ("O", 4), ("O", 5)}
    client = Client()
    client.force_login(user_with_office(Office.OPERATOR_KESBANGPOL, "64.08"))
    page = client.get(reverse("escalation:escalationpolicy_list")).content.decode()
    assert 'data-testid="policy-gaps"' in page
    assert "Jalur O: Operasional, tingkat 4 Tinggi" in page or "Operasional" in page


def test_a_policy_limited_to_some_categories_is_a_partial_cover(kutim):
    from escalation.choices import TargetKind
    from escalation.tests.factories import policy_with_steps

    EscalationPolicy.objects.filter(track="O").update(is_active=False)
    partial = policy_with_steps(
        [(5, [{"kind": TargetKind.FORKOPIMDA}])], name="Hanya bencana", track="O", min_severity=4
    )
    partial.categories.set(IncidentCategory.objects.filter(code="BENCANA"))
    gap = next(g for g in policy_gaps() if (g.track, g.severity) == ("O", 4))
    assert "Hanya bencana" in gap.partial


def test_a_first_matching_policy_without_targets_is_a_gap(kutim):
    from escalation.tests.factories import policy_with_steps

    policy_with_steps([(5, [])], name="Kosong", track="O", min_severity=3)
    gap = next(g for g in policy_gaps() if (g.track, g.severity) == ("O", 5))
    assert "Kosong" in gap.reason
