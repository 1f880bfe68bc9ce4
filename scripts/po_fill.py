"""Fill empty msgstr entries of locale/en/LC_MESSAGES/django.po from a JSON glossary.

Usage: python scripts/po_fill.py locale/en/glossary*.json
Each glossary maps Indonesian msgids to English. Existing translations are kept.
Run `make messages` afterwards to compile.
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main(*glossary_paths: str) -> int:
    glossary: dict[str, str] = {}
    for path in glossary_paths:
        glossary.update(json.loads(Path(path).read_text(encoding="utf-8")))
    text = PO.read_text(encoding="utf-8")
    filled = 0

    def replace_wrapped(match: re.Match) -> str:
        nonlocal filled
        lines = match.group(1).splitlines()
        key = "".join(json.loads(line) for line in lines)
        if key in glossary:
            filled += 1
            return f'msgid ""\n{match.group(1)}msgstr {json.dumps(glossary[key], ensure_ascii=False)}\n'
        return match.group(0)

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid = match.group(1)
        key = json.loads(f'"{msgid}"')
        if key in glossary:
            filled += 1
            return f'msgid "{msgid}"\nmsgstr {json.dumps(glossary[key], ensure_ascii=False)}\n'
        return match.group(0)

    # msgids on one line or wrapped over several, each with an empty msgstr.
    text = re.sub(r'msgid "((?:[^"\\]|\\.)+)"\nmsgstr ""\n(?!")', replace, text)
    text = re.sub(r'msgid ""\n((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ""\n(?!")', replace_wrapped, text)
    text = text.replace("#, fuzzy\n", "", 1) if filled else text
    PO.write_text(text, encoding="utf-8")
    sys.stdout.write(f"filled {filled} translations\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
