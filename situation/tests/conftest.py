"""The situation tests read what the incidents and risk tests write: their fixtures, shared."""

from incidents.tests.conftest import (  # noqa: F401
    categories,
    fresh_cache,
    kab_admin,
    liaison,
    operator,
    other_operator,
    private_media,
    provincial,
    reporter,
    trainer,
    viewer,
)
from risk.tests.conftest import (  # noqa: F401
    bupati,
    camat_bengalon,
    camat_sangatta_utara,
    instruments,
    kesbangpol,
    nobody,
    pelapor,
)
