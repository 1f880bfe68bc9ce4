"""Users of every access role, in Sangatta Utara (64.08.04) unless said otherwise."""

import pytest

from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", first_name="Sri", last_name="Admin")


@pytest.fixture
def viewer(kutim):
    return user_with_office(Office.BUPATI, "64.08")


@pytest.fixture
def operator(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", first_name="Rudi", last_name="Camat")


@pytest.fixture
def other_operator(kutim):
    return user_with_office(Office.CAMAT, "64.08.09", first_name="Bayu", last_name="Camat")


@pytest.fixture
def liaison(kutim):
    return user_with_office(Office.KAPOLSEK, "64.08.04")


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", first_name="Andi")


@pytest.fixture
def trainer(kutim):
    return user_with_office(Office.FASILITATOR, "64.08")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads of a test go to its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": "/unduh/"},
        },
    }
    return tmp_path


@pytest.fixture(autouse=True)
def categories(seeded_defaults):
    """The seeded taxonomy (and the default escalation policies), restored when an earlier transactional
    test flushed them (the root conftest's ``seeded_defaults``)."""


def wait_until(predicate, *, timeout: float = 15.0, interval: float = 0.05):
    """Poll until predicate() is truthy (the real worker runs in another thread); False after timeout."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return False


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """A cache namespace of its own per test, so cached dashboard figures never leak between tests
    (the cache has a Redis database of its own, apart from the broker's, since REDIS_CACHE_URL)."""
    import uuid

    default = settings.CACHES["default"]
    settings.CACHES = {
        **settings.CACHES,
        "default": {**default, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"},
    }


@pytest.fixture
def provincial(bontang):
    """Kesbangpol Provinsi: reads every kabupaten the installation serves."""
    return user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
