"""The dashboard: who sees which area, figures that match the list behind them, a fixed query count,
a cache of at most a minute, and the registries other apps extend it through."""

from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from incidents.services import follow_up_add, incident_reject
from incidents.tests.factories import make_incident
from situation import dashboard
from stakeholders.choices import Office
from stakeholders.models import Person
from stakeholders.tests.factories import user_with_office

URL = reverse("situation:dashboard")


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return response


def list_count(client, url: str) -> int:
    """The number of rows the incident list shows for a dashboard link."""
    parsed = urlparse(url)
    assert parsed.path == reverse("incidents:incident_list")
    response = client.get(f"{parsed.path}?{parsed.query}")
    assert response.status_code == 200
    return response.context["count"]


@pytest.fixture
def mixed(kab_admin):
    """Incidents in Sangatta Utara (64.08.04) and Bengalon (64.08.09): open, rejected, P-track
    overdue, with an overdue follow-up."""
    severe = make_incident(area_code="64.08.04.2001", severity=5)
    make_incident(area_code="64.08.04.1010", severity=3)
    make_incident(area_code="64.08.09.2001", severity=3)
    rejected = make_incident(area_code="64.08.04.2001", severity=2, title="Kabar bohong")
    incident_reject(incident=rejected, expected_version=None, by_user=kab_admin, reason="hoaks")
    # Known on 10 October 2024: its 7 days to Bawaslu ran out long ago.
    make_incident(area_code="64.08.04.2001", category="POLITIK_UANG", severity=2)
    follow_up_add(
        incident=severe,
        description="Mediasi tokoh adat",
        owner=Person.objects.get(user=kab_admin),
        due_date=timezone.localdate() - timedelta(days=2),
        by_user=kab_admin,
    )
    return severe


