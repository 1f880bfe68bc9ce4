"""Check the layers contract of pyproject.toml once more, with imports under ``if TYPE_CHECKING:`` counted.

pyproject.toml leaves type-checking imports out of import-linter's graph
(``exclude_type_checking_imports = true``): the own-tables contract needs that, since a service may
name another app's model in its signature. The setting is global, so it also hid a type hint that
points up the layers (``regions`` naming ``incidents.models.Incident``). This script writes
``var/importlinter-types.toml`` from pyproject.toml (the same root packages and the layers contract
alone, with those imports counted) and runs ``lint-imports`` on it; ``make lint`` calls it. The
layers stay written once, in pyproject.toml.

    .venv/bin/python scripts/lint_type_imports.py
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUTPUT = BASE_DIR / "var" / "importlinter-types.toml"


def _value(value: object) -> str:
    """A TOML value of what import-linter's configuration holds: booleans, strings, lists of strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)  # a JSON string or list of strings is valid TOML


def config_text(pyproject: Path = BASE_DIR / "pyproject.toml") -> str:
    """The configuration: pyproject.toml's import-linter settings and layers contracts, type hints counted."""
    with open(pyproject, "rb") as f:
        config = tomllib.load(f)["tool"]["importlinter"]
    settings = {key: value for key, value in config.items() if key != "contracts"}
    settings["exclude_type_checking_imports"] = False
    lines = [
        "# Written by scripts/lint_type_imports.py from pyproject.toml: edit that, not this.",
        "[tool.importlinter]",
        *(f"{key} = {_value(value)}" for key, value in settings.items()),
    ]
    contracts = [contract for contract in config["contracts"] if contract["type"] == "layers"]
    if not contracts:
        raise SystemExit("pyproject.toml has no layers contract")
    for contract in contracts:
        contract = {
            **contract,
            "id": f"{contract['id']}-with-type-hints",
            "name": f"{contract['name']} (type hints under TYPE_CHECKING included)",
        }
        lines += ["", "[[tool.importlinter.contracts]]", *(f"{k} = {_value(v)}" for k, v in contract.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(config_text(), encoding="utf-8")
    lint_imports = Path(sys.executable).parent / "lint-imports"
    cache = BASE_DIR / "var" / "import_linter_cache"
    os.chdir(BASE_DIR)
    args = [str(lint_imports), "--no-logo", "--cache-dir", str(cache), str(OUTPUT)]
    os.execv(lint_imports, args)  # noqa: S606 - the venv's own lint-imports, fixed arguments


if __name__ == "__main__":
    main()
