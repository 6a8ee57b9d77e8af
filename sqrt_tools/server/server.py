"""The language server object: open documents, settings, and guarded registration.

Each capability lives in its own module with a `register(server)` function; this
module holds what they share. `create_server()` wires them together.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

from cattrs.errors import ClassValidationError
from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcInvalidParams
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import (
    JsonRPCNotification,
    JsonRPCRequestMessage,
    JsonRPCResponseMessage,
    LanguageServerProtocol,
    lsp_method,
)

from sqrt_tools._version import __version__
from sqrt_tools.safe_text import escape_control
from sqrt_tools.server import intake
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.documents import DocumentStore
from sqrt_tools.server.guard import guarded, guarded_async, report_failure
from sqrt_tools.server.positions import encoding_of
from sqrt_tools.server.runner import AnalysisRunner
from sqrt_tools.server.settings import Settings, settings_for

logger = logging.getLogger(__name__)

P = TypeVar("P")
R = TypeVar("R")
F = TypeVar("F")

NAME = "sqrt-tools"


class SqrtProtocol(LanguageServerProtocol):
    """pygls's protocol without its own copy of the documents (see `documents.py`).

    The built-in open/change/close handlers keep pygls's workspace copy; these only
    hand the notification to the server's handlers, which keep the server's copy.
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        """One message as pygls's typed object; raises without logging (the intake logs
        one line and answers, see `intake.py`). Params that do not fit the method raise
        `JsonRpcInvalidParams`."""
        if "jsonrpc" not in data:
            return data
        method = data.get("method")
        if "id" in data and "error" in data:
            kind: Any = types.ResponseErrorMessage
        elif "id" in data and method is not None:
            kind = self.get_message_type(method) or JsonRPCRequestMessage
        elif "id" in data:
            kind = self._result_types.pop(data["id"], None) or JsonRPCResponseMessage
        else:
            kind = self.get_message_type(method or "") or JsonRPCNotification
        if kind in (JsonRPCRequestMessage, JsonRPCNotification):
            # a method pygls has no type for: let dispatch answer "method not found"
            data = {"params": None, **data}
        try:
            return self._converter.structure(data, kind)
        except (ClassValidationError, TypeError, ValueError, KeyError) as exc:
            raise JsonRpcInvalidParams() from exc

    def _user_handler(self, method: str) -> Any:
        return self.fm.features.get(method)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self._user_handler(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class SqrtServer(LanguageServer):
    """The SQRT language server: documents by URI, editor settings, feature hooks."""

    def __init__(self) -> None:
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=SqrtProtocol,
        )
        self.documents = DocumentStore()
        self.editor_settings: dict[str, Any] = {}
        # Called with the URIs whose analysis changed and whether their text did (False:
        # the settings did); diagnostics hooks in here to publish again.
        self.on_analysis_changed: list[Callable[[list[str], bool], None]] = []
        self._shown: set[str] = set()
        self.runner = AnalysisRunner(self.analysis)

    # --- registration -----------------------------------------------------------------

    def handle(
        self, method: str, fallback: F, options: Any | None = None, *, in_order: bool = False
    ) -> Callable[[Callable[[P], R]], Callable[[P], R]]:
        """Register a guarded handler for `method` (see `guard.guarded`).

        A request handler runs once the analysis of its document is ready, which is
        built off the request loop (`runner.py`), so a long analysis of one document
        never holds up requests for another. `in_order` handlers (the notifications
        that change documents) run at once, in the order they came.
        """

        def decorate(handler: Callable[[P], R]) -> Callable[[P], R]:
            safe = guarded(self, method, fallback)(handler)
            if in_order:
                self.feature(method, options)(safe)
                return handler

            @functools.wraps(handler)
            async def when_ready(params: P) -> R | F:
                try:
                    await self.prepare_for(params)
                except Exception as exc:
                    report_failure(self, method, exc)
                    return fallback
                return safe(params)

            self.feature(method, options)(when_ready)
            return handler

        return decorate

    async def prepare_for(self, params: Any) -> None:
        """Wait until the analyses `params` reads are ready: its document's, or, for a
        request about no one document (workspace symbols), every open document's."""
        document = getattr(params, "text_document", None)
        uri = getattr(document, "uri", None)
        if isinstance(uri, str):
            await self.runner.ready(uri)
        elif document is None:
            await asyncio.gather(*(self.runner.ready(item.uri) for item in self.documents))

    def handle_async(
        self, method: str, fallback: F, options: Any | None = None
    ) -> Callable[[Callable[[P], Any]], Callable[[P], Any]]:
        """Register a guarded coroutine handler for `method`."""

        def decorate(handler: Callable[[P], Any]) -> Callable[[P], Any]:
            self.feature(method, options)(guarded_async(self, method, fallback)(handler))
            return handler

        return decorate

    # --- transport --------------------------------------------------------------------

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve over stdio, reading messages with `intake.serve` (see there why)."""
        self._stop_event = stop = threading.Event()
        reader = StdinAsyncReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(intake.serve(stop, reader, self.protocol))
        except BrokenPipeError:
            logger.error("sqrt: the connection to the client is lost; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    def start_tcp(self, host: str, port: int) -> None:
        """Serve one client at a time over TCP, reading messages with `intake.serve`."""
        self._stop_event = stop = threading.Event()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.protocol.set_writer(writer)
            await intake.serve(stop, reader, self.protocol)
            self.shutdown()  # type: ignore[no-untyped-call]

        async def listen() -> None:
            self._server = await asyncio.start_server(connection, host, port)
            async with self._server:
                await self._server.serve_forever()

        try:
            asyncio.run(listen())
        except asyncio.CancelledError:
            logger.debug("server cancelled")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's out-of-band errors: one log line, never an "Error in server" pop-up
        (the request, if any, was already answered with its JSON-RPC error)."""
        if source is FeatureRequestError:
            return  # pygls has answered the request with its error and logged a line
        logger.error("sqrt: %s", escape_control(describe_error(error), keep_newlines=False))

    # --- messages ---------------------------------------------------------------------

    def show_problem(self, message: str) -> None:
        """Tell the user once about a problem outside the text (an unusable setting)."""
        if message in self._shown:
            return
        self._shown.add(message)
        logger.warning("%s", message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=escape_control(message))
        )

    # --- state ------------------------------------------------------------------------

    def settings_for(self, uri: str) -> Settings:
        return settings_for(uri, self.editor_settings)

    def analysis(self, uri: str) -> Analysis | None:
        """The current analysis of an open document, None when it is not open."""
        document = self.documents.get(uri)
        return document.analysis if document is not None else None

    def analysis_changed(self, uris: list[str], *, edited: bool = True) -> None:
        for hook in self.on_analysis_changed:
            hook(uris, edited)

    def reconfigure_all(self) -> None:
        """Settings changed: every open document is analysed again under new settings."""
        uris: list[str] = []
        for document in self.documents:
            document.reconfigure(self.settings_for(document.uri))
            uris.append(document.uri)
        self.analysis_changed(uris, edited=False)


def describe_error(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


def register_sync(server: SqrtServer) -> None:
    """Open, change and close: the server's own copy of each document."""

    @server.handle(types.INITIALIZE, None, in_order=True)
    def initialize(params: types.InitializeParams) -> None:
        del params
        server.documents.encoding = encoding_of(server.workspace.position_encoding)

    @server.handle(types.TEXT_DOCUMENT_DID_OPEN, None, in_order=True)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        server.documents.open(item.uri, item.text, item.version, server.settings_for(item.uri))
        server.analysis_changed([item.uri])

    @server.handle(types.TEXT_DOCUMENT_DID_CHANGE, None, in_order=True)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if server.documents.change(uri, params.text_document.version, params.content_changes):
            server.analysis_changed([uri])

    @server.handle(types.TEXT_DOCUMENT_DID_CLOSE, None, in_order=True)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.documents.close(params.text_document.uri)
        server.analysis_changed([params.text_document.uri])
