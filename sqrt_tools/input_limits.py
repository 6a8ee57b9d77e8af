"""How much of a file or stream a command reads: every input is bounded.

`--args @/dev/zero` used to read until memory ran out. Every file a command reads
(policies, policy tests, JSON options, configuration, tool definitions, the policy of
`inspect --policy`) now goes through `read_bytes` / `read_stream`, which read at most
the limit plus one byte and refuse the input when that last byte arrives. The limit is
the command's `--max-size MIB` (default `DEFAULT_MAX_MIB`) [ours: far above any real
policy or result, far below what exhausts memory]; the refusal names that flag.
`sqrt inspect` applies the same limit per input or JSON Lines record through its
decoder (`sqrt_tools.results.decode_stream`).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import IO

MIB = 1024 * 1024
DEFAULT_MAX_MIB = 16
MAX_SIZE_FLAG = "--max-size"

_limit = {"bytes": DEFAULT_MAX_MIB * MIB}


class InputTooLarge(OSError):
    """An input over the limit. An `OSError`, so that every reader's "cannot read"
    path reports it; `strerror` says which limit and how to raise it."""

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(errno.EFBIG, too_large(limit_bytes))


def too_large(limit_bytes: int, raise_with: str = MAX_SIZE_FLAG) -> str:
    """`larger than the 16 MiB limit; raise it with --max-size`."""
    return f"larger than the {limit_bytes / MIB:g} MiB limit; raise it with {raise_with}"


def set_max_mib(mib: int) -> None:
    """The limit for this command (its `--max-size`)."""
    _limit["bytes"] = mib * MIB


def max_bytes() -> int:
    return _limit["bytes"]


def read_stream(stream: IO[bytes]) -> bytes:
    """At most the limit from `stream`; `InputTooLarge` when there is more."""
    limit = _limit["bytes"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(limit)
    return data


def read_bytes(path: str | Path) -> bytes:
    """The bytes of the file at `path`, bounded like `read_stream`. Raises `OSError`
    (`InputTooLarge` among them) as `open` and `read` do."""
    with Path(path).open("rb") as stream:
        return read_stream(stream)


def read_text(path: str | Path) -> str:
    """`read_bytes` decoded as UTF-8 (raises `UnicodeDecodeError` as `read_text` does)."""
    return read_bytes(path).decode("utf-8")
