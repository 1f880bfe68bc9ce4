import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("operator", password="rahasia-123", first_name="Wati")


def test_home_redirects_anonymous_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_shows_who_is_logged_in_in_indonesian(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Anda masuk sebagai Wati" in response.content.decode()


def test_every_page_carries_a_strict_content_security_policy(client, user):
    client.force_login(user)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_login_is_throttled_after_five_failures(client, user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "operator", "password": "salah"})
    response = client.post(reverse("login"), {"username": "operator", "password": "rahasia-123"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_login_with_the_right_password_reaches_home(client, user):
    response = client.post(reverse("login"), {"username": "operator", "password": "rahasia-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")


def test_boundaries_geojson_has_the_18_kecamatan(client, user, kutim):
    client.force_login(user)
    data = client.get(reverse("regions:boundaries_geojson", args=["kecamatan"])).json()
    assert len(data["features"]) == 18
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}


@pytest.mark.demo
def test_seed_demo_twice_creates_the_admin_once(db, capsys):
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert "admin" in capsys.readouterr().out


def test_browser_language_does_not_override_indonesian(client, user):
    client.force_login(user)
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Anda masuk sebagai" in response.content.decode()


def test_language_switcher_choice_is_kept(client, user):
    before = translation.get_language()
    client.force_login(user)
    # The requests activate English in this thread (LocaleMiddleware does not undo it); the
    # override puts back the language active before, so the tests after this one run in Indonesian.
    with translation.override(before):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert "You are logged in as" in client.get(reverse("home")).content.decode()
        assert translation.get_language() == "en"
    assert translation.get_language() == before
