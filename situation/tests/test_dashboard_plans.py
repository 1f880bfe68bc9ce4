"""The dashboard's and the map's counts read the indexes made for them (incidents migrations 0018, 0019), so
they stay fast at a million reports: the plan of each count, with the table scan priced out as
PostgreSQL would price it on a large table, names its index; the overdue follow-ups are hashed once;
and the faster forms count exactly what a direct count of the reports gives.

(The open-report and period indexes are left to the benchmark: on a few test rows PostgreSQL prefers
another index whatever the settings.)"""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents.models import FollowUpAction, Incident
from incidents.selectors import followup_overdue_q
from incidents.services import follow_up_add, follow_up_complete, incident_reject
from incidents.tests.factories import make_incident
from situation.dashboard import DashboardScope, dashboard_data
from stakeholders.models import Person

DASHBOARD = reverse("situation:dashboard")
MEASURE = reverse("situation:map_measure")


@pytest.fixture
def varied(kab_admin):
    """Reports in two kecamatan, one past its Bawaslu clock, one with an overdue follow-up."""
    now = timezone.now()
    severe = make_incident(area_code="64.08.04.2001", severity=5, occurred_at=now, known_at=now)
    make_incident(area_code="64.08.09.2001", severity=3, occurred_at=now, known_at=now)
    make_incident(area_code="64.08.04.2001", category="POLITIK_UANG", severity=2)
    follow_up_add(
        incident=severe,
        description="Mediasi tokoh adat",
        owner=Person.objects.get(user=kab_admin),
        due_date=timezone.localdate() - timedelta(days=2),
        by_user=kab_admin,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
        cursor.execute("ANALYZE incidents_followupaction")
    return severe


def incident_queries(client, user, url: str, settings) -> list[str]:
    """The SQL of the counts over incidents_incident that one request runs."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "incidents_incident"' in q["sql"] and q["sql"].startswith("SELECT")
    ]


def plan(sql: str) -> str:
    """EXPLAIN of ``sql`` with sequential and bitmap scans priced out (a few test rows would otherwise
    be read whole, as no million-row table is)."""
    with connection.cursor() as cursor:
        # Statistics of the test's own rows, not of whatever earlier tests left the table looking like.
        cursor.execute("ANALYZE incidents_incident")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_bitmapscan")
    return text


def index_columns(name: str) -> list[str]:
    """The columns an index holds, its keys first, then those it includes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            "WHERE c.relname = %s ORDER BY k.n",
            [name],
        )
        return [row[0] for row in cursor.fetchall()]


def the_one(queries: list[str], marker: str) -> str:
    found = [q for q in queries if marker in q]
    assert len(found) == 1, found
    return found[0]


def test_the_legal_clock_figure_reads_only_the_overdue_clocks(client, viewer, varied, settings):
    queries = incident_queries(client, viewer, DASHBOARD, settings)
    sql = the_one([q for q in queries if "bawaslu_deadline" in q and 'status" IN' not in q], "COUNT(*)")
    assert "incident_dash_legal_clock_idx" in plan(sql)


def test_the_overdue_follow_ups_are_hashed_once_not_looked_up_per_report(client, viewer, varied, settings):
    queries = incident_queries(client, viewer, f"{MEASURE}?ukuran=insiden_terlambat", settings)
    sql = the_one(queries, "GROUP BY")
    # Not a correlated EXISTS: beside the OR's other tests PostgreSQL prices that per report, which at a
    # million reports put the count over the JIT threshold (compiling cost more than counting).
    assert "EXISTS" not in sql
    assert "hashed SubPlan" in plan(sql)


def test_the_incident_measures_read_the_occurred_time_index(client, viewer, varied, settings):
    for measure in ("insiden", "risiko_langsung"):
        queries = incident_queries(client, viewer, f"{MEASURE}?ukuran={measure}", settings)
        sql = the_one(queries, "GROUP BY")
        # At a million vacuumed rows PostgreSQL answers from this index alone (docs/performance.md); on
        # a few unvacuumed test rows any index on the time column is as cheap, so the plan cannot tell.
        # What must hold is that the index leads with the time and holds every column the count reads.
        columns = index_columns("incident_dash_occurred_idx")
        assert columns[:1] == ["occurred_at"], measure
        assert set(re.findall(r'"incidents_incident"\."(\w+)"', sql)) <= set(columns), (measure, sql)


def test_overdue_follow_ups_mark_the_same_reports_as_a_direct_check(kab_admin):
    owner = Person.objects.get(user=kab_admin)
    today = timezone.localdate()
    reports = [make_incident(area_code=code) for code in ("64.08.04.2001", "64.08.09.2001", "64.08.01.2001")]
    reports.append(make_incident(area_code="64.08.04.1010"))
    dues = [
        [-2],  # overdue
        [-3, 4],  # one overdue, one not yet due
        [5],  # not yet due
        [],  # none
    ]
    for incident, days in zip(reports, dues, strict=True):
        for offset in days:
            follow_up_add(
                incident=incident,
                description="Mediasi",
                owner=owner,
                due_date=today + timedelta(days=offset),
                by_user=kab_admin,
            )
    done = FollowUpAction.objects.filter(incident=reports[1], due_date__lt=today).get()
    follow_up_complete(action=done, by_user=kab_admin)
    expected = {
        i.pk
        for i in Incident.objects.prefetch_related("follow_ups")
        if any(f.done_at is None and f.due_date < today for f in i.follow_ups.all())
    }
    assert expected == {reports[0].pk}
    assert set(Incident.objects.filter(followup_overdue_q(today)).values_list("pk", flat=True)) == expected


def test_the_period_counts_equal_direct_counts_of_the_reports(viewer, kab_admin):
    for code, category in (
        ("64.08.04.2001", "BENTROK_MASSA"),
        ("64.08.04.1010", "POLITIK_UANG"),
        ("64.08.09.2001", "POLITIK_UANG"),
        ("64.08.09.2001", "BENTROK_MASSA"),
        ("64.08.01.2001", "BENTROK_MASSA"),
    ):
        make_incident(area_code=code, category=category)
    rejected = make_incident(area_code="64.08.04.2001")
    incident_reject(incident=rejected, expected_version=None, by_user=kab_admin, reason="hoaks")
    today = timezone.localdate()
    scope = DashboardScope(
        user=viewer,
        area_code="64.08",
        area_name="Kutai Timur",
        start=today - timedelta(days=29),
        end=today,
        today=today,
    )
    data = dashboard_data(scope)
    rows = list(Incident.objects.values_list("area_code", "category__name", "phase_id"))
    assert {r["label"]: r["value"] for r in data["over_time"]["by_category"]} == dict(
        Counter(name for _, name, _ in rows)
    )
    by_area = {r["code"]: r["value"] for r in data["by_area"] if r["value"]}
    assert by_area == dict(Counter(code[:8] for code, _, _ in rows))
    assert sum(r["value"] for r in data["by_phase"]) == len(rows)
    assert data["period_total"] == len(rows) == 6


def test_the_incident_pins_read_their_index_in_the_layers_order_and_stop_at_the_cap(
    client, viewer, varied, settings
):
    queries = incident_queries(client, viewer, f"{reverse('situation:map_points')}?lapisan=insiden", settings)
    text = plan(the_one(queries, "LIMIT"))
    # Ordered as the layer orders (most severe, then latest) and only reports with a point: no sort of
    # the whole period, the scan stops after the cap (at a million reports 2 ms instead of 140 ms).
    assert "incident_map_points_idx" in text
    assert "Sort" not in text
