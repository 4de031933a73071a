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


# A long-running server (`mkdocs serve`) keeps what it built between rebuilds (versus.serve_cache),
# so a full collection, which CPython starts at a moment of its choosing, walks all of it: about
# 0.25 s at 10x, and it falls inside a rebuild, between the save and the reload. Under `serve`
# full collections are therefore left out of the automatic schedule (the young generations are
# still collected as usual) and one runs instead when the server has been idle for IDLE_SECONDS
# after a rebuild; a rebuild that starts first postpones it to its own end.
IDLE_SECONDS = 0.5
_idle: list = []  # the pending timer, if any
_threshold: list = []  # the thresholds before `defer_full_collections`


def defer_full_collections() -> None:
    if not _threshold:
        _threshold.append(gc.get_threshold())
        young, middle, _ = _threshold[0]
        gc.set_threshold(young, middle, 1 << 30)


def collect_when_idle() -> None:
    import threading

    cancel_idle_collection()
    timer = threading.Timer(IDLE_SECONDS, gc.collect)
    timer.daemon = True
    timer.start()
    _idle.append(timer)


def cancel_idle_collection() -> None:
    while _idle:
        _idle.pop().cancel()


def restore_collections() -> None:
    cancel_idle_collection()
    if _threshold:
        gc.set_threshold(*_threshold.pop())
