"""The map tests' fixtures, shared with the risk tests until the map moves out of regions."""

from risk.tests.conftest import (  # noqa: F401
    bupati,
    camat_bengalon,
    camat_sangatta_utara,
    instruments,
    kesbangpol,
    nobody,
    pelapor,
)
