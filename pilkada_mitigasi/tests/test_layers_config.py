"""The layers contract is checked a second time with type hints counted (scripts/lint_type_imports.py).

pyproject.toml leaves imports under ``if TYPE_CHECKING:`` out of import-linter's graph for every
contract; ``make lint`` also runs the script, whose configuration is pyproject.toml's layers with
those imports counted, so a type hint cannot point up the layers either.
"""

from __future__ import annotations

import importlib.util
import tomllib

from django.conf import settings


def _script():
    spec = importlib.util.spec_from_file_location(
        "lint_type_imports", settings.BASE_DIR / "scripts" / "lint_type_imports.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_second_check_is_pyprojects_layers_with_type_hints_counted():
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["tool"]["importlinter"]
    generated = tomllib.loads(_script().config_text())["tool"]["importlinter"]
    assert project["exclude_type_checking_imports"] is True
    assert generated["exclude_type_checking_imports"] is False
    assert generated["root_packages"] == project["root_packages"]
    (layers,) = [c for c in project["contracts"] if c["type"] == "layers"]
    (checked,) = generated["contracts"]
    for key in ("type", "layers", "ignore_imports", "exhaustive"):
        assert checked[key] == layers[key], key
