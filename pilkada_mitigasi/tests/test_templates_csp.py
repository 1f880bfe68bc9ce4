"""The Content-Security-Policy allows no inline script or style: templates must not carry any."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE = {
    "an inline <script> (put it in static/js/)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "an event-handler attribute (bind it in static/js/)": re.compile(
        r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE
    ),
    "a style attribute (use a class in static/css/)": re.compile(r"\sstyle\s*=\s*[\"']", re.IGNORECASE),
}


def test_no_template_carries_inline_script_or_style():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert not found, "\n".join(found)
