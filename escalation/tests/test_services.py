"""The escalation engine: matching, frozen policies, steps, acknowledgement, audit (real PG, Redis, worker)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import celery_worker_idle
from escalation.choices import EscalationStatus, TargetKind
from escalation.engine.matching import escalation_policy_for
from escalation.models import Escalation, EscalationPolicy, EscalationStepRun
from escalation.services import escalation_acknowledge, escalation_audit, escalation_step_run
from incidents.choices import EventKind, IncidentKind
from incidents.models import IncidentEvent
from incidents.services import incident_change_severity, incident_resolve
from incidents.tests.factories import make_incident
from notifications.choices import DeliveryStatus
from notifications.models import Delivery, Message
from stakeholders.choices import ForumKind, Office

from .factories import forum_holders, policy_with_steps

pytestmark = pytest.mark.django_db

FORKOPIMCAM = [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL]


def _run_due(escalation: Escalation, *, now=None) -> str:
    escalation.refresh_from_db()
    return escalation_step_run(
        escalation_id=escalation.pk,
        token=str(escalation.token),
        sequence=escalation.run_count + 1,
        now=now or max(timezone.now(), escalation.next_due_at or timezone.now()),
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
    wait_until(celery_worker_idle, timeout=15)
    assert not escalation.runs.exists()
    audited_at = timezone.now()
    assert escalation_audit()["enqueued"] == 1
    assert wait_until(lambda: escalation.runs.exists(), timeout=15)
    run = escalation.runs.get()
    # The step ran only because the auditor found it: after the audit, late against its due time.
    assert run.ran_at >= audited_at
    assert run.lateness_s > 0


# --- windows, repeats, un-acknowledge ----------------------------------------------------------------


def test_a_step_due_outside_its_hours_window_moves_to_the_next_opening(kutim):
    from incidents.tests.factories import wita

    person = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT])[0]
    policy_with_steps(
        [(5, [{"kind": TargetKind.PERSON, "person": person}])], hours=[(7, 19)], name="Jam kerja"
    )
    escalation = make_incident(severity=3).escalations.get()
    night = wita(2026, 11, 27, 22, 30)
    Escalation.objects.filter(pk=escalation.pk).update(next_due_at=night)
    assert _run_due(escalation, now=night) == "deferred to window"
    escalation.refresh_from_db()
    assert escalation.next_due_at == wita(2026, 11, 28, 7, 0)
    assert escalation.runs.count() == 0
    assert (
        _run_due(
            escalation,
            now=wita(
                2026,
                11,
                28,
                7,
                0,
            ),
        )
        == "ran"
    )


def test_a_repeating_last_step_repeats_a_bounded_number_of_times(kutim):
    person = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT])[0]
    policy_with_steps(
        [(1, [{"kind": TargetKind.PERSON, "person": person}])], repeat_last_step=True, max_repeats=2
    )
    escalation = make_incident(severity=3).escalations.get()
    outcomes = [_run_due(escalation) for _ in range(4)]
    escalation.refresh_from_db()
    assert outcomes == ["ran", "ran", "ran", "status habis"]
    assert [r.repeat for r in escalation.runs.all()] == [0, 1, 2]
    assert escalation.status == EscalationStatus.EXHAUSTED
    assert escalation.next_due_at is None


def test_withdrawing_an_acknowledgement_resumes_the_escalation_at_the_next_step(kutim):
    from escalation.services import escalation_unacknowledge

    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    _run_due(escalation)
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    escalation_unacknowledge(escalation=escalation, by_user=incident.reporter)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE
    assert escalation.next_step == 1
    assert escalation.acknowledged_at is None
    assert _run_due(escalation) == "ran"
    assert escalation.runs.last().targets[0][
        "gap"
    ]  # no Forkopimda registered in this test: shown, never silent


def test_a_target_that_resolves_to_nobody_is_recorded_and_the_next_step_is_due_at_once(kutim):
    incident = make_incident(severity=4, area_code="64.08.09.2001")
    escalation = incident.escalations.get()
    assert _run_due(escalation) == "ran"
    run = escalation.runs.get()
    assert run.recipients == []
    assert "Forkopimcam" in run.targets[0]["gap"] or "forum" in run.targets[0]["gap"].lower()
    escalation.refresh_from_db()
    assert escalation.next_due_at <= run.ran_at + timedelta(seconds=1)


def test_a_recipient_without_a_notifiable_contact_is_listed_on_the_step(kutim):
    holders = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM[:1], contact=None)
    escalation = make_incident(severity=4).escalations.get()
    _run_due(escalation)
    assert escalation.runs.get().unreachable == [{"id": holders[0].pk, "name": str(holders[0])}]


def test_each_target_kind_resolves_for_the_incidents_area(kutim):
    from datetime import datetime as dt

    from escalation.engine.targets import incident_area_chain, target_resolve
    from stakeholders.models import DutyRoster

    desa = forum_holders(ForumKind.TIGA_PILAR_DESA, "64.08.04.2001", [Office.KEPALA_DESA])
    kec = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT])
    pimda = forum_holders(ForumKind.FORKOPIMDA, "64.08", [Office.BUPATI])
    terpadu = forum_holders(ForumKind.TIM_TERPADU, "64.08", [Office.KABAN_KESBANGPOL])
    panwascam = forum_holders(ForumKind.FKDM, "64.08.04", [Office.KETUA_PANWASCAM])
    now = timezone.now()
    DutyRoster.objects.create(
        person=kec[0], office=Office.KAPOLSEK, area=kec[0].positions.get().area,
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1),
    )  # fmt: skip
    incident = make_incident(severity=2)
    areas = incident_area_chain(incident)
    expected = {
        "tiga_pilar_desa": desa,
        "forkopimcam": kec,
        "forkopimda": pimda,
        "tim_terpadu": terpadu,
    }
    for kind, people in expected.items():
        assert target_resolve({"kind": kind}, areas=areas, at=now).people == people, kind
    office = {"kind": TargetKind.OFFICE, "office": Office.KETUA_PANWASCAM, "level": "kecamatan"}
    assert target_resolve(office, areas=areas, at=now).people == panwascam
    roster = {"kind": TargetKind.ROSTER, "office": Office.KAPOLSEK, "level": "kecamatan"}
    assert target_resolve(roster, areas=areas, at=now).people == kec
    assert target_resolve(roster, areas=areas, at=now + timedelta(hours=2)).gap
    person = {"kind": TargetKind.PERSON, "person_id": pimda[0].pk, "person_name": "x"}
    assert target_resolve(person, areas=areas, at=now).people == pimda
    assert isinstance(now, dt)


# --- the acknowledge-versus-step race ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_no_step_runs_after_an_acknowledgement_commits(kutim, settings):
    import threading

    from django.db import connection

    from escalation.defaults import escalation_policy_defaults_ensure

    escalation_policy_defaults_ensure()
    settings.ESCALATION_COUNTDOWN_MAX_S = -1  # no task: the two threads below are the only actors
    forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", FORKOPIMCAM)
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    _run_due(escalation)  # step 1 ran; step 2 (kabupaten) is next
    escalation.refresh_from_db()
    Escalation.objects.filter(pk=escalation.pk).update(next_due_at=timezone.now())
    token, barrier, outcomes = str(escalation.token), threading.Barrier(2), {}

    def step():
        barrier.wait()
        try:
            outcomes["step"] = escalation_step_run(escalation_id=escalation.pk, token=token, sequence=2)
        finally:
            connection.close()

    def ack():
        barrier.wait()
        try:
            escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
            outcomes["ack"] = "ok"
        finally:
            connection.close()

    threads = [threading.Thread(target=step), threading.Thread(target=ack)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    escalation.refresh_from_db()
    assert outcomes["ack"] == "ok"
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    # Whichever thread won the lock: every run started before the acknowledgement committed.
    assert all(run.ran_at < escalation.acknowledged_at for run in escalation.runs.all())
    assert outcomes["step"] in ("ran", "stale token", "status dikonfirmasi")
    assert escalation.runs.count() == (2 if outcomes["step"] == "ran" else 1)
    assert not Delivery.objects.filter(
        message__group_key=escalation.group_key, status=DeliveryStatus.QUEUED
    ).exists()


# --- re-planning, reopening, counts -------------------------------------------------------------------


def test_raising_the_severity_replaces_an_unacknowledged_escalation_under_a_better_policy(kutim):
    incident = make_incident(severity=3)
    first = incident.escalations.get()
    assert first.policy.priority == 30
    incident_change_severity(incident=incident, expected_version=None, by_user=incident.reporter, severity=4)
    first.refresh_from_db()
    assert first.status == EscalationStatus.STOPPED
    assert "tingkat keparahan naik" in first.end_reason
    current = incident.escalations.get(status=EscalationStatus.ACTIVE)
    assert current.policy.priority == 20


def test_raising_the_severity_leaves_an_acknowledged_escalation_alone(kutim):
    incident = make_incident(severity=3)
    escalation = incident.escalations.get()
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    incident_change_severity(incident=incident, expected_version=None, by_user=incident.reporter, severity=4)
    assert list(incident.escalations.values_list("status", flat=True)) == [EscalationStatus.ACKNOWLEDGED]


def test_reopening_a_rejected_report_starts_a_fresh_escalation(kutim):
    from incidents.choices import RejectReason
    from incidents.services import incident_reject, incident_reopen

    incident = make_incident(severity=4)
    user = incident.reporter
    incident_reject(incident=incident, expected_version=None, by_user=user, reason=RejectReason.HOAKS)
    assert incident.escalations.get().status == EscalationStatus.STOPPED
    incident_reopen(incident=incident, expected_version=None, by_user=user, reason="Ternyata benar.")
    statuses = sorted(incident.escalations.values_list("status", flat=True))
    assert statuses == sorted([EscalationStatus.STOPPED, EscalationStatus.ACTIVE])


def test_the_unacknowledged_count_is_scoped_to_what_the_user_may_see(
    kutim, operator, other_operator, kab_admin
):
    from escalation.selectors import escalation_unacknowledged_visible_to

    here = make_incident(severity=4, area_code="64.08.04.2001")
    make_incident(severity=4, area_code="64.08.09.2001")
    acknowledged = make_incident(severity=4, area_code="64.08.04.2011")
    escalation_acknowledge(escalation=acknowledged.escalations.get(), by_user=operator)
    assert list(escalation_unacknowledged_visible_to(operator)) == [here.escalations.get()]
    assert escalation_unacknowledged_visible_to(other_operator).count() == 1
    assert escalation_unacknowledged_visible_to(kab_admin).count() == 2


def test_the_auditor_leaves_a_freshly_enqueued_step_alone_for_the_grace_period(kutim, settings):
    settings.ESCALATION_AUDIT_GRACE_S = 60
    escalation = make_incident(severity=4).escalations.get()
    assert escalation.enqueued_at is not None  # the task went out with the commit
    assert escalation_audit()["enqueued"] == 0
    later = timezone.now() + timedelta(seconds=61)
    assert escalation_audit(now=later)["enqueued"] == 1
    assert escalation_audit(now=later)["enqueued"] == 0  # marked: not enqueued again at once


def test_the_incident_page_query_count_does_not_grow_with_step_runs(
    kutim, operator, django_assert_num_queries
):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    person = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.KAPOLSEK])[0]
    policy_with_steps(
        [(1, [{"kind": TargetKind.PERSON, "person": person}])], repeat_last_step=True, max_repeats=5
    )
    incident = make_incident(severity=3)
    escalation = incident.escalations.get()
    client = Client()
    client.force_login(operator)

    def queries() -> int:
        client.get(incident.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(incident.get_absolute_url()).status_code == 200
        return len(ctx)

    _run_due(escalation)
    one = queries()
    for _ in range(3):
        _run_due(escalation)
    assert queries() == one


def test_the_policy_admin_pages_open(kutim, admin_client):
    from django.urls import reverse

    policy = EscalationPolicy.objects.order_by("priority").first()
    assert admin_client.get(reverse("admin:escalation_escalationpolicy_changelist")).status_code == 200
    assert (
        admin_client.get(reverse("admin:escalation_escalationpolicy_change", args=[policy.pk])).status_code
        == 200
    )
    step = policy.steps.first()
    assert (
        admin_client.get(reverse("admin:escalation_escalationpolicystep_change", args=[step.pk])).status_code
        == 200
    )
    escalation = make_incident(severity=4).escalations.get()
    assert (
        admin_client.get(reverse("admin:escalation_escalation_change", args=[escalation.pk])).status_code
        == 200
    )


def test_reopening_a_resolved_incident_does_not_restart_its_escalation(kutim):
    from incidents.services import incident_assign, incident_reopen, incident_verify
    from stakeholders.tests.factories import OrganisationFactory, PersonFactory

    incident = make_incident(severity=4)
    user = incident.reporter
    incident_verify(incident=incident, expected_version=None, by_user=user)
    incident_assign(
        incident=incident, expected_version=None, by_user=user,
        lead_organisation=OrganisationFactory(), responsible_person=PersonFactory(),
    )  # fmt: skip
    incident_resolve(incident=incident, expected_version=None, by_user=user)
    incident_reopen(incident=incident, expected_version=None, by_user=user, reason="Memanas lagi.")
    assert list(incident.escalations.values_list("status", flat=True)) == [EscalationStatus.STOPPED]
