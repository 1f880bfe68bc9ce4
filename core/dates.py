"""The range of dates the app accepts, once for every form, filter, import and table.

Every date or time a person types or imports lies between ``DATE_MIN`` and ``DATE_MAX`` (1 January
1900 to 31 December 2100): nothing this app records happened before 1900 (the oldest dates are
officials' birth dates and appointment dates), and no election, session or deadline is planned past
2100. Outside it, a typo such as 01/01/0001 was stored as 1 BC and broke every page that showed it
(Python cannot hold the year 0); ``9999-12-31`` overflowed the date arithmetic of the filters.

- Forms and filters: ``bound_date_fields(form)`` (or ``DateBoundsMixin``) adds ``validate_date_range``
  to every date and date-time field, with a field message in Bahasa Indonesia.
- Imports: ``date_in_range`` for each parsed value, reported per row.
- Models: ``validate_date_range`` in the field's validators (services call ``full_clean``), and
  ``date_range_check`` as a ``CheckConstraint``, so the database refuses what slips past both.
  For a date-time column the database bound is one day wider on each side, so that the time zone
  of a value the forms accepted (1 January 1900 00:00 WITA is 31 December 1899 in UTC) never fails it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
# The database's bounds of a date-time column (inclusive, exclusive): a day wider each side.
DATETIME_DB_MIN = datetime.combine(DATE_MIN - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
DATETIME_DB_MAX = datetime.combine(DATE_MAX + timedelta(days=2), datetime.min.time(), tzinfo=UTC)

DATE_TOO_EARLY = _("Tanggal paling awal 01/01/1900.")
DATE_TOO_LATE = _("Tanggal paling akhir 31/12/2100.")
DATE_OUT_OF_RANGE = _("Tanggal harus antara 01/01/1900 dan 31/12/2100.")


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_in_range(value: date | datetime | None) -> bool:
    """Whether a date or date-time (its day in WITA) lies within DATE_MIN..DATE_MAX; None is in range."""
    if value is None:
        return True
    try:
        day = _day(value)
    except OverflowError:  # an aware time in year 1 or 9999 that cannot move to WITA
        return False
    return DATE_MIN <= day <= DATE_MAX


@deconstructible(path="core.dates.DateRangeValidator")
class DateRangeValidator:
    """Refuse a date or date-time outside DATE_MIN..DATE_MAX with a field message."""

    def __call__(self, value) -> None:
        if value is None or date_in_range(value):
            return
        try:
            early = _day(value) < DATE_MIN
        except OverflowError:
            early = value.year < DATE_MIN.year
        raise ValidationError(DATE_TOO_EARLY if early else DATE_TOO_LATE, code="date_range")

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator)

    def __hash__(self) -> int:
        return hash(DateRangeValidator)


validate_date_range = DateRangeValidator()

_DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def bound_date_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Add ``validate_date_range`` to every date and date-time field of a form (once); returns it."""
    for field in form.fields.values():
        if isinstance(field, _DATE_FIELDS) and validate_date_range not in field.validators:
            field.validators.append(validate_date_range)
    return form


class DateBoundsMixin:
    """A form whose every date and date-time field is bounded to DATE_MIN..DATE_MAX."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)  # type: ignore[arg-type]


def date_range_q(field: str, *, datetime_field: bool = False, null: bool = False) -> Q:
    """The Q of a CheckConstraint keeping ``field`` within the range (a NULL passes when ``null``)."""
    if datetime_field:
        condition = Q(**{f"{field}__gte": DATETIME_DB_MIN, f"{field}__lt": DATETIME_DB_MAX})
    else:
        condition = Q(**{f"{field}__gte": DATE_MIN, f"{field}__lte": DATE_MAX})
    return condition | Q(**{f"{field}__isnull": True}) if null else condition


def date_range_check(
    prefix: str, field: str, *, datetime_field: bool = False, null: bool = False
) -> CheckConstraint:
    """A CheckConstraint named ``<prefix>_<field>_in_range`` refusing values outside the range."""
    return CheckConstraint(
        condition=date_range_q(field, datetime_field=datetime_field, null=null),
        name=f"{prefix}_{field}_in_range",
        violation_error_message=DATE_OUT_OF_RANGE,
    )


def date_range_repair(table: str, column: str, *, datetime_field: bool = False):
    """A migration step moving values outside the range to its nearest end, so that the
    CheckConstraint added after it holds for rows written before the bounds existed."""
    from django.db import migrations

    bounds: list[date]
    if datetime_field:
        first = datetime.combine(DATE_MIN, datetime.min.time(), tzinfo=UTC)
        last = datetime.combine(DATE_MAX, datetime.min.time(), tzinfo=UTC)
        bounds = [DATETIME_DB_MIN, first, last, DATETIME_DB_MIN, DATETIME_DB_MAX]
        outside = f'"{column}" < %s OR "{column}" >= %s'
    else:
        bounds = [DATE_MIN, DATE_MIN, DATE_MAX, DATE_MIN, DATE_MAX]
        outside = f'"{column}" < %s OR "{column}" > %s'
    sql = (
        f'UPDATE "{table}" SET "{column}" = CASE WHEN "{column}" < %s THEN %s ELSE %s END '  # noqa: S608
        f"WHERE {outside}"
    )
    return migrations.RunSQL(sql=[(sql, bounds)], reverse_sql=migrations.RunSQL.noop)
