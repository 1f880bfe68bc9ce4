"""Seed the default policies for track O (logistics, infrastructure, disaster) and reports without a track,
which alerted nobody (issue 14; DOMAIN.md §6.4: severity 4 is handled at kabupaten level).

A frozen copy of the entries added to escalation/defaults.py at the time; a policy already present by
name (created by escalation_policy_defaults_ensure, or by hand) is left as it is.
"""

from django.db import migrations

FORKOPIMCAM = [("forkopimcam", "", "")]
KABUPATEN = [("forkopimda", "", ""), ("tim_terpadu", "", "")]
KPU_KABUPATEN = [("jabatan", "ketua_kpu", "kabupaten"), ("jabatan", "anggota_kpu", "kabupaten")]

POLICIES = [
    (
        "Jalur O (operasional) tingkat 4+: Forkopimda, KPU Kabupaten dan Tim Terpadu",
        25, "O", 4, [], True, 2,
        [(30, [*KABUPATEN, *KPU_KABUPATEN])],
    ),
    (
        "Jalur O (operasional) tingkat 3: Forkopimcam dan PPK, lalu KPU Kabupaten",
        45, "O", 3, [], False, 0,
        [(30, [*FORKOPIMCAM, ("jabatan", "ketua_ppk", "kecamatan")]), (60, KPU_KABUPATEN)],
    ),
    (
        "Tanpa jalur (Lainnya) tingkat 4+: Forkopimda dan Tim Terpadu",
        60, "-", 4, [], True, 1,
        [(30, KABUPATEN)],
    ),
    (
        "Tanpa jalur (Lainnya) tingkat 3: Forkopimcam, lalu Forkopimda dan Tim Terpadu",
        65, "-", 3, [], False, 0,
        [(30, FORKOPIMCAM), (60, KABUPATEN)],
    ),
]  # fmt: skip

DESCRIPTION = "Bawaan dari tangga eskalasi DOMAIN.md §7; ubah sesuai keputusan daerah."


def seed(apps, schema_editor):
    Policy = apps.get_model("escalation", "EscalationPolicy")
    Step = apps.get_model("escalation", "EscalationPolicyStep")
    Target = apps.get_model("escalation", "EscalationStepTarget")
    for name, priority, track, severity, _categories, repeat, repeats, steps in POLICIES:
        if Policy.objects.filter(name=name).exists():
            continue
        policy = Policy.objects.create(
            name=name,
            description=DESCRIPTION,
            priority=priority,
            track=track,
            min_severity=severity,
            repeat_last_step=repeat,
            max_repeats=repeats,
        )
        for order, (wait, targets) in enumerate(steps, start=1):
            step = Step.objects.create(policy=policy, order=order, wait_minutes=wait)
            for kind, office, level in targets:
                Target.objects.create(step=step, kind=kind, office=office, level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0007_start_reason_knows_outcome_events"),
        ("incidents", "0006_seed_escalation_policies"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
