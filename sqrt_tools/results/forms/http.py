"""Saved HTTP exchanges: `curl -i` output, or a request followed by its response.

Only the response matters for the result; the request is kept for its headers (a
request that continues a session carries `X-Session-ID` too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqrt_tools.results.errors import DecodeError

_REQUEST_LINE = re.compile(r"[A-Z]+ \S+ HTTP/\d(?:\.\d)?")
_STATUS_LINE = re.compile(r"HTTP/\d(?:\.\d)? (?P<status>\d{3})(?: (?P<reason>.*))?")
_HEADER_LINE = re.compile(r"(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(?P<value>.*)")


@dataclass(slots=True)
class HttpExchange:
    status: int
    reason: str
    headers: dict[str, str]  # lower-case names
    body: str
    request_headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def looks_like_http(text: str) -> bool:
    first_line = text.lstrip().split("\n", 1)[0].rstrip("\r")
    return bool(_STATUS_LINE.fullmatch(first_line) or _REQUEST_LINE.fullmatch(first_line))


def parse_http_exchange(text: str) -> HttpExchange:
    lines = text.lstrip().replace("\r\n", "\n").split("\n")
    position = 0
    request_headers: dict[str, str] = {}
    if _REQUEST_LINE.fullmatch(lines[0]):
        request_headers, position = _read_headers(lines, 1)
        # Skip the request body: the response starts at the next status line.
        while position < len(lines) and not _STATUS_LINE.fullmatch(lines[position]):
            position += 1
        if position == len(lines):
            raise DecodeError("the saved HTTP exchange holds a request but no response")
    while True:
        status_match = _STATUS_LINE.fullmatch(lines[position])
        if status_match is None:
            raise DecodeError(f"line {position + 1} of the HTTP exchange is not a status line")
        headers, position = _read_headers(lines, position + 1)
        status = int(status_match["status"])
        # `curl -i` shows interim responses (100 Continue) before the real one.
        if (
            100 <= status < 200
            and position < len(lines)
            and _STATUS_LINE.fullmatch(lines[position])
        ):
            continue
        break
    body = "\n".join(lines[position:])
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    if headers.get("content-encoding", "identity").lower() not in ("identity", ""):
        raise DecodeError(
            f"the HTTP body is {headers['content-encoding']}-compressed; "
            "save it decompressed (curl --compressed -i)"
        )
    return HttpExchange(
        status=status,
        reason=(status_match["reason"] or "").strip(),
        headers=headers,
        body=body,
        request_headers=request_headers,
    )


def _read_headers(lines: list[str], position: int) -> tuple[dict[str, str], int]:
    """Headers from `position` to the blank line; returns them and the body's first line."""
    headers: dict[str, str] = {}
    while position < len(lines) and lines[position].strip():
        match = _HEADER_LINE.fullmatch(lines[position].strip())
        if match is None:
            raise DecodeError(f"line {position + 1} of the HTTP exchange is not a header")
        headers[match["name"].lower()] = match["value"].strip()
        position += 1
    return headers, position + 1


def _dechunk(body: str) -> str:
    """Undo chunked framing when it was saved raw (curl -i already removes it)."""
    first_line = body.split("\n", 1)[0].strip()
    if not re.fullmatch(r"[0-9a-fA-F]+(;.*)?", first_line):
        return body
    # Sizes count bytes, so work on the UTF-8 bytes (the saved text lost its \r).
    data = body.encode("utf-8")
    pieces: list[bytes] = []
    position = 0
    while position < len(data):
        line_end = data.find(b"\n", position)
        if line_end == -1:
            line_end = len(data)
        size_text = data[position:line_end].split(b";")[0].strip()
        position = line_end + 1
        if not size_text:
            continue
        try:
            size = int(size_text, 16)
        except ValueError:
            raise DecodeError("the chunked HTTP body is malformed") from None
        if size == 0:
            break
        pieces.append(data[position : position + size])
        position += size
        if data[position : position + 1] == b"\n":
            position += 1
    return b"".join(pieces).decode("utf-8", errors="replace")
