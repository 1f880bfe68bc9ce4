"""Users of every access role (incidents' fixtures), private media and the seeded taxonomy."""

from incidents.tests.conftest import (  # noqa: F401 - fixtures
    categories,
    kab_admin,
    operator,
    private_media,
    reporter,
    viewer,
)
