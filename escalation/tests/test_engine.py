"""The engine's pure sections: no database, no worker."""

from escalation.engine.windows import window_contains, window_next_opening
from incidents.tests.factories import wita


def test_an_hours_window_that_wraps_past_midnight_opens_at_its_start():
    night = [22, 6]
    assert window_next_opening(wita(2026, 11, 27, 23, 15), night) == wita(2026, 11, 27, 23, 15)
    assert window_next_opening(wita(2026, 11, 28, 5, 59), night) == wita(2026, 11, 28, 5, 59)
    assert window_next_opening(wita(2026, 11, 28, 6, 0), night) == wita(2026, 11, 28, 22, 0)
    assert window_next_opening(wita(2026, 11, 28, 12, 0), None) == wita(2026, 11, 28, 12, 0)


def test_a_window_holds_from_its_first_hour_up_to_but_not_including_its_last():
    office = [8, 16]
    assert window_contains(wita(2026, 11, 28, 8, 0), office)
    assert window_contains(wita(2026, 11, 28, 15, 59), office)
    assert not window_contains(wita(2026, 11, 28, 16, 0), office)
    assert not window_contains(wita(2026, 11, 28, 7, 59), office)
    assert window_contains(wita(2026, 11, 28, 3, 0), None)
