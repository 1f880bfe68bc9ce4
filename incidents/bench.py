"""Benchmark data of incidents: N incidents loaded with COPY, for ``manage.py bench_situation`` (the
situation app times its dashboard, map and report over them).

Committed and vacuumed as a live table would be, measured, then removed by ``incidents_bench_delete`` (every
loaded number starts with ``BNS-``; bench_triage's with ``BNC-``). The spread: 90 % in a desa
(10 % filed at kecamatan level), categories weighted towards the common ones, severity 1-5 as in
triage (30/35/20/10/5 %), reported evenly over the 365 days up to now (about 8,200 in 30 days), statuses
by age (recent ones open, old ones mostly closed, 8 % rejected, a few old ones still open), election
phases from the 2024 calendar shifted so that today falls 30 days after voting day, 60 % of the
desa incidents with a GPS point near the desa's centroid, and follow-ups on a fifth of the open
ones (some past due).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from core.benchharness import history_paused, vacuum_analyze
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, election_latest, electionphase_at
from stakeholders.selectors import person_for_user

from .categories import category_defaults_ensure
from .choices import OPEN_STATUSES, P_TRACKS, ConflictStage, IncidentKind, RejectReason, Source, Status
from .counts import DAY_TABLE, OPEN_TABLE
from .hooks import incident_removal_hooks_run
from .models import BAWASLU_REPORT_DAYS, FollowUpAction, Incident, IncidentCategory

PREFIX = "BNS-"
NULL = "\\N"
WINDOW_DAYS = 365
SEVERITY_WEIGHTS = [30, 35, 20, 10, 5]  # severity 1..5
# Every column the benchmark loaders fill, in the order of the COPY (bench_triage loads through here too).
COPY_COLUMNS = [
    "number",
    "kind",
    "title",
    "chronology",
    "track",
    "severity",
    "status",
    "occurred_at",
    "known_at",
    "reported_at",
    "area_id",
    "area_code",
    "lat",
    "lng",
    "location_description",
    "phase_id",
    "conflict_stage",
    "source",
    "parties_involved",
    "injured",
    "dead",
    "damage",
    "violation_class",
    "reporter_id",
    "has_confidential_informant",
    "reject_reason",
    "reject_note",
    "bawaslu_deadline",
    "bawaslu_referred_at",
    "version",
    "created_at",
    "updated_at",
    "category_id",
    "is_historical",
    "resolution_note",
    "handled_elsewhere_by",
    "bawaslu_state",
]
# What a loader's row need not say.
COPY_DEFAULTS = {
    "lat": NULL,
    "lng": NULL,
    "location_description": "",
    "phase_id": NULL,
    "conflict_stage": ConflictStage.PENCEGAHAN,
    "source": Source.PETUGAS_LAPANGAN,
    "parties_involved": "",
    "injured": 0,
    "dead": 0,
    "damage": "",
    "violation_class": "",
    "has_confidential_informant": "f",
    "reject_note": "",
    "version": 1,
    "is_historical": "f",
    "resolution_note": "",
    "handled_elsewhere_by": "",
    "bawaslu_state": "",
}


def bench_incident_row(
    *, rng: random.Random, track: str, severity: int, status: str, occurred, known, reported, now, **fields
) -> dict:
    """One incident row for ``incidents_copy``: the kind, the Bawaslu deadline and referral (70 % of the
    P-track ones, within nine days) and the reject reason follow from the values given, as in real use."""
    deadline = known + timedelta(days=BAWASLU_REPORT_DAYS) if track in P_TRACKS else None
    referred = known + timedelta(days=rng.randint(1, 9)) if deadline and rng.random() < 0.7 else None
    if referred and referred > now:
        referred = None
    return {
        "kind": IncidentKind.EARLY_WARNING if severity == 1 else IncidentKind.INCIDENT,
        "track": track,
        "severity": severity,
        "status": status,
        "occurred_at": occurred.isoformat(),
        "known_at": known.isoformat(),
        "reported_at": reported.isoformat(),
        "reject_reason": RejectReason.HOAKS if status == Status.DITOLAK else "",
        "bawaslu_deadline": deadline.isoformat() if deadline else NULL,
        "bawaslu_referred_at": referred.isoformat() if referred else NULL,
        **fields,
    }


def incidents_copy(rows) -> None:
    """COPY incident rows (dicts by column, ``COPY_DEFAULTS`` for the rest) into the caller's transaction."""
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        values = {**COPY_DEFAULTS, "created_at": now, "updated_at": now, **row}
        writer.writerow([values[column] for column in COPY_COLUMNS])
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY incidents_incident ({', '.join(COPY_COLUMNS)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


TITLES = [
    "Kericuhan di depan posko",
    "Pembagian uang kepada warga",
    "Baliho dirusak",
    "Ancaman terhadap petugas",
    "Hoaks menyebar di grup warga",
    "Massa berkumpul di balai desa",
    "Netralitas ASN dipersoalkan",
    "Logistik pemilihan terlambat",
]


def _status_for(age_days: float, rng: random.Random) -> str:
    if rng.random() < 0.08:
        return Status.DITOLAK
    if age_days < 3:
        return rng.choices([Status.BARU, Status.TERVERIFIKASI, Status.DITANGANI], [5, 3, 2])[0]
    if age_days < 14:
        return rng.choices([Status.TERVERIFIKASI, Status.DITANGANI, Status.SELESAI], [2, 5, 3])[0]
    if rng.random() < 0.03:  # old and still open: overdue
        return Status.DITANGANI
    return rng.choices([Status.SELESAI, Status.DITUTUP], [2, 8])[0]


def _phases_by_age() -> dict[int, int | None]:
    """Phase id per age in days: the 2024 calendar shifted so today is voting day + 30 days."""
    election = election_latest()
    if election is None:
        return {}
    anchor = election.voting_date + timedelta(days=30)
    result = {}
    for age in range(WINDOW_DAYS + 1):
        phase = electionphase_at(moment=anchor - timedelta(days=age), election=election)
        result[age] = phase.pk if phase else None
    return result


def incidents_bench_load(*, n: int, user, write) -> dict:
    """COPY ``n`` incidents reported by ``user``, and follow-ups on a fifth of the open ones, into the
    caller's transaction; returns {"incidents", "incidents_with_gps", "follow_ups"}."""
    category_defaults_ensure()
    rng = random.Random(11)  # noqa: S311 - reproducible benchmark data, not security
    units = list(
        adminunit_list(with_parent=False)
        .filter(level__in=[AdminLevel.DESA, AdminLevel.KECAMATAN])
        .values_list("id", "code", "level", "centroid_lat", "centroid_lng")
    )
    desa = [u for u in units if u[2] == AdminLevel.DESA]
    kecamatan = [u for u in units if u[2] == AdminLevel.KECAMATAN]
    categories = list(IncidentCategory.objects.order_by("order").values_list("id", "track"))
    category_weights = [8 if i < 10 else 3 for i in range(len(categories))]
    phases = _phases_by_age()
    now = timezone.now()
    rows = []
    for _ in range(n):
        unit = rng.choice(desa) if rng.random() < 0.9 else rng.choice(kecamatan)
        category_id, track = rng.choices(categories, weights=category_weights)[0]
        age = WINDOW_DAYS * rng.random()
        reported = now - timedelta(days=age)
        known = reported - timedelta(minutes=rng.randrange(5, 300))
        occurred = known - timedelta(minutes=rng.randrange(0, 600))
        status = _status_for(age, rng)
        severity = rng.choices(range(1, 6), weights=SEVERITY_WEIGHTS)[0]
        gps = unit[2] == AdminLevel.DESA and unit[3] is not None and rng.random() < 0.6
        row = bench_incident_row(
            rng=rng,
            track=track,
            severity=severity,
            status=status,
            occurred=occurred,
            known=known,
            reported=reported,
            now=now,
            chronology="Laporan uji beban situasi.",
            area_id=unit[0],
            area_code=unit[1],
            phase_id=phases.get(int(age)) or NULL,
            reporter_id=user.pk,
            category_id=category_id,
        )
        row["title"] = rng.choice(TITLES)
        if gps:
            row.update(lat=unit[3] + rng.uniform(-0.02, 0.02), lng=unit[4] + rng.uniform(-0.02, 0.02))
        rows.append((reported, row))
    # Reports arrive in time order, so the table's physical order follows reported_at as in real use.
    rows.sort(key=lambda pair: pair[0])
    incidents_copy({**row, "number": f"{PREFIX}{i:07d}"} for i, (_reported, row) in enumerate(rows))
    owner = person_for_user(user)
    today = timezone.localdate()
    open_rows = Incident.objects.filter(
        number__startswith=PREFIX, status__in=list(OPEN_STATUSES)
    ).values_list("id", "reported_at")
    follow_ups = [
        FollowUpAction(
            incident_id=pk,
            description="Tindak lanjut uji beban",
            owner=owner,
            due_date=timezone.localdate(reported) + timedelta(days=rng.randint(1, 10)),
            done_at=now if rng.random() < 0.3 else None,
            created_by=user,
        )
        for pk, reported in open_rows
        if rng.random() < 0.2
    ]
    FollowUpAction.objects.bulk_create(follow_ups, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
        cursor.execute("ANALYZE incidents_followupaction")
    seeded = Incident.objects.filter(number__startswith=PREFIX).count()
    with_gps = Incident.objects.filter(number__startswith=PREFIX, lat__isnull=False).count()
    write(
        f"insiden: {seeded} ({with_gps} dengan titik GPS), tindak lanjut: {len(follow_ups)}, "
        f"periode {today - timedelta(days=WINDOW_DAYS):%d/%m/%Y} s.d. {today:%d/%m/%Y}"
    )
    return {"incidents": seeded, "incidents_with_gps": with_gps, "follow_ups": len(follow_ups)}


def incidents_bench_vacuum() -> None:
    """``VACUUM ANALYZE`` the tables the loaders filled, as autovacuum does on a live table: the
    visibility map that index-only scans need, and fresh statistics (``ANALYZE`` only inside a test's
    transaction, where VACUUM cannot run). The dashboard's count tables too: the COPY's statement
    trigger (incidents.counts) counted the loaded reports in the same transaction, so no rebuild is needed."""
    vacuum_analyze("incidents_incident", "incidents_followupaction", DAY_TABLE, OPEN_TABLE)


def incidents_bench_delete(*, number_prefix: str) -> None:
    """Delete the reports a benchmark COPYed (their numbers start with ``number_prefix``), with all that
    hangs on them, in one transaction and without history (they are the benchmark's own rows).

    What other apps hang on a bench report (the Inpres 2/2013 actions a measured triage step gave a
    severity-4 report, say) goes first, through their own removal hooks; this app's own rows, the bulk,
    by plain DELETE (a million reports in seconds, where the ORM would fetch them one by one).
    """
    pattern = number_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with history_paused(), transaction.atomic(), connection.cursor() as cursor:
        incident_removal_hooks_run(incidents=Incident.objects.filter(number__startswith=number_prefix))
        bench = "SELECT id FROM incidents_incident WHERE number LIKE %s"
        for table in (
            "incidents_incidentevent",
            "incidents_incidentnote",
            "incidents_followupaction",
            "incidents_referral",
            "incidents_evidence",
            "incidents_confidentialinformant",
        ):
            cursor.execute(f"DELETE FROM {table} WHERE incident_id IN ({bench})", [pattern])  # noqa: S608
        cursor.execute(
            f"DELETE FROM incidents_incidentlink WHERE source_id IN ({bench}) OR target_id IN ({bench})",  # noqa: S608
            [pattern, pattern],
        )
        # The trigger takes the removed reports off the dashboard's counts, and drops the rows left at 0.
        cursor.execute("DELETE FROM incidents_incident WHERE number LIKE %s", [pattern])


def incidents_bench_remove(*, title_prefix: str) -> dict[str, int]:
    """Delete the reports a bench or chaos run filed (recognised by the prefix of their titles), with
    everything that hangs on them; what was deleted, by model label."""
    return Incident.objects.filter(title__startswith=title_prefix).delete()[1]
