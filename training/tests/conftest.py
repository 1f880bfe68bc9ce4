"""Fixtures of the Bimtek tests: a trainer running a programme, another trainer, a participant."""

from datetime import time

import pytest

from stakeholders.choices import Office, OrgType
from stakeholders.tests.factories import OrganisationFactory, user_with_office
from training import services
from training.choices import RegistrationRole
from training.tests.factories import ProgrammeFactory, participant_user


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return settings


@pytest.fixture
def trainer(kutim):
    return user_with_office(Office.FASILITATOR, "64.08", username="pelatih.uji")


@pytest.fixture
def other_trainer(kutim):
    return user_with_office(Office.FASILITATOR, "64.08", username="pelatih.lain")


@pytest.fixture
def kesbangpol(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol.uji")


@pytest.fixture
def nobody(kutim):
    """A logged-in user with a field position and no training permission or registration."""
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor.uji")


@pytest.fixture
def programme(kutim, trainer):
    """A programme the trainer runs (staff as fasilitator), with two sessions in one room."""
    programme = ProgrammeFactory(created_by=None)
    services.registration_create(
        programme=programme, person=trainer.person, role=RegistrationRole.FASILITATOR, by_user=trainer
    )
    services.session_create(
        programme=programme,
        date=programme.start_date.replace(day=28),
        start_time=time(8, 0),
        end_time=time(10, 0),
        topic="Teknik mitigasi konflik",
        room="Ballroom",
        trainers=[trainer.person],
        by_user=trainer,
    )
    services.session_create(
        programme=programme,
        date=programme.start_date.replace(day=28),
        start_time=time(10, 30),
        end_time=time(12, 0),
        topic="Komunikasi efektif",
        room="Ballroom",
        by_user=trainer,
    )
    return programme


@pytest.fixture
def participant(programme):
    """(user, registration) of a peserta from a Polsek."""
    return participant_user(
        programme, username="peserta.uji", organisation=OrganisationFactory(org_type=OrgType.POLRI)
    )
