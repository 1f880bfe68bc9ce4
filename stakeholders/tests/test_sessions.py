"""Sessions end after inactivity (issue 12), shorter for roles that open informant identities; tested
with real sessions in the database."""

import time

from django.test import Client
from django.urls import reverse

from stakeholders.middleware import ACTIVITY_KEY


def _idle(client: Client, seconds: int) -> None:
    session = client.session
    session[ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("stakeholders:person_list")).status_code == 200
    return client


def test_a_session_idle_longer_than_the_timeout_ends(world):
    client = _logged_in(world.camat_su)
    _idle(client, 8 * 3600 + 60)
    response = client.get(reverse("stakeholders:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("stakeholders:person_list")).status_code == 302


def test_an_ordinary_role_keeps_a_session_idle_for_half_an_hour(world):
    client = _logged_in(world.camat_su)
    _idle(client, 31 * 60)
    assert client.get(reverse("stakeholders:person_list")).status_code == 200


def test_roles_that_open_informant_identities_time_out_after_half_an_hour(world):
    assert world.kesbangpol.has_perm("incidents.view_confidentialinformant")
    client = _logged_in(world.kesbangpol)
    _idle(client, 31 * 60)
    assert client.get(reverse("stakeholders:person_list")).status_code == 302


def test_the_timeouts_are_settings(world, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    client = _logged_in(world.camat_su)
    _idle(client, 180)
    assert client.get(reverse("stakeholders:person_list")).status_code == 302


def test_the_page_refreshing_itself_is_not_activity(world):
    client = _logged_in(world.kesbangpol)
    _idle(client, 20 * 60)
    before = client.session[ACTIVITY_KEY]
    assert client.get(reverse("notifications:inbox_badge"), HTTP_HX_REQUEST="true").status_code == 200
    assert client.session[ACTIVITY_KEY] == before
    _idle(client, 31 * 60)
    expired = client.get(reverse("notifications:inbox_badge"), HTTP_HX_REQUEST="true")
    assert expired["HX-Redirect"].startswith(reverse("login"))


def test_a_click_is_activity(world):
    client = _logged_in(world.kesbangpol)
    _idle(client, 20 * 60)
    client.get(reverse("stakeholders:person_list"))
    assert int(time.time()) - client.session[ACTIVITY_KEY] < 5


def test_logging_in_starts_the_clock_with_the_login_itself(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "camat_su", "password": "rahasia-123"})
    assert response.status_code == 302
    assert int(time.time()) - client.session[ACTIVITY_KEY] < 5
