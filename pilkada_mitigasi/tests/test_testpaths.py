"""make test runs what pytest.ini's testpaths names: every folder with tests must be named there."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_tests_folder_is_in_testpaths():
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    testpaths = set(config["pytest"]["testpaths"].split())
    with_tests = {
        path.parent.parent.name
        for path in ROOT.glob("*/tests/__init__.py")
        if not path.parent.parent.name.startswith(".")
    }
    missing = sorted(with_tests - testpaths)
    assert not missing, f"pytest.ini testpaths leaves out {missing}: make test would not run their tests."
