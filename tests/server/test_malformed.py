"""Malformed JSON-RPC gets the right JSON-RPC error, one log line, no pop-up, no
traceback, and the server keeps answering (issue 18: 14 of 29 such messages made pygls
show "Error in server: ..." in the editor and print tracebacks)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
NO_ANSWER = None

HUGE_ID = 10**30
LONG_ID = "i" * 10_000


def frame(body: bytes) -> bytes:
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def message(**fields: Any) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", **fields}).encode())


def hover(request_id: object, params: object) -> bytes:
    return message(id=request_id, method="textDocument/hover", params=params)


DOC = {"uri": "file:///nowhere.sqrt"}
# (what it is, the bytes sent, the id the answer carries, the error code; NO_ANSWER
# for notifications and for bytes that cannot be framed as a message)
CASES: list[tuple[str, bytes, object, int | None]] = [
    ("truncated JSON", frame(b'{"jsonrpc": "2.0", "id": 1, "method": '), None, PARSE_ERROR),
    ("not UTF-8", frame(b'\xff\xfe{"jsonrpc": "2.0"}'), None, PARSE_ERROR),
    ("empty body", b"Content-Length: 0\r\n\r\n", None, PARSE_ERROR),
    ("nested too deep", frame(b"[" * 100_000 + b"]" * 100_000), None, PARSE_ERROR),
    ("a string", frame(b'"hello"'), None, INVALID_REQUEST),
    ("a number", frame(b"42"), None, INVALID_REQUEST),
    ("null", frame(b"null"), None, INVALID_REQUEST),
    ("empty batch", frame(b"[]"), None, INVALID_REQUEST),
    (
        "batch",
        frame(json.dumps([{"jsonrpc": "2.0", "id": 3, "method": "shutdown"}]).encode()),
        None,
        INVALID_REQUEST,
    ),
    (
        "no jsonrpc member",
        frame(json.dumps({"id": 9, "method": "shutdown"}).encode()),
        9,
        INVALID_REQUEST,
    ),
    (
        "jsonrpc 1.0",
        frame(json.dumps({"jsonrpc": "1.0", "id": 10, "method": "shutdown"}).encode()),
        10,
        INVALID_REQUEST,
    ),
    ("method not a string", message(id=11, method=42), 11, INVALID_REQUEST),
    ("id an object", message(id={"a": 1}, method="shutdown"), None, INVALID_REQUEST),
    ("id a float", message(id=1.5, method="shutdown"), None, INVALID_REQUEST),
    ("id a boolean", message(id=True, method="shutdown"), None, INVALID_REQUEST),
    ("neither method nor result", message(id=15), 15, INVALID_REQUEST),
    ("unknown method", message(id=16, method="sqrt/nothing"), 16, METHOD_NOT_FOUND),
    ("huge id", message(id=HUGE_ID, method="sqrt/nothing"), HUGE_ID, METHOD_NOT_FOUND),
    ("long string id", message(id=LONG_ID, method="sqrt/nothing"), LONG_ID, METHOD_NOT_FOUND),
    ("unknown notification", message(method="sqrt/nothing"), None, NO_ANSWER),
    ("params an array", hover(18, [1, 2]), 18, INVALID_PARAMS),
    ("params a string", hover(19, "here"), 19, INVALID_PARAMS),
    ("params missing a member", hover(20, {"textDocument": DOC}), 20, INVALID_PARAMS),
    (
        "params of the wrong type",
        hover(21, {"textDocument": DOC, "position": {"line": "x", "character": 0}}),
        21,
        INVALID_PARAMS,
    ),
    ("didOpen without a document", message(method="textDocument/didOpen", params={}), None, None),
    (
        "didChange with changes not a list",
        message(
            method="textDocument/didChange",
            params={"textDocument": {**DOC, "version": 2}, "contentChanges": 7},
        ),
        None,
        NO_ANSWER,
    ),
    ("cancel without an id", message(method="$/cancelRequest", params={}), None, NO_ANSWER),
    ("answer to nothing", message(id=999, result=None), None, NO_ANSWER),
    ("malformed error answer", message(id=998, error="bad"), None, NO_ANSWER),
    (
        "Content-Length too short",
        b"Content-Length: 10\r\n\r\n" + json.dumps({"jsonrpc": "2.0", "id": 30}).encode(),
        None,
        PARSE_ERROR,
    ),
    ("no Content-Length", b"Content-Type: x\r\n\r\n{}", None, NO_ANSWER),
    ("Content-Length not a number", b"Content-Length: abc\r\n\r\n{}", None, NO_ANSWER),
    ("Content-Length huge", b"Content-Length: 999999999999999\r\n\r\n{}", None, NO_ANSWER),
]

START = message(id=0, method="initialize", params={"capabilities": {}}) + message(
    method="initialized", params={}
)
END = (
    hover(100, {"textDocument": DOC, "position": {"line": 0, "character": 0}})
    + message(id=101, method="shutdown")
    + message(method="exit")
)


def answers(stdout: bytes) -> list[dict[str, Any]]:
    found = []
    for match in re.finditer(rb"Content-Length: (\d+)\r\n(?:[^\r\n]+\r\n)*\r\n", stdout):
        body = stdout[match.end() : match.end() + int(match[1])]
        found.append(json.loads(body))
    return found


def run_server(payload: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "lsp"],
        input=START + payload + END,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_every_malformed_message_gets_its_error_and_the_server_goes_on() -> None:
    done = run_server(b"".join(sent for _label, sent, _id, _code in CASES))
    got = answers(done.stdout)
    errors = [(a.get("id"), a["error"]["code"]) for a in got if "error" in a]
    expected = [(ident, code) for _label, _sent, ident, code in CASES if code is not None]
    assert errors == expected
    assert not [a for a in got if a.get("method") == "window/showMessage"]
    log = done.stderr.decode()
    assert "Traceback" not in log
    assert len(log.splitlines()) <= len(CASES)
    results = {a["id"]: a for a in got if "result" in a}
    assert results[100]["result"] is None  # a hover after all of it: answered
    assert 101 in results  # and shutdown
    assert done.returncode == 0