def test_dashboard_access_follows_role_and_area(kutim, operator, other_operator, reporter):
    assert_view_access(
        ViewAccessCase(
            url=f"{URL}?wilayah=64.08.04",
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_forkopimda_security_heads_see_the_kabupaten_and_a_kapolsek_their_kecamatan(client, liaison, mixed):
    kapolres = user_with_office(Office.KAPOLRES, "64.08")
    assert get(client, kapolres).context["scope"].area_code == "64.08"
    response = get(Client(), liaison)  # Kapolsek Sangatta Utara
    assert response.context["scope"].area_code == "64.08.04"
    assert response.context["data"]["period_total"] == 4
    bhabinkamtibmas = user_with_office(Office.BHABINKAMTIBMAS, "64.08.04.2001")
    client.force_login(bhabinkamtibmas)
    assert client.get(URL).status_code == 403  # a desa: only part of any dashboard's area


def test_a_user_without_the_incident_permission_is_refused(client, trainer):
    client.force_login(trainer)
    assert client.get(URL).status_code == 403


def test_leadership_opens_the_kabupaten_and_may_choose_a_kecamatan(client, viewer, mixed):
    response = get(client, viewer)
    assert response.context["scope"].area_code == "64.08"
    assert "Dasbor Kutai Timur" in response.content.decode()
    response = get(client, viewer, wilayah="64.08.09")
    assert response.context["scope"].area_name == "Bengalon"


def test_a_camat_sees_their_kecamatan_by_default_and_only_its_incidents(client, operator, mixed):
    response = get(client, operator)
    data = response.context["data"]
    assert response.context["scope"].area_code == "64.08.04"
    open_counts = {row["severity"]: row["value"] for row in data["open_by_severity"]}
    assert open_counts == {5: 1, 4: 0, 3: 1, 2: 1, 1: 0}
    by_desa = {row["code"]: row["value"] for row in data["by_area"]}
    assert (by_desa["64.08.04.2001"], by_desa["64.08.04.1010"]) == (3, 1)
    assert data["period_total"] == 4  # the Bengalon incident is not theirs


def test_open_incidents_by_severity_leave_out_rejected_reports(client, viewer, mixed):
    data = get(client, viewer).context["data"]
    open_counts = {row["severity"]: row["value"] for row in data["open_by_severity"]}
    assert open_counts == {5: 1, 4: 0, 3: 2, 2: 1, 1: 0}


def test_every_number_links_to_a_list_of_exactly_that_many_incidents(client, viewer, mixed):
    response = get(client, viewer)
    data = response.context["data"]
    page = response.context["page"]
    links = [(f"severity {row['severity']}", row["value"], row["url"]) for row in data["open_by_severity"]]
    links += [(figure["name"], figure["value"], figure["url"]) for figure in page.figures]
    links += [(row["label"], row["value"], row["url"]) for row in data["over_time"]["by_category"]]
    links += [(row["label"], row["value"], row["url"]) for row in data["by_phase"] if row["url"]]
    links += [(row["label"], row["value"], row["url"]) for row in data["by_area"]]
    links.append(("period", data["period_total"], data["period_url"]))
    figures = {figure["name"]: figure["value"] for figure in page.figures}
    assert figures["new_today"] == 5
    assert figures["followups_overdue"] == 1
    assert figures["legal_clocks_overdue"] == 1
    assert figures["open_overdue"] == 2
    assert sum(1 for _, value, _ in links if value) >= 8
    for name, value, url in links:
        assert list_count(client, url) == value, name


def test_a_kecamatan_dashboard_links_to_lists_of_the_same_counts(client, operator, mixed):
    response = get(client, operator)
    data = response.context["data"]
    links = [(row["value"], row["url"]) for row in data["open_by_severity"]]
    links += [(f["value"], f["url"]) for f in response.context["page"].figures]
    links += [(row["value"], row["url"]) for row in data["by_area"]]
    assert any(value for value, _ in links)
    for value, url in links:
        assert list_count(client, url) == value, url


def test_the_query_count_does_not_grow_with_the_number_of_incidents(client, viewer, mixed, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0  # every request computes every figure
    client.force_login(viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for code in ("64.08.01.2001", "64.08.02.2001", "64.08.05.2001", "64.08.09.2001"):
        make_incident(area_code=code, category="POLITIK_UANG", severity=4)
    assert queries() == few
    assert few <= 25


def test_figures_are_cached_for_a_minute_at_most(client, viewer, mixed, settings):
    first = get(client, viewer).context["page"].figures
    make_incident(area_code="64.08.04.2001")
    client2 = Client()
    client2.force_login(viewer)
    with CaptureQueriesContext(connection) as ctx:
        again = client2.get(URL).context["page"].figures
    assert again == first  # from the cache
    cold = [q["sql"] for q in ctx.captured_queries if "incidents_incident" in q["sql"]]
    assert cold == []
    assert dashboard.dashboard_cache_seconds() == 60
    settings.DASHBOARD_CACHE_SECONDS = 600
    assert dashboard.dashboard_cache_seconds() == 60


def test_a_kecamatan_never_reads_the_kabupaten_figures_from_the_cache(client, viewer, operator, mixed):
    kabupaten = get(client, viewer).context["data"]["period_total"]
    kecamatan = get(Client(), operator).context["data"]["period_total"]
    assert (kabupaten, kecamatan) == (5, 4)


def test_another_app_adds_a_figure_with_its_list_link(client, viewer, mixed):
    def alerts(scope):
        return dashboard.FigureValue(7, scope.list_url(severity=5))

    dashboard.register_figure("uji_peringatan", "Peringatan uji", alerts, order=12)
    try:
        response = get(client, viewer, dari=(timezone.localdate() - timedelta(days=3)).isoformat())
    finally:
        dashboard.unregister_figure("uji_peringatan")
    names = [figure["name"] for figure in response.context["page"].figures]
    assert names[:2] == ["new_today", "uji_peringatan"]
    assert 'data-testid="figure-uji_peringatan"' in response.content.decode()


def test_a_figure_behind_a_permission_is_hidden_from_users_without_it(client, viewer, mixed):
    dashboard.register_figure(
        "uji_rahasia",
        "Rahasia",
        lambda scope: dashboard.FigureValue(1, ""),
        permission="incidents.triage_incident",
    )
    try:
        names = [figure["name"] for figure in get(client, viewer).context["page"].figures]
    finally:
        dashboard.unregister_figure("uji_rahasia")
    assert "uji_rahasia" not in names


def test_the_training_coverage_and_registry_gaps_panels_are_shown(client, viewer, mixed):
    response = get(client, viewer)
    panels = {panel["name"]: panel["data"] for panel in response.context["page"].panels}
    assert set(panels) == {"cakupan_bimtek", "celah_registri", "rencana_aksi"}
    assert panels["celah_registri"]["areas"] > 0
    body = response.content.decode()
    assert 'data-testid="panel-cakupan_bimtek"' in body
    assert 'id="dashboard-data"' in body
    assert "<script>" not in body  # charts come from static/js/dashboard.js, data from json_script


def test_a_long_period_is_charted_by_week_and_a_reversed_one_is_refused(client, viewer, mixed):
    today = timezone.localdate()
    response = get(client, viewer, dari=(today - timedelta(days=100)).isoformat())
    assert response.context["data"]["over_time"]["weekly"] is True
    response = get(client, viewer, dari=today.isoformat(), sampai=(today - timedelta(days=1)).isoformat())
    assert "Tanggal awal harus sebelum tanggal akhir." in response.content.decode()
    response = get(client, viewer, dari="kemarin")
    assert response.context["form"].errors["dari"]


def test_the_navigation_offers_the_dashboard_to_leadership_not_to_field_reporters(client, viewer, reporter):
    client.force_login(viewer)
    assert 'data-testid="nav-dashboard"' in client.get(reverse("home")).content.decode()
    client.force_login(reporter)
    assert 'data-testid="nav-dashboard"' not in client.get(reverse("home")).content.decode()


def test_the_followup_filter_lists_open_incidents_with_a_follow_up_past_due(client, kab_admin, mixed):
    client.force_login(kab_admin)
    response = client.get(reverse("incidents:incident_list"), {"followup_overdue": "on"})
    assert [row.pk for row in response.context["rows"]] == [mixed.pk]


def test_the_period_fields_show_the_default_period(client, viewer, kutim):
    body = get(client, viewer).content.decode()
    today = timezone.localdate()
    assert f'value="{(today - timedelta(days=29)).isoformat()}"' in body
    assert f'value="{today.isoformat()}"' in body


def test_period_dates_in_the_past_do_not_count_reports_of_today(client, viewer, mixed):
    response = get(client, viewer, dari="2024-01-01", sampai="2024-01-31")
    assert response.context["data"]["period_total"] == 0
    assert response.context["scope"].start == date(2024, 1, 1)


def test_unacknowledged_alerts_are_counted_and_drop_when_someone_acknowledges(
    client, viewer, kab_admin, mixed, settings
):
    from escalation.models import Escalation
    from escalation.services import escalation_acknowledge

    settings.DASHBOARD_CACHE_SECONDS = 0
    running = Escalation.objects.filter(status__in=["aktif", "habis"])
    before = {f["name"]: f for f in get(client, viewer).context["page"].figures}["alerts_unacknowledged"]
    assert before["value"] == running.count() >= 1
    assert list_count(client, before["url"]) == before["value"]

    escalation_acknowledge(escalation=Escalation.objects.get(incident=mixed), by_user=kab_admin)

    after = {f["name"]: f for f in get(client, viewer).context["page"].figures}["alerts_unacknowledged"]
    assert after["value"] == before["value"] - 1
    assert list_count(client, after["url"]) == after["value"]


def test_the_dashboard_filters_by_election_and_its_links_keep_the_filter(client, viewer, mixed):
    from incidents.tests.factories import wita
    from regions.models import Election

    make_incident(
        area_code="64.08.04.2001", severity=4, occurred_at=wita(2019, 4, 17), known_at=wita(2019, 4, 17, 12)
    )
    pemilu = Election.objects.get(code="pemilu-2019")
    everything = get(client, viewer).context["data"]
    only_2019 = get(client, viewer, pemilihan=pemilu.pk).context["data"]
    assert {row["severity"]: row["value"] for row in everything["open_by_severity"]}[4] == 1
    assert {row["severity"]: row["value"] for row in only_2019["open_by_severity"]} == {
        5: 0,
        4: 1,
        3: 0,
        2: 0,
        1: 0,
    }
    assert only_2019["period_total"] == 1
    assert list_count(client, only_2019["period_url"]) == 1
    assert f"election={pemilu.pk}" in only_2019["period_url"]
