"""The one date range of the app: validators and the form helper."""

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.dates import DATE_MAX, DATE_MIN, DateBoundsMixin, date_in_range, validate_date_range


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        (DATE_MIN, True),
        (DATE_MAX, True),
        (date(1899, 12, 31), False),
        (date(2101, 1, 1), False),
        (date(1, 1, 1), False),
        (date(9999, 12, 31), False),
        (datetime(1, 1, 1, tzinfo=UTC), False),
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), False),
        (datetime(2024, 11, 27, 7, tzinfo=UTC), True),
        (None, True),
    ],
)
def test_date_in_range(value, inside):
    assert date_in_range(value) is inside


def test_the_validator_says_which_end_was_passed():
    with pytest.raises(ValidationError, match="paling awal 01/01/1900"):
        validate_date_range(date(1, 1, 1))
    with pytest.raises(ValidationError, match="paling akhir 31/12/2100"):
        validate_date_range(datetime(9999, 12, 31, tzinfo=UTC))


class _Form(DateBoundsMixin, forms.Form):
    day = forms.DateField(input_formats=["%d/%m/%Y"])
    at = forms.DateTimeField(input_formats=["%d/%m/%Y %H:%M"])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "01/01/0001", "at": "01/01/2024 07:00"}, "day"),
        ({"day": "01/01/2024", "at": "01/01/0001 07:00"}, "at"),
        ({"day": "01/01/2024", "at": "31/12/9999 23:59"}, "at"),
    ],
)
def test_every_date_field_of_a_bounded_form_refuses_far_dates(data, field, settings):
    form = _Form(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_a_bounded_form_accepts_dates_in_range():
    assert _Form({"day": "01/01/1900", "at": "31/12/2100 23:59"}).is_valid()
