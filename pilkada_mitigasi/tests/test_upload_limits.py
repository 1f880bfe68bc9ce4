"""A request body over the limit is refused from its Content-Length, before any of it is read."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

MB = 1024 * 1024


class UnreadableBody:
    """A wsgi.input that records any read: an early refusal never touches it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        self.read_bytes += 1 if size is None or size < 0 else size
        raise AssertionError("the body of an oversized request was read")

    def readline(self, size=-1):
        return self.read(size)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("operator", password="rahasia-123")


def _post(client, url, length):
    body = UnreadableBody()
    response = client.generic(
        "POST",
        url,
        b"-",
        content_type="multipart/form-data; boundary=batas",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body


def test_a_200_mb_upload_is_refused_before_its_body_is_read(user, settings):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response, body = _post(client, reverse("set_language"), 200 * MB)
    assert response.status_code == 413
    assert body.read_bytes == 0
    text = response.content.decode()
    assert "Kiriman terlalu besar" in text
    assert "10 MB" in text


def test_the_limit_follows_the_upload_limit_with_room_for_the_form_fields(settings):
    assert settings.REQUEST_BODY_MAX_BYTES == settings.UPLOAD_MAX_BYTES + MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES


def test_an_anonymous_oversized_post_is_refused_too(db):
    response, body = _post(Client(raise_request_exception=False), reverse("login"), 50 * MB)
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_a_body_within_the_limit_is_read_as_usual(user, settings):
    client = Client()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/", "x": "y" * 100_000})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
