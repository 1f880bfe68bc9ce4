"""Search that understands Indonesian word forms, keeps exact matching, and jumps to a typed report number."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Incident
from incidents.selectors import incident_number_normalise, incident_search

from .factories import make_incident


def _titles(text: str) -> set[str]:
    return set(incident_search(Incident.objects.all(), text).values_list("title", flat=True))


@pytest.fixture
def reports(reporter):
    return {
        title: make_incident(by_user=reporter, title=title, chronology=chronology)
        for title, chronology in [
            ("Bentrok di depan posko", "Dua kelompok saling dorong."),
            ("Bentrokan warga di pasar", "Warga bentrok setelah kampanye."),
            ("Saksi dipukul orang tak dikenal", "Saksi paslon dipukul di jalan desa."),
            ("Spanduk dirusak", "Spanduk paslon dirobek di depan kantor desa."),
            ("Rombongan kampanye dihadang", "Massa menutup jalan desa."),
        ]
    }


def test_a_word_finds_its_other_forms(reports):
    assert _titles("bentrokan") == {"Bentrok di depan posko", "Bentrokan warga di pasar"}
    assert _titles("bentrok") == {"Bentrok di depan posko", "Bentrokan warga di pasar"}
    assert _titles("pemukulan") == {"Saksi dipukul orang tak dikenal"}
    assert _titles("penghadangan rombongan") == {"Rombongan kampanye dihadang"}
    assert _titles("spanduk rusak") == {"Spanduk dirusak"}


def test_exact_matching_still_works_and_ranks_first(reports):
    assert _titles('"depan posko"') == {"Bentrok di depan posko"}
    assert _titles("bentrok -pasar") == {"Bentrok di depan posko"}
    ranked = list(
        incident_search(Incident.objects.all(), "bentrokan").order_by("-rank").values_list("title", flat=True)
    )
    assert ranked == ["Bentrokan warga di pasar", "Bentrok di depan posko"]  # the other form last
    assert _titles("tidak-ada-kata-ini") == set()


def test_search_text_that_looks_like_query_syntax_is_no_error(reports):
    for text in ("bentrok & | ! :*", "(posko", "'", "::", "&"):
        list(incident_search(Incident.objects.all(), text))


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("INS-2024-000123", "INS-2024-000123"),
        ("ins-2024-000123", "INS-2024-000123"),
        (" INS 2024 000123 ", "INS-2024-000123"),
        ("ins-2024-123", "INS-2024-000123"),
        ("INS2024000123", "INS-2024-000123"),
        ("bentrok", None),
        ("INS-20", None),
    ],
)
def test_a_typed_report_number_is_normalised(typed, number):
    assert incident_number_normalise(typed) == number


def test_typing_a_report_number_opens_the_report(reports, operator, other_operator):
    incident = reports["Spanduk dirusak"]
    client = Client()
    client.force_login(operator)
    typed = incident.number.lower().replace("-", " ")
    response = client.get(reverse("incidents:index"), {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    # Out of the user's scope, the number opens nothing and shows nothing.
    client.force_login(other_operator)
    response = client.get(reverse("incidents:index"), {"q": incident.number})
    assert response.status_code == 200
    assert f"row-{incident.number}" not in response.content.decode()
