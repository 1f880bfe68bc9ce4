"""Users of every access role, in Sangatta Utara (64.08.04) unless said otherwise; uploads to a temp dir."""

import pytest

from notifications.tests.conftest import providers  # noqa: F401  (Telegram etc. on a local HTTP server)
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads of a test go to its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", first_name="Sri", last_name="Admin")


@pytest.fixture
def viewer(kutim):
    return user_with_office(Office.BUPATI, "64.08")


@pytest.fixture
def operator(kutim):
    return user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", first_name="Rudi", last_name="Operator")


@pytest.fixture
def other_operator(kutim):
    return user_with_office(Office.CAMAT, "64.08.09", first_name="Bayu", last_name="Camat")


@pytest.fixture
def liaison(kutim):
    return user_with_office(Office.KAPOLSEK, "64.08.04", first_name="Andi", last_name="Kapolsek")


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
