"""The dashboard in an installation of two kabupaten (Kutai Timur 64.08 beside Kota Bontang 64.74): a
provincial office follows every number of a kabupaten's or a kecamatan's dashboard to a list of exactly
those reports, not the reports of every kabupaten it covers."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents.services import follow_up_add, incident_reject
from incidents.tests.factories import make_incident, wita
from regions.models import Election
from stakeholders.choices import Office
from stakeholders.models import Person
from stakeholders.tests.factories import user_with_office

URL = reverse("situation:dashboard")


# Two desa of one kecamatan and a desa of another, in each kabupaten.
DESA = {
    "64.08": ("64.08.01.2001", "64.08.01.2002", "64.08.02.2001"),
    "64.74": ("64.74.01.1001", "64.74.01.1002", "64.74.02.1001"),
}


def _reports(kabupaten: str) -> None:
    """The same mix in each kabupaten: open reports of several severities, a rejected one, a P-track
    report long past its 7 days, one with an overdue follow-up, one for the kabupaten as a whole, and one
    of the 2019 election."""
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, kabupaten)
    first, second, other = DESA[kabupaten]
    severe = make_incident(area_code=first, severity=5)
    make_incident(area_code=second, severity=3)
    make_incident(area_code=other, severity=3)
    make_incident(area_code=kabupaten, severity=4)
    rejected = make_incident(area_code=first, severity=2, title="Kabar bohong")
    incident_reject(incident=rejected, expected_version=None, by_user=admin, reason="hoaks")
    make_incident(area_code=first, category="POLITIK_UANG", severity=2)
    make_incident(area_code=second, severity=4, occurred_at=wita(2019, 4, 17), known_at=wita(2019, 4, 17, 12))
    follow_up_add(
        incident=severe,
        description="Mediasi tokoh adat",
        owner=Person.objects.get(user=admin),
        due_date=timezone.localdate() - timedelta(days=2),
        by_user=admin,
    )


@pytest.fixture
def two_kabupaten(bontang):
    _reports("64.08")
    _reports("64.74")


def _links(data: dict, figures: list[dict]) -> list[tuple[str, int, str]]:
    """Every number of the page with its link: severities, figures, the period's total, the charts' tables
    (categories, phases, areas)."""
    links = [(f"keparahan {row['severity']}", row["value"], row["url"]) for row in data["open_by_severity"]]
    links += [(figure["name"], figure["value"], figure["url"]) for figure in figures]
    links.append(("periode", data["period_total"], data["period_url"]))
    links += [
        (f"kategori {row['label']}", row["value"], row["url"]) for row in data["over_time"]["by_category"]
    ]
    links += [(f"tahapan {row['label']}", row["value"], row["url"]) for row in data["by_phase"] if row["url"]]
    links += [(f"wilayah {row['label']}", row["value"], row["url"]) for row in data["by_area"]]
    return links


def _list_count(client, url: str) -> int:
    parsed = urlparse(url)
    assert parsed.path == reverse("incidents:incident_list")
    response = client.get(f"{parsed.path}?{parsed.query}")
    assert response.status_code == 200
    assert response.context["filter"].errors == {}, url
    return response.context["count"]


def _dashboard_params(case: str) -> dict:
    if case == "pilkada":
        return {"pemilihan": Election.objects.get(code="pilkada-2024").pk}
    if case == "terjadi":
        return {"dasar": "terjadi", "dari": "2019-01-01", "sampai": timezone.localdate().isoformat()}
    return {}


@pytest.mark.parametrize(
    ("office", "area", "case"),
    [
        (Office.KABAN_KESBANGPOL_PROVINSI, "64.74", "bawaan"),
        (Office.KABAN_KESBANGPOL_PROVINSI, "64.08", "bawaan"),
        (Office.KABAN_KESBANGPOL_PROVINSI, "64.74.01", "bawaan"),
        (Office.KABAN_KESBANGPOL_PROVINSI, "64.74", "pilkada"),
        (Office.KABAN_KESBANGPOL_PROVINSI, "64.74", "terjadi"),
        (Office.KETUA_BAWASLU_PROVINSI, "64.08", "pilkada"),
        (Office.KAPOLDA, "64.74", "bawaan"),
        (Office.DANREM, "64.08.01", "terjadi"),
    ],
)
def test_every_number_of_a_dashboard_lists_exactly_its_reports_for_a_provincial_office(
    two_kabupaten, office, area, case, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    user = user_with_office(office, "64")
    client = Client()
    client.force_login(user)
    response = client.get(URL, {"wilayah": area, **_dashboard_params(case)})
    assert response.status_code == 200
    assert response.context["scope"].area_code == area
    data = response.context["data"]
    links = _links(data, response.context["page"].figures)
    assert sum(1 for _name, value, _url in links if value) >= 8
    for name, value, url in links:
        assert _list_count(client, url) == value, (name, url)
        kabupaten = parse_qs(urlparse(url).query).get("kabupaten")
        assert kabupaten == ([area] if area.count(".") == 1 else None), (name, url)


def test_the_dashboard_of_a_kabupaten_opens_the_map_of_that_kabupaten(two_kabupaten, provincial):
    client = Client()
    client.force_login(provincial)
    page = client.get(URL, {"wilayah": "64.74.02"}).content.decode()
    assert f'href="{reverse("situation:map")}?kabupaten=64.74" data-testid="dashboard-map"' in page


def test_a_kabupatens_own_user_opens_the_map_without_a_choice(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.74")
    client = Client()
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert f'href="{reverse("situation:map")}" data-testid="dashboard-map"' in page
