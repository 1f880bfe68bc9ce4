"""The shipped kerawanan instruments (risk/data/risk_instruments.json) and their idempotent loader.

The loader takes the model class as an argument so the data migration can pass its historical
model and the service the current one; it creates missing instruments by code and never
overwrites one an administrator has edited.
"""

from __future__ import annotations

import json
from pathlib import Path

INSTRUMENTS_PATH = Path(__file__).resolve().parent / "data" / "risk_instruments.json"
_FIELDS = ("name", "kind", "edition", "targets", "bands", "checklist", "parameters", "source")


def instrument_definitions(path: Path = INSTRUMENTS_PATH) -> list[dict]:
    """The instrument definitions of the shipped data file."""
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)["instruments"]


def instruments_create_missing(model, path: Path = INSTRUMENTS_PATH) -> int:
    """Create each shipped instrument whose code is not in the table yet; returns how many were created."""
    created = 0
    for definition in instrument_definitions(path):
        defaults = {name: definition.get(name, model._meta.get_field(name).get_default()) for name in _FIELDS}
        _, was_created = model.objects.get_or_create(code=definition["code"], defaults=defaults)
        created += int(was_created)
    return created
