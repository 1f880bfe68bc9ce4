"""The escalation tests use incidents' users of every access role and its per-test media and cache."""

from incidents.tests.conftest import (  # noqa: F401 - fixtures, and the polling helper
    categories,
    fresh_cache,
    kab_admin,
    liaison,
    operator,
    other_operator,
    private_media,
    reporter,
    trainer,
    viewer,
    wait_until,
)
