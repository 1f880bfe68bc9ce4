"""The dashboard's pre-aggregated counts (incidents.counts): after creates, edits, merges, workflow
moves and removals, the numbers the dashboard reads from them equal those counted straight from the
reports (a reference written here), for a kabupaten, a kecamatan and a user who sees part of an area;
the rebuild command gives the same table; two concurrent writers both count."""

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from incidents.choices import OPEN_STATUSES, LinkKind
from incidents.models import Incident, IncidentCategory, IncidentDayCount, IncidentOpenCount
from incidents.selectors import incident_visible_to, legal_clock_overdue_q
from incidents.services import (
    incident_change_severity,
    incident_link,
    incident_reject,
    incident_update,
    incident_verify,
)
from incidents.tests.factories import make_incident, wita
from regions.models import AdminUnit, ElectionPhase
from regions.selectors import subtree_q
from situation import dashboard
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

START, END = date(2024, 10, 1), date(2024, 12, 31)


def reference(user, area_code: str, *, basis: str, start: date, end: date, weekly: bool, election_id=None):
    """The period's counts computed from the reports one by one, in Python: (bucket, category),
    phase, child area; open per severity; overdue legal clocks."""
    incidents = incident_visible_to(user).filter(subtree_q(area_code, "area_code"))
    if election_id is not None:
        incidents = incidents.filter(election_id=election_id)
    field = "occurred_at" if basis == dashboard.BASIS_OCCURRED else "reported_at"
    depth = area_code.count(".") + 2  # segments of a child's code
    by_bucket, by_phase, by_child = Counter(), Counter(), Counter()
    for incident in incidents:
        day = timezone.localtime(getattr(incident, field)).date()
        if not start <= day <= end:
            continue
        bucket = day - timedelta(days=day.weekday()) if weekly else day
        by_bucket[(bucket, incident.category_id)] += 1
        by_phase[incident.phase_id] += 1
        by_child[".".join(incident.area_code.split(".")[:depth])] += 1
    open_counts = Counter(i.severity for i in incidents if i.status in OPEN_STATUSES)
    legal = incidents.filter(legal_clock_overdue_q()).count()
    return dict(by_bucket), dict(by_phase), dict(by_child), dict(open_counts), legal


def from_dashboard(user, area_code: str, *, basis: str, start: date, end: date, election_id=None):
    scope = dashboard.DashboardScope(
        user=user,
        area_code=area_code,
        area_name=area_code,
        start=start,
        end=end,
        today=timezone.localdate(),
        election_id=election_id,
        basis=basis,
    )
    counts = dashboard._period_counts(scope)
    by_bucket = Counter()
    for bucket, category_id, n in counts.by_bucket_category:
        by_bucket[(bucket, category_id)] += n
    open_counts = {
        row["severity"]: row["value"] for row in dashboard._open_by_severity(scope) if row["value"]
    }
    legal = dashboard.legal_clocks_overdue(scope).value
    return scope, (dict(by_bucket), dict(counts.by_phase), dict(counts.by_child), open_counts, legal)


def assert_dashboard_equals_reference(user, area_code: str, *, counted: bool, election_id=None):
    for basis in (dashboard.BASIS_REPORTED, dashboard.BASIS_OCCURRED):
        for start, end in (
            (START, END),
            (date(2024, 10, 9), date(2024, 10, 12)),
            (START, timezone.localdate()),
        ):
            weekly = (end - start).days + 1 > dashboard.DAILY_MAX_DAYS
            scope, got = from_dashboard(
                user, area_code, basis=basis, start=start, end=end, election_id=election_id
            )
            assert scope.counted is counted
            expected = reference(
                user, area_code, basis=basis, start=start, end=end, weekly=weekly, election_id=election_id
            )
            assert got == expected, (area_code, basis, start, end)


def day_table() -> set[tuple]:
    """The count rows; none is left at 0 (the trigger drops a row its statement brings back to 0)."""
    assert not IncidentDayCount.objects.filter(n=0).exists()
    assert not IncidentOpenCount.objects.filter(n=0).exists()
    days = IncidentDayCount.objects.values_list(
        "scope_code", "basis", "day", "election_id", "dimension", "category_id", "phase_id", "child_code", "n"
    )
    opens = IncidentOpenCount.objects.values_list("scope_code", "election_id", "severity", "n")
    return set(days) | {("open", *row) for row in opens}


