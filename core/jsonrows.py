"""Short lists of related rows read inside one query as JSON arrays (PostgreSQL), and turned back into
model instances.

A page that shows an object with several short lists beside it (an incident's referrals, links,
outcomes...) pays one query per list with ``prefetch_related``. ``json_rows`` reads such a list as an
annotation of the object's own query instead (``ARRAY(SELECT JSONB_BUILD_OBJECT(...) ...)``), and
``from_json`` builds each row back into an instance of its model as ``from_db`` would: the fields the
shape names are set (converted by the field, so dates are dates), the others are deferred (reading one
is a query of its own, never a wrong value), and the rows joined to it are in its relation cache.
``prefetched`` hands a built list to a related manager, so ``obj.relation.all()`` reads it without a
query, as after ``prefetch_related``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Model, QuerySet
from django.db.models.functions import JSONObject


@dataclass(frozen=True)
class JsonShape:
    """What a JSON row carries: concrete ``fields`` of its model (a foreign key by its name, stored as its
    id), the rows ``joined`` to it through a forward foreign key (each with its own shape), and ``extra``
    expressions (e.g. a nested ``json_rows``) kept in the row as they come, for the caller to read."""

    fields: tuple[str, ...]
    joined: Mapping[str, JsonShape] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)


def json_object(model: type[Model], shape: JsonShape, prefix: str = "") -> JSONObject:
    """The JSON object of one row of ``model`` (reached through ``prefix``, e.g. ``"source__"``)."""
    values: dict[str, Any] = {}
    for name in shape.fields:
        attname = model._meta.get_field(name).attname  # type: ignore[union-attr]
        values[attname] = F(prefix + attname)
    for name, joined in shape.joined.items():
        related = model._meta.get_field(name).related_model
        values[name] = json_object(related, joined, f"{prefix}{name}__")  # type: ignore[arg-type]
    values.update(shape.extra)
    return JSONObject(**values)


def json_rows(queryset: QuerySet, shape: JsonShape) -> ArraySubquery:
    """The rows of ``queryset`` (filtered on ``OuterRef``s, in its order) as an array of JSON objects."""
    return ArraySubquery(queryset.values(_row=json_object(queryset.model, shape)))


def from_json(model: type[Model], shape: JsonShape, row: Mapping[str, Any] | None, *, db: str) -> Any:
    """The instance of ``model`` a JSON row of ``shape`` describes (None for a row of NULLs: an empty
    nullable foreign key), as read from database alias ``db``."""
    opts = model._meta
    if row is None or row.get(opts.pk.attname) is None:
        return None
    names, values = [], []
    for concrete in opts.concrete_fields:
        if concrete.attname in row:
            names.append(concrete.attname)
            values.append(concrete.to_python(row[concrete.attname]))
    instance = model.from_db(db, names, values)
    for name, joined in shape.joined.items():
        related = opts.get_field(name).related_model
        setattr(instance, name, from_json(related, joined, row.get(name), db=db))  # type: ignore[arg-type]
    return instance


def prefetched(instance: Model, name: str, objects: Iterable[Model]) -> None:
    """Give ``instance``'s related manager ``name`` these objects, as ``prefetch_related`` would."""
    # What django.db.models.query.prefetch_one_level does with the rows it read.
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[name] = queryset  # type: ignore[attr-defined]
