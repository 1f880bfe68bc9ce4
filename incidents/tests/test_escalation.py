"""The escalation engine: matching, frozen policies, steps, acknowledgement, audit (real PG, Redis, worker)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.choices import EscalationStatus, EventKind, IncidentKind, TargetKind
from incidents.models import Escalation, EscalationPolicy, EscalationStepRun, IncidentEvent
from incidents.services import incident_change_severity, incident_resolve
from incidents.services_escalation import (
    escalation_acknowledge,
    escalation_audit,
    escalation_policy_for,
    escalation_step_run,
)
from notifications.choices import DeliveryStatus
from notifications.models import Delivery, Message
from stakeholders.choices import ForumKind, Office

from .escalation_helpers import forum_holders, policy_with_steps
from .factories import make_incident

pytestmark = pytest.mark.django_db

FORKOPIMCAM = [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL]


def _run_due(escalation: Escalation, *, now=None) -> str:
    escalation.refresh_from_db()
    return escalation_step_run(
        escalation_id=escalation.pk,
        token=str(escalation.token),
        sequence=escalation.run_count + 1,
        now=now or max(timezone.now(), escalation.next_due_at),
    )


# --- matching ----------------------------------------------------------------------------------------


def test_a_severity_4_clash_matches_the_seeded_policy_that_starts_at_forkopimcam(kutim):
    incident = make_incident(severity=4, category="BENTROK_MASSA")
    escalation = incident.escalations.get()
    assert escalation.policy.name.startswith("Tingkat 4")
    assert escalation.steps[0]["targets"] == [
        {"kind": TargetKind.FORKOPIMCAM, "office": "", "level": "", "person_id": None, "person_name": ""}
    ]
    assert escalation.status == EscalationStatus.ACTIVE
    assert escalation.next_due_at <= timezone.now()


def test_a_minor_report_starts_no_escalation(kutim):
    incident = make_incident(severity=2, category="PERUSAKAN_APK")
    assert not incident.escalations.exists()


def test_an_early_warning_does_not_escalate_until_it_is_promoted(kutim):
    from incidents.services import incident_promote

    warning = make_incident(severity=4, kind=IncidentKind.EARLY_WARNING)
    assert not warning.escalations.exists()
    incident_promote(incident=warning, expected_version=None, by_user=warning.reporter)
    assert warning.escalations.get().start_reason == EventKind.PROMOTED


def test_a_p_track_report_matches_the_bawaslu_policy(kutim):
    incident = make_incident(severity=3, category="POLITIK_UANG")
    assert incident.escalations.get().policy.name.startswith("Jalur P")


def test_a_policy_limited_to_an_area_matches_only_incidents_inside_it(kutim):
    from regions.models import AdminUnit

    policy = policy_with_steps([(5, [{"kind": TargetKind.FORKOPIMCAM}])], name="Hanya Bengalon")
    policy.areas.set([AdminUnit.objects.get(code="64.08.09")])
    inside = make_incident(severity=3, area_code="64.08.09.2001")
    outside = make_incident(severity=3, area_code="64.08.04.2001")
    assert escalation_policy_for(inside) == policy
    assert escalation_policy_for(outside) != policy


def test_raising_the_severity_starts_an_escalation_once_a_policy_matches(kutim):
    incident = make_incident(severity=2, category="UNJUK_RASA")
    assert not incident.escalations.exists()
    incident_change_severity(incident=incident, expected_version=None, by_user=incident.reporter, severity=3)
    assert incident.escalations.get().start_reason == EventKind.SEVERITY


# --- frozen policy and steps -----------------------------------------------------------------------


def test_editing_the_policy_after_start_does_not_change_the_running_escalation(kutim):
    holders = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    policy = EscalationPolicy.objects.get(pk=incident.escalations.get().policy_id)
    step = policy.steps.get(order=1)
    step.targets.update(kind=TargetKind.FORKOPIMDA)
    step.wait_minutes = 999
    step.save()
    escalation = incident.escalations.get()
    assert _run_due(escalation) == "ran"
    run = escalation.runs.get()
    assert {r["id"] for r in run.recipients} == {p.pk for p in holders}
    escalation.refresh_from_db()
    assert escalation.next_due_at == pytest.approx(
        run.ran_at + timedelta(minutes=15), abs=timedelta(seconds=1)
    )


def test_a_step_alerts_every_forum_member_once_and_plans_the_next_step(kutim):
    holders = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    assert _run_due(escalation) == "ran"
    escalation.refresh_from_db()
    assert escalation.next_step == 1
    assert escalation.run_count == 1
    messages = Message.objects.filter(group_key=escalation.group_key)
    assert sorted(m.idempotency_key for m in messages) == sorted(
        f"eskalasi|{incident.pk}|{escalation.pk}|1|{p.pk}" for p in holders
    )
    assert all("/insiden/konfirmasi/" in m.link for m in messages)
    event = IncidentEvent.objects.get(incident=incident, kind=EventKind.ESCALATION_STEP)
    assert event.new["_recipients"] == 3


def test_a_step_task_run_twice_sends_nothing_the_second_time(kutim):
    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    escalation = make_incident(severity=4).escalations.get()
    args = {"escalation_id": escalation.pk, "token": str(escalation.token), "sequence": 1}
    assert escalation_step_run(**args) == "ran"
    assert escalation_step_run(**args) == "already ran"
    assert EscalationStepRun.objects.filter(escalation=escalation).count() == 1
    assert Message.objects.filter(group_key=escalation.group_key).count() == 3


# --- acknowledge and stop --------------------------------------------------------------------------


def test_acknowledging_stops_later_steps_and_cancels_pending_deliveries(kutim):
    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    _run_due(escalation)
    assert Delivery.objects.filter(
        message__group_key=escalation.group_key, status=DeliveryStatus.QUEUED
    ).exists()
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    escalation.refresh_from_db()
    later = escalation.next_due_at + timedelta(minutes=1)
    assert (
        escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=2, now=later)
        == "status dikonfirmasi"
    )
    assert escalation.runs.count() == 1
    assert not Delivery.objects.filter(
        message__group_key=escalation.group_key, status=DeliveryStatus.QUEUED
    ).exists()
    assert Delivery.objects.filter(
        message__group_key=escalation.group_key, status=DeliveryStatus.CANCELLED
    ).exists()


def test_resolving_the_incident_stops_the_escalation(kutim):
    from incidents.services import incident_assign, incident_verify

    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    user = incident.reporter
    incident_verify(incident=incident, expected_version=None, by_user=user)
    from stakeholders.tests.factories import OrganisationFactory, PersonFactory

    incident_assign(
        incident=incident,
        expected_version=None,
        by_user=user,
        lead_organisation=OrganisationFactory(),
        responsible_person=PersonFactory(),
    )
    incident_resolve(incident=incident, expected_version=None, by_user=user)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.STOPPED
    assert escalation.next_due_at is None


# --- audit (real worker) ---------------------------------------------------------------------------


def test_the_auditor_runs_a_due_step_whose_task_was_never_enqueued(celery_worker, kutim, settings):
    from .conftest import wait_until

    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    settings.ESCALATION_COUNTDOWN_MAX_S = -1  # nothing is enqueued: as if the broker lost the message
    escalation = make_incident(severity=4).escalations.get()
    assert escalation.enqueued_at is None
    assert not wait_until(lambda: escalation.runs.exists(), timeout=1.5)
    assert escalation_audit()["enqueued"] == 1
    assert wait_until(lambda: escalation.runs.exists(), timeout=15)
    run = escalation.runs.get()
    assert run.lateness_s > 1