@pytest.fixture
def history(kab_admin):
    """Reports made, edited, merged, moved through the workflow and removed, through the services."""
    category = IncidentCategory.objects.get
    made = [
        make_incident(area_code="64.08.04.2001", severity=5),
        make_incident(area_code="64.08.04.1010", severity=3, category="POLITIK_UANG"),
        make_incident(area_code="64.08.09.2001", severity=2),
        # Filed at kecamatan and at kabupaten level: their own rows in the charts by area.
        make_incident(area_code="64.08.04", severity=4, category="POLITIK_UANG"),
        make_incident(area_code="64.08", severity=1),
        # 00:30 WITA is the day before in UTC: counted on the WITA day.
        make_incident(
            area_code="64.08.09.2001", occurred_at=wita(2024, 11, 27, 0, 30), known_at=wita(2024, 11, 27, 1)
        ),
        # A past event entered afterwards (historical), long before the period.
        make_incident(
            area_code="64.08.04.2001",
            occurred_at=wita(2019, 4, 17, 10),
            known_at=wita(2019, 4, 17, 11),
            historical=True,
            by_user=kab_admin,  # a past event is the kabupaten's officials' to enter
        ),
    ]
    first, second, bengalon, _kecamatan, _kabupaten, late, _old = made
    # Edits of every counted attribute: category, area (to another kecamatan), times, phase.
    first = incident_update(
        incident=first, expected_version=None, by_user=kab_admin, category=category(code="POLITIK_UANG")
    )
    second = incident_update(
        incident=second,
        expected_version=None,
        by_user=kab_admin,
        area=AdminUnit.objects.get(code="64.08.09.2001"),
    )
    late = incident_update(
        incident=late,
        expected_version=None,
        by_user=kab_admin,
        occurred_at=wita(2024, 11, 20, 23, 50),
        known_at=wita(2024, 11, 21, 8),
    )
    other_phase = (
        ElectionPhase.objects.exclude(pk=bengalon.phase_id).filter(election=bengalon.election).first()
    )
    if other_phase is not None:
        incident_update(incident=bengalon, expected_version=None, by_user=kab_admin, phase=other_phase)
    # Workflow: verified, severity changed, rejected (leaves the open counts and the legal clock).
    incident_verify(incident=first, expected_version=None, by_user=kab_admin)
    incident_change_severity(incident=first, expected_version=None, by_user=kab_admin, severity=4)
    incident_reject(incident=second, expected_version=None, by_user=kab_admin, reason="hoaks")
    # A duplicate merged into the first report.
    duplicate = make_incident(area_code="64.08.04.2001", severity=3)
    incident_link(source=duplicate, target=first, kind=LinkKind.DUPLICATE, by_user=kab_admin)
    # A removal (the bench's and the chaos rigs' removals delete rows outright).
    removed = make_incident(area_code="64.08.04.1010", severity=2)
    Incident.objects.filter(pk=removed.pk).delete()
    # A bulk update that changes a counted column of several rows at once.
    Incident.objects.filter(area_code__startswith="64.08.09").update(severity=5)
    return made


def test_the_dashboard_numbers_from_the_counts_equal_those_counted_from_the_reports(
    history, viewer, operator, liaison
):
    # The kabupaten for a Bupati; a kecamatan for its camat, a Kapolsek, and the Bupati choosing it.
    assert_dashboard_equals_reference(viewer, "64.08", counted=True)
    assert_dashboard_equals_reference(viewer, "64.08.04", counted=True)
    assert_dashboard_equals_reference(operator, "64.08.04", counted=True)
    assert_dashboard_equals_reference(liaison, "64.08.04", counted=True)
    assert_dashboard_equals_reference(viewer, "64.08.09", counted=True)
    election = history[0].election_id
    assert election is not None
    assert_dashboard_equals_reference(viewer, "64.08", counted=True, election_id=election)
    # Something was counted in each way.
    _, got = from_dashboard(
        viewer, "64.08", basis=dashboard.BASIS_REPORTED, start=START, end=timezone.localdate()
    )
    assert all(got[:4])


def test_a_user_who_sees_part_of_an_area_gets_the_counts_of_what_they_see(history, reporter):
    # A field reporter sees the reports they filed: the kecamatan's counts are not theirs, so theirs are
    # counted from the reports they may see.
    make_incident(by_user=reporter, area_code="64.08.04.2001", severity=4)
    assert reporter.has_perm("incidents.view_incident")
    assert_dashboard_equals_reference(reporter, "64.08.04", counted=False)
    _, got = from_dashboard(
        reporter, "64.08.04", basis=dashboard.BASIS_REPORTED, start=START, end=timezone.localdate()
    )
    assert sum(got[2].values()) == 1


def test_the_rebuild_command_gives_the_same_table(history):
    kept = day_table()
    assert kept
    IncidentDayCount.objects.all().delete()
    IncidentOpenCount.objects.all().delete()
    call_command("rebuild_incident_counts", verbosity=0)
    assert day_table() == kept


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_both_count(kutim, categories):
    """The second writer's UPSERT waits for the first's uncommitted row, then adds its own +1."""
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    first_inserted = threading.Event()
    errors = []

    def write(wait_for=None, then_set=None):
        try:
            if wait_for is not None:
                wait_for.wait(timeout=30)
            with transaction.atomic():
                make_incident(by_user=reporter, area_code="64.08.04.2001")
                if then_set is not None:
                    then_set.set()
                    # Hold the count rows' locks while the other writer reaches them.
                    threading.Event().wait(0.5)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, kwargs={"then_set": first_inserted}),
        threading.Thread(target=write, kwargs={"wait_for": first_inserted}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    day = timezone.localdate()
    rows = IncidentDayCount.objects.filter(scope_code="64.08.04", basis="r", day=day, dimension="a")
    assert sum(rows.values_list("n", flat=True)) == 2
    opens = IncidentOpenCount.objects.filter(scope_code="64.08")
    assert sum(opens.values_list("n", flat=True)) == 2
