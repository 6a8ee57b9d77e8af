"""Analysis off the request loop: one worker thread per busy document, newest version first.

Parsing and linting a document can take long (a 5 MB file, a pathological one). If the
request loop did it, every request of every document would wait. So the loop hands
`Analysis.prepare` to a thread pool and awaits it; requests for other documents are
answered meanwhile, and a request reads only finished analyses.

Per document at most one analysis runs at a time, and it is always of the newest
version: a version superseded before its turn is never started, and one superseded
while running (a thread cannot be interrupted) is left to finish and thrown away;
whoever waited on it then waits on the newest version instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from sqrt_tools.server.analysis import Analysis

logger = logging.getLogger(__name__)

# [ours] Enough threads that one document stuck on a long analysis leaves room for the
# others; the work is CPU-bound, so more would only share the same cores.
WORKERS = 4


class AnalysisRunner:
    """Prepares analyses on worker threads, one running job per document."""

    def __init__(self, current: Callable[[str], Analysis | None]) -> None:
        # `current(uri)`: the analysis of the newest version, None once closed.
        self.current = current
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="sqrt-analysis")
        self._running: dict[str, tuple[Analysis, Future[None]]] = {}

    async def ready(self, uri: str) -> Analysis | None:
        """The newest analysis of `uri`, prepared; None when the document is not open."""
        while True:
            analysis = self.current(uri)
            if analysis is None or analysis.prepared:
                return analysis
            running = self._running.get(uri)
            if running is None or running[1].done():
                running = (analysis, self._pool.submit(analysis.prepare))
                self._running[uri] = running
            job_analysis, job = running
            try:
                # shield: a cancelled request must not cancel a job others wait on
                await asyncio.shield(asyncio.wrap_future(job))
            except asyncio.CancelledError:
                raise
            except Exception:
                if job_analysis is self.current(uri):
                    raise  # the newest version itself failed: the caller reports it
                logger.debug("analysis of a superseded version of %s failed", uri)
            finally:
                if self._running.get(uri) is running and job.done():
                    del self._running[uri]  # do not keep a closed document's analysis alive

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
