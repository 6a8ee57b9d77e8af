"""`sqrt lsp`: run the language server over stdio, or on a TCP socket.

Standard output carries the protocol, so nothing else is ever printed there; the
server's own log goes to standard error.

The options are the ones editors pass by convention:
- `--stdio`: vscode-languageclient appends it for `TransportKind.stdio`; stdio is also
  what every editor gets with no option at all.
- `--tcp`, `--host`, `--port`: the pygls/python-lsp-server convention (`--tcp` listens
  on 127.0.0.1:2087 unless told otherwise). `--port N` alone listens too, which is what
  Emacs eglot's `("sqrt" "lsp" "--port" :autoport)` contact needs.
- `--tcp HOST:PORT`: this project's own short form, kept.
"""

from __future__ import annotations

import gc
import logging
import socket
import sys
from collections.abc import Callable
from typing import Annotated, Any, BinaryIO

import typer

EXIT_USAGE = 2
DEFAULT_HOST = "127.0.0.1"
# [ours] pygls's and python-lsp-server's default port, so that client set-ups written
# for them work unchanged.
DEFAULT_PORT = 2087

_HELP = (
    "Run the SQRT language server.\n\n"
    "Editors start it as `sqrt lsp` (or `sqrt lsp --stdio`) and talk LSP over standard "
    "input and output. With `--tcp` it listens on a socket instead: "
    f"`--tcp` alone on {DEFAULT_HOST}:{DEFAULT_PORT}, `--tcp HOST:PORT`, or "
    "`--port PORT` (and `--host HOST`), for debugging or editors that connect to a "
    "running server."
)


def parse_address(value: str) -> tuple[str, int]:
    """`HOST:PORT` (IPv6 hosts in brackets: `[::1]:2087`). Raises ValueError."""
    host, separator, port_text = value.rpartition(":")
    host = host.strip("[]")
    if not separator or not host or not port_text.isdigit():
        raise ValueError(f"--tcp expects HOST:PORT, e.g. 127.0.0.1:2087, not {value!r}")
    return host, checked_port(int(port_text))


def checked_port(port: int) -> int:
    """`port` if it can be listened on. Raises ValueError."""
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range (1-65535)")
    return port


def listen_address(
    *, stdio: bool, tcp: bool, address: str | None, host: str | None, port: int | None
) -> tuple[str, int] | None:
    """Where to listen, from the transport options; None for stdio. Raises ValueError
    for combinations that contradict each other."""
    wants_socket = tcp or address is not None or host is not None or port is not None
    if stdio and wants_socket:
        raise ValueError("--stdio cannot be combined with --tcp, --host or --port")
    if not wants_socket:
        return None
    if address is not None:
        if not tcp:
            raise ValueError(f"unexpected argument {address!r} (did you mean --tcp {address}?)")
        if host is not None or port is not None:
            raise ValueError("give either --tcp HOST:PORT or --host/--port, not both")
        return parse_address(address)
    return (host or DEFAULT_HOST, checked_port(DEFAULT_PORT if port is None else port))


class EscapingFormatter(logging.Formatter):
    """Log lines carry client data (URIs, and at debug level whole messages with the
    documents' text): escaped, so none of it can drive the terminal showing the log,
    and one line per record (line breaks shown as `\\n`)."""

    def format(self, record: logging.LogRecord) -> str:
        from sqrt_tools.safe_text import escape_control

        return escape_control(super().format(record), keep_newlines=False)

    def formatException(self, ei: Any) -> str:
        """The exception in brackets, not a traceback: a library's `logger.exception`
        must not put tracebacks on standard error (issue 18); each record is one line."""
        kind, value = ei[0], ei[1]
        name = kind.__name__ if kind is not None else "Exception"
        detail = str(value)[:200] if value is not None else ""
        return f"[{name}: {detail}]" if detail else f"[{name}]"


# A parse allocates a tree of tens of thousands of nodes that live as long as the
# document's version; with the default first-generation threshold (700) the collector
# runs dozens of times per analysis, walking the young tree each time.
GC_THRESHOLDS = (20_000, 20, 20)


def tune_garbage_collector() -> None:
    """Fewer collections while analysing (about a tenth off each analysis of a
    2,000-line policy in bench/lsp.py); the modules and grammar tables loaded at
    start-up live as long as the process, so they are frozen out of every collection."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def lsp_command(  # noqa: PLR0917 - typer maps each option to one parameter
    address: Annotated[
        str | None,
        typer.Argument(metavar="[HOST:PORT]", show_default=False, help="With --tcp.", hidden=True),
    ] = None,
    stdio: Annotated[
        bool, typer.Option("--stdio", help="Talk over standard input and output (the default).")
    ] = False,
    tcp: Annotated[
        bool,
        typer.Option(
            "--tcp",
            help=f"Listen on a TCP socket, not stdio: {DEFAULT_HOST}:{DEFAULT_PORT}, or "
            "`--tcp HOST:PORT`, or --host/--port.",
        ),
    ] = False,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", help=f"The address to listen on (default {DEFAULT_HOST}).", show_default=False
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            help=f"The port to listen on (default {DEFAULT_PORT}); implies --tcp.",
            show_default=False,
        ),
    ] = None,
    log_level: Annotated[
        str,
        typer.Option(
            "--log-level",
            help="Log to standard error from this level: debug, info, warning, error.",
        ),
    ] = "warning",
) -> None:
    """Run the SQRT language server (stdio by default)."""
    from sqrt_tools.safe_text import escape_control

    level = logging.getLevelName(log_level.upper())
    if not isinstance(level, int):
        sys.stderr.write(f"sqrt lsp: unknown log level {escape_control(log_level)!r}\n")
        raise typer.Exit(EXIT_USAGE)
    try:
        listen = listen_address(stdio=stdio, tcp=tcp, address=address, host=host, port=port)
    except ValueError as exc:
        sys.stderr.write(f"sqrt lsp: {escape_control(str(exc), keep_newlines=False)}\n")
        raise typer.Exit(EXIT_USAGE) from None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(EscapingFormatter("sqrt lsp: %(levelname)s %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])

    listener: socket.socket | None = None
    if listen is not None:
        try:
            listener = listen_now(*listen)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = escape_control(f"{listen[0]}:{listen[1]}")
            sys.stderr.write(f"sqrt lsp: cannot listen on {where}: {escape_control(reason)}\n")
            raise typer.Exit(EXIT_USAGE) from None

    from sqrt_tools.server import create_server

    server = create_server()
    tune_garbage_collector()
    if listener is None:
        server.start_io()
        return
    serve_one_connection(server.start_io, listener)


def listen_now(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port`, opened before the server is built.

    Building the server takes a second or more on a busy machine, and some clients
    give up quickly: eglot's `:autoport` tries to connect for five seconds. Once the
    socket listens, the system accepts their connection and holds it until we serve.
    Raises OSError (port taken, unknown host).
    """
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    return socket.create_server((host, port), family=family)


def serve_one_connection(
    start_io: Callable[[BinaryIO, BinaryIO], None], listener: socket.socket
) -> None:
    """Serves the first client that connects, as pygls's own TCP mode does, then ends."""
    with listener:
        connection, _ = listener.accept()
    with connection, connection.makefile("rb") as reader, connection.makefile("wb") as writer:
        start_io(reader, writer)


def register(app: typer.Typer) -> None:
    """Add the `lsp` command to `app`."""
    app.command("lsp", help=_HELP)(lsp_command)
