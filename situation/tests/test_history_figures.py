"""Past events and kabupaten-level reports in the dashboard and the daily situation report."""

from datetime import date
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from incidents.choices import ReferralTarget, Source
from incidents.services import referral_add
from incidents.tests.factories import make_incident, wita
from situation.sitrep.data import situation_data

pytestmark = pytest.mark.django_db

URL = reverse("situation:dashboard")


def _get(user, **params):
    client = Client()
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return client, response


def _list_count(client, url: str) -> int:
    parsed = urlparse(url)
    return client.get(f"{parsed.path}?{parsed.query}").context["count"]


@pytest.fixture
def past(kab_admin):
    """A 2019 money-politics case in Kombeng, entered today as a past event."""
    return make_incident(
        by_user=kab_admin,
        historical=True,
        category="POLITIK_UANG",
        area_code="64.08.08.2001",
        occurred_at=wita(2019, 4, 16, 20),
        known_at=wita(2019, 4, 17, 8),
        source=Source.BAWASLU,
    )


def test_a_past_event_is_not_todays_news_nor_overdue_on_the_dashboard(viewer, past):
    _client, response = _get(viewer)
    figures = {f["name"]: f["value"] for f in response.context["page"].figures}
    assert figures["new_today"] == 0
    assert figures["legal_clocks_overdue"] == 0
    assert figures["open_overdue"] == 0


def test_a_past_event_counts_on_the_days_it_happened(viewer, past):
    client, response = _get(viewer, dari="2019-04-01", sampai="2019-04-30")
    data = response.context["data"]
    assert data["period_total"] == 1
    assert _list_count(client, data["period_url"]) == 1
    labels = data["over_time"]["labels"]
    counts = data["over_time"]["datasets"][0]["data"]
    assert counts[labels.index("17/04")] == 1


def test_the_kabupaten_dashboard_counts_kabupaten_level_reports_in_a_row_of_their_own(viewer, operator):
    make_incident(area_code="64.08", category="NETRALITAS_ASN", severity=2)
    make_incident(area_code="64.08.04.2001", severity=3)
    client, response = _get(viewer)
    rows = {row["code"]: row for row in response.context["data"]["by_area"]}
    assert rows["64.08"]["value"] == 1
    assert rows["64.08.04"]["value"] == 1
    assert _list_count(client, rows["64.08"]["url"]) == 1
    _client, camat = _get(operator)
    assert camat.context["data"]["period_total"] == 1  # the kabupaten-level report is not the camat's


def test_the_situation_report_counts_a_past_event_on_its_day_and_not_its_later_records(
    kutim, kab_admin, past
):
    referral_add(
        incident=past,
        target=ReferralTarget.BAWASLU,
        referred_at=wita(2019, 4, 17, 9),
        register_number="001/LP/PL/Kab/23.09/IV/2019",
        by_user=kab_admin,
    )
    with translation.override("id"):
        today = situation_data(area=kutim, day=timezone.localdate())
        then = situation_data(area=kutim, day=date(2019, 4, 17))
    assert today.summary["new_incidents"] == 0
    assert today.actions == []
    assert then.summary["new_incidents"] == 1
    assert [i["number"] for i in then.new_items] == [past.number]


def test_the_situation_report_names_the_kabupaten_level_row(kutim):
    make_incident(area_code="64.08", category="NETRALITAS_ASN", severity=2)
    with translation.override("id"):
        data = situation_data(area=kutim, day=timezone.localdate())
    row = next(u for u in data.units if u.code == "64.08")
    assert (row.name, row.new_incidents) == ("(tingkat kabupaten / tempat tidak diketahui)", 1)
    assert sum(u.new_incidents for u in data.units if u.code != "64.08") == 0


def test_the_situation_report_lists_what_happened_on_the_day_whenever_it_was_reported(kutim, kab_admin, past):
    make_incident(occurred_at=wita(2019, 4, 16, 22), known_at=wita(2019, 4, 17, 8))  # reported today
    with translation.override("id"):
        data = situation_data(area=kutim, day=date(2019, 4, 16))
    assert data.summary["occurred"] == 2
    assert [i["time"] for i in data.occurred_items] == ["20.00 WITA", "22.00 WITA"]
    assert data.summary["new_incidents"] == 0  # nothing was reported on that day


def test_the_dashboard_counts_by_the_day_it_happened_when_asked(viewer):
    make_incident(occurred_at=wita(2024, 11, 27, 9), known_at=wita(2024, 11, 27, 10))
    make_incident(occurred_at=wita(2024, 11, 20, 9), known_at=wita(2024, 11, 20, 10))
    client, response = _get(viewer, dasar="terjadi", dari="2024-11-27", sampai="2024-11-27")
    data = response.context["data"]
    assert data["period_total"] == 1
    assert _list_count(client, data["period_url"]) == 1
    _client, reported = _get(viewer, dari="2024-11-27", sampai="2024-11-27")
    assert reported.context["data"]["period_total"] == 0  # both were reported today
