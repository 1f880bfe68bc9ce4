import pytest


@pytest.fixture(autouse=True)
def categories(seeded_defaults):
    """The seeded incident categories, restored when an earlier transactional test flushed them."""
