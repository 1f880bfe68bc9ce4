"""The move out of incidents keeps an existing database's rows: migrated back to the last release before
the move, filled through the old tables, then migrated forward (real PostgreSQL, Django's executor)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from escalation.defaults import POLICIES
from escalation.models import (
    Escalation,
    EscalationAckLink,
    EscalationPolicy,
    EscalationPolicyStep,
    EscalationStepRun,
    EscalationStepTarget,
)
from incidents.tests.factories import make_incident
from stakeholders.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The last migration of incidents before the move (main's when the move was made).
BEFORE_MOVE = ("incidents", "0009_move_informant_log_to_audit")


def _migrate(*targets) -> MigrationExecutor:
    """Migrate the test database to ``targets`` (all the latest migrations when none); a fresh executor."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


def _default_policies() -> dict:
    """The default policies in the database as (priority, track, severity, categories, repeat, repeats, steps)."""
    return {
        policy.name: (
            policy.priority,
            policy.track,
            policy.min_severity,
            sorted(policy.categories.values_list("code", flat=True)),
            policy.repeat_last_step,
            policy.max_repeats,
            [
                (step.wait_minutes, [(t.kind, t.office, t.level) for t in step.targets.order_by("id")])
                for step in policy.steps.order_by("order")
            ],
        )
        for policy in EscalationPolicy.objects.filter(name__in=[p[0] for p in POLICIES])
    }


@pytest.mark.migration
def test_a_database_from_before_the_move_keeps_every_escalation_row_and_its_defaults_once(kutim):
    # Rows of apps the move does not touch are made with today's code, before going back.
    incident = make_incident(severity=1)  # below every default policy: no escalation of its own
    person = PersonFactory(full_name="Penerima Lama")
    user = get_user_model().objects.create(username="pengguna.lama")
    try:
        old = _migrate(BEFORE_MOVE, ("escalation", None)).loader.project_state([BEFORE_MOVE]).apps
        _upgrade_from_old_tables(old, incident=incident, person=person, user=user)
    finally:
        _migrate()


def _upgrade_from_old_tables(old, *, incident, person, user) -> None:
    # The default policies as a fresh database got them: by incidents 0006's seed, into the old tables.
    old.get_model("incidents", "EscalationPolicy").objects.all().delete()
    seed_0006 = import_module("incidents.migrations.0006_seed_escalation_policies")
    seed_0006.seed(old, None)
    policies_before = old.get_model("incidents", "EscalationPolicy").objects.count()
    assert policies_before == len(seed_0006.POLICIES)

    policy = old.get_model("incidents", "EscalationPolicy").objects.create(
        name="Kebijakan lama", priority=5, min_severity=1, repeat_last_step=True, max_repeats=2
    )
    policy.categories.set(old.get_model("incidents", "IncidentCategory").objects.filter(code="BENTROK_MASSA"))
    policy.areas.set(old.get_model("regions", "AdminUnit").objects.filter(code="64.08.04"))
    old.get_model("incidents", "HistoricalEscalationPolicy").objects.create(
        id=policy.pk,
        name=policy.name,
        priority=5,
        min_severity=1,
        max_repeats=2,
        created_at=policy.created_at,
        updated_at=policy.updated_at,
        history_date=timezone.now(),
        history_type="+",
    )
    step = old.get_model("incidents", "EscalationPolicyStep").objects.create(
        policy=policy, order=1, wait_minutes=20, active_from_hour=7, active_until_hour=19
    )
    target = old.get_model("incidents", "EscalationStepTarget").objects.create(
        step=step, kind="orang", person_id=person.pk
    )
    now = timezone.now()
    escalation = old.get_model("incidents", "Escalation").objects.create(
        incident_id=incident.pk,
        policy=policy,
        policy_snapshot={"id": policy.pk, "name": policy.name, "steps": [{"order": 1}]},
        status="aktif",
        next_step=0,
        run_count=1,
        next_due_at=now + timedelta(minutes=20),
        start_reason="dibuat",
    )
    run = old.get_model("incidents", "EscalationStepRun").objects.create(
        escalation=escalation,
        sequence=1,
        step_index=0,
        due_at=now,
        ran_at=now,
        recipients=[{"id": person.pk, "name": str(person)}],
        message_keys=["eskalasi|lama"],
    )
    link = old.get_model("incidents", "EscalationAckLink").objects.create(
        escalation=escalation, person_id=person.pk, nonce="a" * 32
    )
    # A beat schedule row naming the old task, and a permission given to a user by hand.
    audit = PeriodicTask.objects.create(
        name="eskalasi-audit-lama",
        task="incidents.tasks.escalation_audit",
        interval=IntervalSchedule.objects.create(every=15, period=IntervalSchedule.SECONDS),
    )
    permission = Permission.objects.get(
        content_type__app_label="incidents", codename="acknowledge_escalation"
    )
    user.user_permissions.add(permission)

    _migrate()

    # The seed of the release before the move came through once; it is today's list of defaults.
    assert _default_policies() == {
        name: (
            priority,
            track,
            severity,
            sorted(categories),
            repeat,
            repeats,
            [(w, list(t)) for w, t in steps],
        )
        for name, priority, track, severity, categories, repeat, repeats, steps in POLICIES
    }
    moved = EscalationPolicy.objects.get(pk=policy.pk)
    assert (moved.name, moved.priority, moved.repeat_last_step, moved.max_repeats) == (
        "Kebijakan lama",
        5,
        True,
        2,
    )
    assert list(moved.categories.values_list("code", flat=True)) == ["BENTROK_MASSA"]
    assert list(moved.areas.values_list("code", flat=True)) == ["64.08.04"]
    assert list(moved.history.values_list("history_type", flat=True)) == ["+"]
    assert EscalationPolicyStep.objects.get(pk=step.pk, policy=moved).active_until_hour == 19
    assert EscalationStepTarget.objects.get(pk=target.pk, step_id=step.pk).person == person
    moved_escalation = Escalation.objects.get(pk=escalation.pk)
    assert (moved_escalation.incident, moved_escalation.policy, moved_escalation.status) == (
        incident,
        moved,
        "aktif",
    )
    assert moved_escalation.next_due_at == escalation.next_due_at
    assert EscalationStepRun.objects.get(pk=run.pk, escalation=moved_escalation).message_keys == [
        "eskalasi|lama"
    ]
    assert EscalationAckLink.objects.get(pk=link.pk, escalation=moved_escalation).nonce == "a" * 32
    # Every default once (later migrations add the policies 0006 did not have), and the old policy.
    assert EscalationPolicy.objects.count() == len(POLICIES) + 1
    # New rows continue the old tables' ids.
    assert EscalationPolicy.objects.create(name="Baru", min_severity=1).pk > policy.pk
    audit.refresh_from_db()
    assert audit.task == "escalation.tasks.escalation_audit"
    permission.refresh_from_db()
    assert permission.content_type.app_label == "escalation"
    assert get_user_model().objects.get(pk=user.pk).has_perm("escalation.acknowledge_escalation")


def test_the_unique_text_index_follows_the_renamed_table():
    """Django finds this index by a name derived from the table when it alters the column."""
    table = EscalationAckLink._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    with connection.schema_editor() as editor:
        expected = editor._create_index_name(table, ["nonce"], suffix="_like")
    assert table == "escalation_escalationacklink"
    assert expected in constraints
