"""Keyset (cursor) pagination for server-rendered lists: a page is a position in an index, so the page
after fifty others costs what the first does (OFFSET reads and throws away every row before it).

The API pages with Django REST framework's ``CursorPagination`` (its position is the first ordering
field plus an offset among equal values); a list sorted first by a field of a few values, such as a
severity of 1 to 5, would carry offsets of hundreds of thousands there. Here the position is the whole
sort key and the id, compared as one row, ``ROW(key..., id) > ROW(...)``, which PostgreSQL answers
from a B-tree index on the same columns in the same order.

A row comparison runs in one direction. A key sorted against the direction of the last key (the
tie-breaker, normally the id) is compared negated, so it must be numeric, and the index serving the
list is on the negated expression (``Index(F("severity") * -1, "reported_at", "id")``).

The cursor in a link is signed (``django.core.signing``, salted with the list's name and ordering): one
that was altered or belongs to another list is refused with ``InvalidCursor`` (the view shows the first
page and says so), never a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.db.models.expressions import CombinedExpression


class InvalidCursor(ValueError):
    """The cursor was not made by this list (altered, truncated, or for another list or ordering)."""


class _Row(Func):
    function = "ROW"


class _RowCompare(Func):
    """``ROW(a, b) > ROW(x, y)`` (or ``<``): a condition usable in ``filter()``."""

    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, left: _Row, operator: str, right: _Row):
        if operator not in (">", "<"):
            raise ValueError(operator)
        self.arg_joiner = f" {operator} "
        super().__init__(left, right)


@dataclass(frozen=True)
class _Key:
    field: str
    descending: bool
    negated: bool

    def expression(self) -> CombinedExpression | F:
        return F(self.field) * -1 if self.negated else F(self.field)


@dataclass
class KeysetPage:
    """One page: its rows, the cursors of the pages either side (None at either end) and its number,
    counted from the first page along the links that led here."""

    object_list: list
    number: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


class KeysetPaginator:
    """Pages of ``queryset`` in ``ordering`` (field names, ``-`` for descending; the last one unique,
    normally ``id``), ``per_page`` rows each, one query per page.

    ``count_cap``: ``count`` counts at most this many rows plus one, in one query without ORDER BY
    (any rows will do, so PostgreSQL reads its cheapest index); ``count_capped`` says when it stopped.
    ``count_planned_whole``: see ``count``, for a list filtered by a full-text search.
    ``count_in_order``: count along the keyset's order, for a filter whose rows cluster in time (an
    election phase): without an order PostgreSQL may read a covering index led by another column from
    its start, guessing the matching rows spread evenly through it, and pass over half a million rows
    before the cap; in order it reads the index that serves the page (led by the filtered column).
    """

    def __init__(
        self,
        queryset: QuerySet,
        *,
        ordering: Sequence[str],
        per_page: int,
        name: str,
        count_cap: int = 10_000,
        count_planned_whole: bool = False,
        count_in_order: bool = False,
    ):
        if not ordering:
            raise ValueError("a keyset needs an ordering")
        self.queryset = queryset
        self.per_page = per_page
        self.count_cap = count_cap
        self.count_planned_whole = count_planned_whole
        self.count_in_order = count_in_order
        self._count: int | None = None
        last_descending = ordering[-1].startswith("-")
        self.descending = last_descending
        self.keys = [
            _Key(
                field=key.lstrip("-"),
                descending=key.startswith("-"),
                negated=key.startswith("-") != last_descending,
            )
            for key in ordering
        ]
        self._salt = f"core.keyset:{name}:{','.join(ordering)}"
        self._fields = {}
        for key in self.keys:
            try:
                self._fields[key.field] = queryset.model._meta.get_field(key.field)
            except FieldDoesNotExist as exc:
                raise ValueError(f"{key.field} is not a field of {queryset.model.__name__}") from exc

    # --- ordering and positions -------------------------------------------------------------------

    def order_by(self, *, backwards: bool = False) -> list:
        """The ORDER BY of the pages (an index must match it: negated keys as expressions)."""
        descending = self.descending != backwards
        return [key.expression().desc() if descending else key.expression().asc() for key in self.keys]

    def ordered(self) -> QuerySet:
        """The queryset in the pages' order (for a caller that wants the rows without paging)."""
        return self.queryset.order_by(*self.order_by())

    def _beyond(self, values: list, *, backwards: bool) -> _RowCompare:
        # Forwards in an ascending list means greater; backwards or descending flips it, both flip back.
        operator = ">" if self.descending == backwards else "<"
        compared = [-value if key.negated else value for key, value in zip(self.keys, values, strict=True)]
        return _RowCompare(
            _Row(*(key.expression() for key in self.keys)),
            operator,
            _Row(
                *(
                    Value(value, output_field=self._fields[key.field])
                    for key, value in zip(self.keys, compared, strict=True)
                )
            ),
        )

    # --- cursors ------------------------------------------------------------------------------------

    def _encode(self, values: list, *, backwards: bool, number: int) -> str:
        payload = {
            "v": [_json_value(value) for value in values],
            "b": backwards,
            "n": number,
        }
        return signing.dumps(payload, salt=self._salt, compress=False)

    def _decode(self, cursor: str) -> tuple[list, bool, int]:
        try:
            payload = signing.loads(cursor, salt=self._salt)
        except signing.BadSignature as exc:
            raise InvalidCursor(cursor) from exc
        try:
            raw, backwards, number = payload["v"], payload["b"], payload["n"]
            if not isinstance(raw, list) or len(raw) != len(self.keys) or not isinstance(number, int):
                raise InvalidCursor(cursor)
            values = [
                self._fields[key.field].to_python(value) for key, value in zip(self.keys, raw, strict=True)
            ]
        except (KeyError, TypeError, ValidationError) as exc:
            raise InvalidCursor(cursor) from exc
        if any(value is None for value in values):
            raise InvalidCursor(cursor)
        return values, bool(backwards), max(number, 1)

    def cursor_after(self, row: Any, *, number: int) -> str:
        """The cursor of the page that starts after ``row``, numbered ``number`` (what a page's next link
        carries when ``row`` ends it)."""
        return self._encode(self._values_of(row), backwards=False, number=number)

    def _values_of(self, row: Any) -> list:
        return [getattr(row, self._fields[key.field].attname) for key in self.keys]

    # --- pages ------------------------------------------------------------------------------------------

    def page(self, cursor: str | None) -> KeysetPage:
        """The page a cursor from an earlier page's link points at; the first page for none.
        Raises ``InvalidCursor`` for a cursor this paginator did not make."""
        if not cursor:
            rows = list(self.queryset.order_by(*self.order_by())[: self.per_page + 1])
            more = len(rows) > self.per_page
            rows = rows[: self.per_page]
            return KeysetPage(
                object_list=rows,
                number=1,
                next_cursor=self._encode(self._values_of(rows[-1]), backwards=False, number=2)
                if more
                else None,
                previous_cursor=None,
            )
        values, backwards, number = self._decode(cursor)
        rows = list(
            self.queryset.filter(self._beyond(values, backwards=backwards)).order_by(
                *self.order_by(backwards=backwards)
            )[: self.per_page + 1]
        )
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if backwards:
            rows.reverse()
            # Walking back reached the start: this is the first page, whatever the number said.
            number = number if more else 1
            has_before, has_after = more, True
        else:
            has_before, has_after = True, more
        first = self._values_of(rows[0]) if rows else values
        last = self._values_of(rows[-1]) if rows else values
        return KeysetPage(
            object_list=rows,
            number=number,
            next_cursor=self._encode(last, backwards=False, number=number + 1) if has_after else None,
            previous_cursor=(
                self._encode(first, backwards=True, number=max(number - 1, 1)) if has_before else None
            ),
        )

    # --- count --------------------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many rows, counted up to ``count_cap`` + 1 (one query, cached).

        Planned with its LIMIT, PostgreSQL trusts its guess of how many rows match: for a filter on
        columns with statistics it stops after the cap, from an index or the table. A full-text prefix
        search has no such statistics (PostgreSQL guesses 2 % of the table per word) and, guessing
        many, it reads the table from the start hoping to meet the cap soon; for a rare word it reads
        all of it. ``count_planned_whole`` plans the matching rows as for an exact count, in a
        materialised CTE, and cuts them at the cap only then: the search is answered from its GIN
        index, and the CTE hands rows to the LIMIT as they come, so no more than the cap are fetched."""
        if self._count is not None:
            return self._count
        rows = self.queryset.order_by(*(self.order_by() if self.count_in_order else ())).values("pk")
        if not self.count_planned_whole:
            self._count = rows[: self.count_cap + 1].count()
            return self._count
        try:
            sql, params = rows.query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # .none(), or a filter that can match nothing
            self._count = 0
            return 0
        with connections[rows.db].cursor() as cursor:
            cursor.execute(
                f"WITH matching AS MATERIALIZED ({sql}) "  # noqa: S608 - SQL of the ORM, values bound
                "SELECT COUNT(*) FROM (SELECT 1 FROM matching LIMIT %s) AS capped",
                [*params, self.count_cap + 1],
            )
            self._count = cursor.fetchone()[0]
        return self._count

    @property
    def count_capped(self) -> bool:
        return self.count > self.count_cap


def _json_value(value: Any) -> Any:
    """A key's value as JSON holds it (datetimes and dates as ISO 8601, read back by the field)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
