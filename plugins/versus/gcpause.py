"""The cyclic garbage collector paused while the engine builds its many long-lived objects.

CPython runs its collector after every few hundred container allocations and, every so often,
walks every object in the process. Loading and planning allocate hundreds of thousands of dicts,
tuples and records that all stay alive, so inside a build (beside MkDocs' own objects) those walks
take a fifth or more of the engine's time and free almost nothing. `paused_gc` turns the collector
off for such a phase; when the phase ends it collects the objects made during it once (they are
all still in the youngest generation), so no garbage made by the engine is left for later.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc() -> Iterator[None]:
    """Usable as `with paused_gc():` or as a decorator (`@paused_gc()`); nests harmlessly."""
    if not gc.isenabled():  # paused already (an outer phase) or by the application: leave it be
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)
