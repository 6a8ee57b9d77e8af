"""Finding and reading policy files for the commands that take paths."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sqrt_tools.input_limits import InputTooLarge, read_bytes, read_stream

STDIN = "-"
POLICY_SUFFIX = ".sqrt"


class SourceError(Exception):
    """A path that cannot be read as a policy; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Source:
    """A policy's display path and text."""

    path: str
    text: str


def collect(paths: list[str]) -> list[str]:
    """Expand directories into their `*.sqrt` files (sorted); keep files and `-` as given.

    Raises `SourceError` for a path that does not exist.
    """
    found: list[str] = []
    for raw in paths:
        if raw == STDIN:
            found.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(
                str(child)
                for child in sorted(path.rglob(f"*{POLICY_SUFFIX}"))
                if child.is_file() and not _hidden(child.relative_to(path))
            )
        elif path.exists():
            found.append(raw)
        else:
            raise SourceError(f"{raw}: no such file or directory")
    return found


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read(path: str, *, stdin_name: str = "<stdin>") -> Source:
    """Read one policy as UTF-8 text. Raises `SourceError` with a one-line reason."""
    if path == STDIN:
        try:
            data = read_stream(sys.stdin.buffer)
        except InputTooLarge as exc:
            raise SourceError(f"{stdin_name}: {exc.strerror}") from None
        return Source(stdin_name, _decode(stdin_name, data))
    try:
        data = read_bytes(path)
    except InputTooLarge as exc:
        raise SourceError(f"{path}: {exc.strerror}") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return Source(path, _decode(path, data))


def _decode(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text
