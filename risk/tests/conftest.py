"""Fixtures of the risk tests: the shipped kerawanan instruments and users of each access role."""

import pytest

from risk.models import RiskInstrument
from risk.services import riskinstrument_load_defaults
from stakeholders.choices import Office
from stakeholders.tests.factories import UserFactory, user_with_office


@pytest.fixture
def instruments(kutim):
    """The shipped instruments by code (reloaded if a transactional test flushed them)."""
    riskinstrument_load_defaults()
    return {instrument.code: instrument for instrument in RiskInstrument.objects.all()}


@pytest.fixture
def kesbangpol(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


@pytest.fixture
def bupati(kutim):
    return user_with_office(Office.BUPATI, "64.08")


@pytest.fixture
def camat_sangatta_utara(kutim):
    return user_with_office(Office.CAMAT, "64.08.04")


@pytest.fixture
def camat_bengalon(kutim):
    return user_with_office(Office.CAMAT, "64.08.09")


@pytest.fixture
def pelapor(kutim):
    """A field reporter: sees the map, not the kerawanan."""
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")


@pytest.fixture
def nobody(kutim):
    """A logged-in user holding no position: no permission at all."""
    return UserFactory()
