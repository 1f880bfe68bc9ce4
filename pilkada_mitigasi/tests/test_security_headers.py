"""Every response names the browser features the app may use; pages and files with personal data are not stored."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse


@pytest.fixture
def user(db):
    user = get_user_model().objects.create_user("operator", password="rahasia-123")
    user.user_permissions.add(
        Permission.objects.get(codename="export_incident"), Permission.objects.get(codename="view_incident")
    )
    return user


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in header.split(","))


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_carries_a_permissions_policy(client, user, logged_in):
    if logged_in:
        client.force_login(user)
    response = client.get(reverse("login") if not logged_in else reverse("home"), follow=True)
    policy = _directives(response["Permissions-Policy"])
    # The report form reads GPS and the check-in page scans QR codes; nothing else is needed.
    assert policy["geolocation"] == "(self)"
    assert policy["camera"] == "(self)"
    for feature in ("microphone", "payment", "usb", "display-capture"):
        assert policy[feature] == "()", feature


@pytest.mark.parametrize("url_name", ["home", "incidents:index", "password_change"])
def test_authenticated_pages_are_not_stored(client, user, url_name):
    client.force_login(user)
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_a_download_with_personal_data_is_not_stored(client, user):
    client.force_login(user)
    response = client.get(reverse("incidents:incident_export") + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_an_explicit_cache_policy_is_kept(client, user, kutim):
    # Boundaries hold no personal data and are large: their view asks for an hour of private caching.
    client.force_login(user)
    response = client.get(reverse("regions:boundaries_geojson", args=["kecamatan"]))
    assert "max-age=3600" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
