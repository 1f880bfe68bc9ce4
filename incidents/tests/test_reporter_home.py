"""A reporter's day starts on their own reports, with the report button first and a form pre-filled."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regions.models import AdminUnit

from .factories import make_incident


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_reporters_home_offers_the_report_button_first_and_lists_their_own_reports(reporter, operator):
    mine = make_incident(by_user=reporter, title="Laporan milik pelapor")
    other = make_incident(by_user=operator, title="Laporan camat")
    html = _client(reporter).get(reverse("home")).content.decode()
    main = html[html.index('id="main"') :]
    assert main.index('data-testid="home-report"') < main.index('data-testid="home-title"')
    assert 'data-testid="my-reports"' in html
    assert mine.title in html
    assert other.title not in html
    listing = _client(reporter).get(reverse("incidents:index")).content.decode()
    assert re.search(r'data-testid="list-title">\s*Laporan saya', listing)


def test_an_official_who_triages_keeps_the_ordinary_home(operator, viewer):
    html = _client(operator).get(reverse("home")).content.decode()
    assert 'data-testid="my-reports"' not in html
    assert 'data-testid="home-report"' in html  # a camat also files reports
    assert 'data-testid="home-report"' not in _client(viewer).get(reverse("home")).content.decode()
    listing = _client(viewer).get(reverse("incidents:index")).content.decode()
    assert "Antrean triase insiden" in listing


def test_the_report_form_starts_now_in_the_reporters_own_kecamatan_and_desa(reporter, operator, kab_admin):
    form = _client(reporter).get(reverse("incidents:incident_create")).context["form"]
    now = timezone.localtime()
    assert abs((form.initial["occurred_at"] - now).total_seconds()) < 120
    assert form.initial["known_at"] == form.initial["occurred_at"]
    assert form.initial["kecamatan"] == AdminUnit.objects.get(code="64.08.04").pk
    assert form.initial["desa"] == AdminUnit.objects.get(code="64.08.04.2001").pk
    html = _client(reporter).get(reverse("incidents:incident_create")).content.decode()
    assert re.search(r'name="occurred_at" value="\d{4}-\d\d-\d\dT\d\d:\d\d"', html)
    camat = _client(operator).get(reverse("incidents:incident_create")).context["form"]
    assert camat.initial["kecamatan"] == AdminUnit.objects.get(code="64.08.04").pk
    assert "desa" not in camat.initial
    kabupaten = _client(kab_admin).get(reverse("incidents:incident_create")).context["form"]
    assert "kecamatan" not in kabupaten.initial
