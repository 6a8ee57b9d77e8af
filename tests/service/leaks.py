"""Finding pieces of a key in text, independently of the code under test.

The checker undoes what a server or a terminal might have done to a key: it looks at
the text as it is, with invisible characters and escapes taken out, URL-decoded, and
base64-decoded from every offset of every run of base64 characters. It reports each
piece of `PIECE` characters of a key found, in any letter case.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote, unquote_plus

PIECE = 8
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{11,}")
_ESCAPES = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abfnrtv])")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def pieces(key: str) -> set[str]:
    return {key[start : start + PIECE].lower() for start in range(len(key) - PIECE + 1)}


def leaked(text: str, keys: Iterable[str]) -> list[str]:
    """Every piece of a key that `text` still holds, in any of the readings above."""
    wanted = set().union(*(pieces(key) for key in keys))
    found: set[str] = set()
    for reading in _readings(text):
        folded = reading.lower()
        found.update(piece for piece in wanted if piece in folded)
    return sorted(found)


def _readings(text: str) -> list[str]:
    visible = _ESCAPES.sub("", _ANSI.sub("", text))
    bare = "".join(char for char in visible if unicodedata.category(char) not in _INVISIBLE)
    readings = [text, bare, unquote(text), unquote_plus(bare)]
    for run in _BASE64_RUN.findall(bare):
        standard = run.replace("-", "+").replace("_", "/")
        for offset in range(4):
            chunk = standard[offset:]
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            try:
                readings.append(base64.b64decode(chunk).decode("latin-1"))
            except (binascii.Error, ValueError):
                continue
    return readings
