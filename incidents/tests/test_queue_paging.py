"""The triage queue pages by cursor (keyset): deep pages in order, links that keep the filters, altered
cursors refused politely, and a query count that does not depend on the depth."""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Incident
from incidents.tests.factories import make_incident

NEXT = re.compile(r'href="([^"]*)" rel="next"')
PREVIOUS = re.compile(r'href="([^"]*)" rel="prev"')
SAME_MOMENT = datetime(2024, 10, 12, 8, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _link(pattern, response) -> str | None:
    found = pattern.search(response.content.decode())
    return reverse("incidents:index") + unescape(found.group(1)) if found else None


@pytest.fixture
def queue(reporter):
    """55 open reports of severity 2, 3 and 4; all those of severity 3 filed at the same moment, so that
    only the id orders them (ties on the sort key)."""
    made = [make_incident(by_user=reporter, severity=2 + n % 3, title=f"Laporan {n}") for n in range(55)]
    # Setting up the tie: the filing time is the service's "now", so the test moves it afterwards.
    Incident.objects.filter(pk__in=[i.pk for i in made], severity=3).update(reported_at=SAME_MOMENT)
    return sorted(
        Incident.objects.filter(pk__in=[i.pk for i in made]), key=lambda i: (-i.severity, i.reported_at, i.pk)
    )


def test_following_the_next_links_shows_every_row_once_in_queue_order_ties_by_id(queue, kab_admin):
    client = _client(kab_admin)
    url, seen, numbers = reverse("incidents:index"), [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [row.pk for row in response.context["rows"]]
        numbers.append(response.context["page_obj"].number)
        url = _link(NEXT, response)
    assert seen == [i.pk for i in queue]
    assert numbers == [1, 2, 3]
    assert "page=" not in response.content.decode()


def test_the_previous_link_of_a_deep_page_shows_the_page_before_it(queue, kab_admin):
    client = _client(kab_admin)
    second = client.get(_link(NEXT, client.get(reverse("incidents:index"))))
    third = client.get(_link(NEXT, second))
    back = client.get(_link(PREVIOUS, third))
    assert [row.pk for row in third.context["rows"]] == [i.pk for i in queue[50:]]
    assert [row.pk for row in back.context["rows"]] == [row.pk for row in second.context["rows"]]
    assert back.context["page_obj"].number == 2
    first = client.get(_link(PREVIOUS, back))
    assert [row.pk for row in first.context["rows"]] == [i.pk for i in queue[:25]]
    assert _link(PREVIOUS, first) is None


def test_the_links_keep_the_filters_and_the_search(queue, kab_admin):
    response = _client(kab_admin).get(reverse("incidents:index") + "?status=semua&q=laporan")
    following = _link(NEXT, response)
    assert "status=semua" in following
    assert "q=laporan" in following
    second = _client(kab_admin).get(following)
    assert second.context["filter"].form.cleaned_data["q"] == "laporan"
    assert [row.pk for row in second.context["rows"]] == [i.pk for i in queue[25:50]]


@pytest.mark.parametrize("cursor", ["tampered", "garbage:abc", ""])
def test_an_altered_cursor_shows_the_first_page_and_says_so(queue, kab_admin, cursor):
    client = _client(kab_admin)
    real = _link(NEXT, client.get(reverse("incidents:index")))
    if cursor == "tampered":
        # One character of the signed position changed: the signature no longer matches.
        head, _, value = real.partition("cursor=")
        url = head + "cursor=" + ("A" if value[0] != "A" else "B") + value[1:]
    else:
        url = reverse("incidents:index") + "?cursor=" + cursor
    response = client.get(url)
    assert response.status_code == 200
    assert [row.pk for row in response.context["rows"]] == [i.pk for i in queue[:25]]
    assert (b'data-testid="cursor-invalid"' in response.content) == (cursor != "")


def test_a_cursor_from_another_list_is_refused(queue, kab_admin):
    from django.core import signing

    forged = signing.dumps({"v": [5, SAME_MOMENT.isoformat(), 1], "b": False, "n": 9}, compress=False)
    response = _client(kab_admin).get(reverse("incidents:index"), {"cursor": forged})
    assert response.context["cursor_invalid"] is True
    assert response.context["page_obj"].number == 1


def test_a_deep_page_costs_the_queries_of_the_first(queue, kab_admin, django_assert_max_num_queries):
    client = _client(kab_admin)
    first_url = reverse("incidents:index")
    client.get(first_url)  # warm the session and the access profile
    deep_url = _link(NEXT, client.get(_link(NEXT, client.get(first_url))))
    with django_assert_max_num_queries(10) as first:
        client.get(first_url)
    with django_assert_max_num_queries(10) as deep:
        response = client.get(deep_url)
    assert len(deep.captured_queries) == len(first.captured_queries)
    assert response.context["page_obj"].number == 3
    # The deep page is found by position, not by skipping rows.
    rows_query = next(q["sql"] for q in deep.captured_queries if "ROW(" in q["sql"])
    assert "OFFSET" not in rows_query


def test_a_page_filtered_by_category_and_kecamatan_costs_at_most_10_queries(
    reporter, kab_admin, django_assert_max_num_queries
):
    from incidents.models import IncidentCategory

    incident = make_incident(by_user=reporter)
    category = IncidentCategory.objects.get(code="BENTROK_MASSA")
    client = _client(kab_admin)
    url = reverse("incidents:index") + f"?status=semua&category={category.pk}&kecamatan=64.08.04"
    client.get(url)  # warm the session and the access profile
    # The categories are read once, not again to check the chosen one (issue 18: at most 10).
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert [row.pk for row in response.context["rows"]] == [incident.pk]


def test_a_phase_filter_counts_along_the_queues_order_and_other_filters_count_in_none(queue, kab_admin):
    """A phase's reports lie in one stretch of time: counted in no order, PostgreSQL read a time-led
    covering index from its start (incidents.selectors.incident_triage_paginator)."""
    phase = Incident.objects.get(pk=queue[0].pk).phase
    Incident.objects.filter(pk__in=[i.pk for i in queue]).update(phase=phase)
    client = _client(kab_admin)

    def count_sql(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("incidents:index"), params)
        counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert len(counts) == 1
        return response.context["count"], counts[0]

    count, sql = count_sql({"status": "semua", "phase": phase.pk})
    assert count == len(queue)
    assert "ORDER BY" in sql
    count, sql = count_sql({"status": "semua", "severity": 3})
    assert count == len([i for i in queue if i.severity == 3])
    assert "ORDER BY" not in sql
