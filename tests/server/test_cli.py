"""`sqrt lsp`: stdio by default or with `--stdio` (what vscode-languageclient passes),
a socket with `--tcp HOST:PORT`, `--tcp --host H --port P` or `--port P` alone (what
eglot's `:autoport` passes), one-line errors for bad options."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from sqrt_tools import __version__
from sqrt_tools.cli.lsp import parse_address


@pytest.mark.parametrize(
    ("value", "expected"),
    [("127.0.0.1:2087", ("127.0.0.1", 2087)), ("[::1]:9000", ("::1", 9000))],
)
def test_addresses(value: str, expected: tuple[str, int]) -> None:
    assert parse_address(value) == expected


@pytest.mark.parametrize("value", ["2087", "host:", ":2087", "host:port", "host:70000"])
def test_bad_tcp_address_is_one_line_and_exit_2(value: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "lsp", "--tcp", value],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""  # stdout is the protocol channel: never anything else
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sqrt lsp: ")
    assert "Traceback" not in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize(
    "options",
    [
        ["--tcp", "127.0.0.1:{port}"],
        ["--tcp", "--host", "127.0.0.1", "--port", "{port}"],
        ["--port", "{port}"],
    ],
    ids=["tcp-address", "tcp-host-port", "port-alone"],
)
@pytest.mark.asyncio(loop_scope="session")
async def test_tcp_server_answers(options: list[str]) -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sqrt_tools", "lsp", *[item.format(port=port) for item in options]
    )
    client = LanguageClient("tcp-test", "1")
    try:
        for _ in range(200):  # the server needs a moment to listen
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)
        result = await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(capabilities=types.ClientCapabilities())
            ),
            30,
        )
        assert result.server_info is not None and result.server_info.name == "sqrt-tools"
        assert result.capabilities.hover_provider
        client.initialized(types.InitializedParams())
        uri = "file:///tcp/policy.sqrt"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="sqrt", version=1, text="let a = {};\n"
                )
            )
        )
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(0, 1),
            )
        )
        assert hover is not None
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()
        if process.returncode is None:
            process.terminate()
        await process.wait()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--stdio", "--tcp"], "--stdio cannot be combined with --tcp, --host or --port"),
        (["--stdio", "--port", "2087"], "--stdio cannot be combined with --tcp, --host or --port"),
        (["--port", "0"], "port 0 is out of range (1-65535)"),
        (
            ["127.0.0.1:2087"],
            "unexpected argument '127.0.0.1:2087' (did you mean --tcp 127.0.0.1:2087?)",
        ),
        (
            ["--tcp", "127.0.0.1:2087", "--port", "2088"],
            "give either --tcp HOST:PORT or --host/--port, not both",
        ),
    ],
)
def test_contradicting_transport_options_are_one_line_and_exit_2(
    options: list[str], message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "lsp", *options],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"sqrt lsp: {message}\n")


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "sqrt_tools", "lsp", "--tcp", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith(f"sqrt lsp: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr


def _frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def test_stdio_option_is_what_vscode_languageclient_passes() -> None:
    # TransportKind.stdio makes vscode-languageclient run `sqrt lsp --stdio`.
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "lsp", "--stdio"],
        input=b"".join(_frame(message) for message in messages),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header, _, body = done.stdout.partition(b"\r\n\r\n")
    length = re.search(rb"Content-Length: (\d+)", header)
    assert length is not None, done.stdout
    answer = json.loads(body[: int(length[1])])
    assert answer["id"] == 1 and answer["result"]["serverInfo"]["name"] == "sqrt-tools"


def test_the_log_escapes_what_clients_send() -> None:
    hostile = "file:///tmp/\x1b[31mred.sqrt"
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": hostile, "version": 2},
                "contentChanges": [{"text": "x"}],
            },
        },
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "lsp"],
        input=b"".join(_frame(message) for message in messages),
        capture_output=True,
        timeout=60,
        check=False,
    )
    log = done.stderr.decode()
    assert "didChange for a document that is not open" in log
    assert "\\x1b[31mred.sqrt" in log and "\x1b" not in log
    assert done.stdout.startswith(b"Content-Length: ")  # the answers, and only those


def test_module_form_prints_the_version_line_editors_look_for() -> None:
    # The VS Code extension runs `python -m sqrt_tools --version` with the Python
    # extension's interpreter and reads this line (lsp/vscode/src/probe.ts).
    done = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"sqrt-tools {__version__}\n")
