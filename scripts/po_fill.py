"""Fill empty translations of locale/en/LC_MESSAGES/django.po from JSON glossaries (with polib).

Usage: python scripts/po_fill.py locale/en/glossary*.json
Each glossary maps an Indonesian msgid to its English; a plural msgid maps to a list
[singular, plural]. Existing translations are kept. `make messages` runs this, then compiles.
"""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main(*glossary_paths: str) -> int:
    glossary: dict[str, str | list[str]] = {}
    for path in glossary_paths:
        glossary.update(json.loads(Path(path).read_text(encoding="utf-8")))
    po = polib.pofile(str(PO), wrapwidth=79)
    filled, missing = 0, []
    for entry in po:
        if entry.obsolete or entry.translated():
            continue
        english = glossary.get(entry.msgid)
        if english is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            singular, plural = english if isinstance(english, list) else (english, english)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = english
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    po.save()
    sys.stdout.write(f"filled {filled} translations; {len(missing)} without English\n")
    for msgid in missing:
        sys.stdout.write(f"  no English: {msgid!r}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
