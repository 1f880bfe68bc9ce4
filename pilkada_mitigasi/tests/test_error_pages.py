"""Error pages speak Bahasa Indonesia in the app's layout; a NUL byte in a URL is a 400, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("operator", password="rahasia-123", first_name="Wati")


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _page(response) -> str:
    body = response.content.decode()
    # The app's layout: the navigation bar and the language switcher of base.html.
    assert 'aria-label="Navigasi utama"' in body
    assert 'data-testid="lang-id"' in body
    return body


def test_a_nul_byte_in_the_anonymous_certificate_check_is_a_400(db):
    response = _client().get("/verifikasi/%00")
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in _page(response)


@pytest.mark.parametrize(
    "url",
    [
        "/insiden/?q=%00",
        "/insiden/?sampai=2024-11-27%00",
        "/insiden/%00/",
        "/pemangku/orang/?q=a%00b",
        "/bimtek/?page=%00",
        "/notifikasi/log/?status=%00",
        "/wilayah/peta/ukuran.json?ukuran=%00",
        "/wilayah/64.08%00/",
        "/masuk/?next=/%00",
    ],
)
def test_a_nul_byte_in_a_path_or_query_is_a_400_with_the_error_page(user, url):
    response = _client(user).get(url)
    assert response.status_code == 400, url
    assert "Permintaan tidak dapat diproses" in _page(response)


def test_an_unknown_page_is_a_404_in_indonesian_in_the_layout(user):
    response = _client(user).get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    body = _page(response)
    assert "Halaman tidak ditemukan" in body
    assert "Not Found" not in body


def test_a_refused_page_is_a_403_in_indonesian_in_the_layout(user):
    # A user without the permission of the delivery log.
    response = _client(user).get(reverse("notifications:delivery_list"))
    assert response.status_code == 403
    body = _page(response)
    assert "Akses ditolak" in body
    assert "403 Forbidden" not in body


def test_a_server_error_is_a_500_in_indonesian_in_the_layout(user):
    from django.conf import settings

    from pilkada_mitigasi import urls
    from pilkada_mitigasi.views import server_error

    assert urls.handler500 == "pilkada_mitigasi.views.server_error"
    request = RequestFactory().get("/")
    request.user = user
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    response = server_error(request)
    assert response.status_code == 500
    body = _page(response)
    assert "Terjadi kesalahan pada server" in body
    assert "Server Error" not in body


def test_a_failed_csrf_check_is_a_403_in_indonesian_in_the_layout(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "operator", "password": "rahasia-123"})
    assert response.status_code == 403
    body = _page(response)
    assert "Formulir kedaluwarsa" in body
    assert "CSRF verification failed" not in body


def test_the_error_pages_follow_the_chosen_language(user):
    client = _client(user)
    client.cookies["django_language"] = "en"
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()
