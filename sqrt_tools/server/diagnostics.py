"""Diagnostics for the editor: pushed after edits (debounced) or pulled on request.

Push or pull [ours]: a client that declares pull support
(`textDocument.diagnostic`) asks for diagnostics itself, and pushing as well would
show every finding twice in it (VS Code keeps the two in separate collections), so
such a client is only answered; every other client gets `publishDiagnostics`.
`textDocument/diagnostic` is answered for any client that asks.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time

from lsprotocol import types

from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.guard import report_failure
from sqrt_tools.server.rules import rule_documentation_url, rule_tags
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax.diagnostics import Diagnostic, Severity

logger = logging.getLogger(__name__)

SOURCE = "sqrt"

# [ours] Debounce: the first edit after a quiet spell is checked at once (on the next
# turn of the event loop), so a single edit shows its diagnostics as fast as the
# analysis allows; edits that follow within QUIET_SECONDS of the last publication
# are checked together, QUIET_SECONDS after the last of them.
QUIET_SECONDS = 0.15

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_lsp(diagnostic: Diagnostic, analysis: Analysis) -> types.Diagnostic:
    """One toolkit diagnostic as the LSP sees it."""
    positions = analysis.positions
    related = [
        types.DiagnosticRelatedInformation(
            types.Location(analysis.uri, positions.range(item.span.start, item.span.end)),
            item.message,
        )
        for item in diagnostic.related
    ]
    url = rule_documentation_url(diagnostic.rule)
    return types.Diagnostic(
        range=positions.range(diagnostic.span.start, diagnostic.span.end),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        related_information=related or None,
        tags=list(rule_tags(diagnostic.rule)) or None,
        data={"rule": diagnostic.rule, "fixable": diagnostic.fix is not None},
    )


def lsp_diagnostics(server: SqrtServer, analysis: Analysis) -> list[types.Diagnostic]:
    items = [to_lsp(diagnostic, analysis) for diagnostic in analysis.diagnostics]
    for problem in analysis.problems:
        server.show_problem(f"sqrt: {problem}")
    return items


class Publisher:
    """Publishes the diagnostics of changed documents, debounced per document."""

    def __init__(self, server: SqrtServer) -> None:
        self.server = server
        self._pending: dict[str, asyncio.Handle] = {}
        self._last: dict[str, float] = {}
        self._published: dict[str, int] = {}  # uri -> serial of the analysis last sent
        self._tasks: set[asyncio.Future[None]] = set()

    @property
    def client_pulls(self) -> bool:
        capabilities = self.server.client_capabilities
        text_document = capabilities.text_document if capabilities else None
        return text_document is not None and text_document.diagnostic is not None

    def changed(self, uris: list[str], edited: bool) -> None:
        if self.client_pulls:
            # The client pulls after its own edits; it only needs telling when the
            # settings changed what it would get.
            if not edited:
                self._ask_client_to_pull()
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        for uri in uris:
            pending = self._pending.pop(uri, None)
            if pending is not None:
                pending.cancel()
            if self.server.documents.get(uri) is None:
                self._last.pop(uri, None)
                self._published.pop(uri, None)
                self._send(uri, None, [])  # closed: clear what the editor shows
            elif pending is None and now - self._last.get(uri, -math.inf) >= QUIET_SECONDS:
                self._pending[uri] = loop.call_soon(self._publish, uri)
            else:
                self._pending[uri] = loop.call_later(QUIET_SECONDS, self._publish, uri)

    def _publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        task = asyncio.ensure_future(self._publish_when_ready(uri))
        self._tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(self._tasks.discard)

    async def _publish_when_ready(self, uri: str) -> None:
        """Publish the newest version's diagnostics once its analysis is ready (off the
        request loop); a version superseded meanwhile is never published."""
        started = time.perf_counter()
        try:
            analysis = await self.server.runner.ready(uri)
            if analysis is None or self._published.get(uri) == analysis.serial:
                return  # closed, or this version is already out (edits came in a burst)
            items = lsp_diagnostics(self.server, analysis)
        except Exception as exc:
            report_failure(self.server, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, exc)
            return
        self._published[uri] = analysis.serial
        self._send(uri, analysis.version, items)
        logger.debug(
            "published %d diagnostics for version %s in %.1f ms",
            len(items),
            analysis.version,
            (time.perf_counter() - started) * 1000,
        )
        self._last[uri] = asyncio.get_running_loop().time()

    def _send(self, uri: str, version: int | None, items: list[types.Diagnostic]) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
        )

    def _ask_client_to_pull(self) -> None:
        capabilities = self.server.client_capabilities
        workspace = capabilities.workspace if capabilities else None
        diagnostics = workspace.diagnostics if workspace else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.server.workspace_diagnostic_refresh(None)


def register(server: SqrtServer) -> None:
    publisher = Publisher(server)
    server.on_analysis_changed.append(publisher.changed)

    @server.handle(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.RelatedFullDocumentDiagnosticReport(items=[]),
        types.DiagnosticOptions(
            identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    def pull(
        params: types.DocumentDiagnosticParams,
    ) -> types.RelatedFullDocumentDiagnosticReport | types.RelatedUnchangedDocumentDiagnosticReport:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = str(analysis.serial)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=lsp_diagnostics(server, analysis), result_id=result_id
        )
