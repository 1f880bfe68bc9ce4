"""The objects a process keeps for its whole life, out of the garbage collector's full passes.

A web process holds a few hundred thousand long-lived objects (Django, the apps, the URL and template
machinery). CPython's full collection walks all of them, every few requests once a page has made
enough objects, which showed as a tail of hundreds of milliseconds on the registry's gap page at
50,000 people. ``gc.freeze`` moves the objects alive now to a permanent generation the collector no
longer walks; what a request makes afterwards is collected as before.
"""

from __future__ import annotations

import gc


def long_lived_frozen() -> int:
    """Collect what is garbage now, then freeze the rest; the number of objects frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
