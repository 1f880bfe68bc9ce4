"""Users and integrations for the API tests (Sangatta Utara 64.08.04 in scope, Bengalon 64.08.09 out)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.services import integration_create
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


@pytest.fixture(autouse=True)
def _seeded(seeded_defaults):
    """Incident categories and escalation policies, even after a transactional test (webhooks') flushed
    them from a reused test database."""


@pytest.fixture(autouse=True)
def _empty_api_buckets():
    """Each test starts with full rate-limit buckets."""
    from django.conf import settings

    from core.ratelimit import redis_client

    client = redis_client(settings.REDIS_CACHE_URL)
    for key in client.scan_iter("rl:api:*"):
        client.delete(key)


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", first_name="Sri", last_name="Admin")


@pytest.fixture
def operator(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", first_name="Rudi", last_name="Camat")


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", first_name="Andi")


def make_integration(by_user, *, scopes, area_code="64.08", days=30, name="Dasbor Provinsi"):
    integration, token = integration_create(
        name=name,
        area=AdminUnit.objects.get(code=area_code),
        scopes=scopes,
        expires_at=timezone.now() + timedelta(days=days),
        by_user=by_user,
    )
    return integration, token


def token_client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/json")
