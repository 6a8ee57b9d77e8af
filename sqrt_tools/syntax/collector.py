"""Pausing Python's cyclic garbage collector while a parse builds its objects."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many parses run now, in any thread, and whether the collector was on before."""

    lock = threading.Lock()
    active = 0
    was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off, then restore it as it was.

    Why: a parse allocates hundreds of thousands of small objects (stack frames,
    tokens, AST nodes) that stay alive until it ends, and the collector keeps
    re-examining them; on a 250 KB file of nested `not` that alone turned the
    formatter's time per KB 2.2x worse at 16x the size (bench/parse.py, linearity).
    The parser makes no reference cycles, so nothing waits on the collector; reference
    counting still frees everything. The collector is process-wide, so concurrent
    parses (the language server's worker and its request thread) share one pause: the
    first to enter turns it off, the last to leave turns it back on if it was on.
    """
    with _Pause.lock:
        if _Pause.active == 0:
            _Pause.was_enabled = gc.isenabled()
            gc.disable()
        _Pause.active += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.active -= 1
            if _Pause.active == 0 and _Pause.was_enabled:
                gc.enable()
