"""Scrubbing secrets out of any text that may be shown to a person.

Every message that leaves the service package (errors, `--verbose` traces, excerpts of
a server's answer, a drafted policy, log records of the HTTP library) passes through
`redact` with the keys of the current request, and is cut to length only afterwards
(`shorten`). A server can echo a key back in many shapes, so `redact` removes:

- every piece of a key of `MIN_PIECE` characters or more, wherever it appears: a key
  cut short by a truncation, or split across two fields, still loses each long piece;
- in any letter case (upper-cased, lower-cased, mixed);
- as written, JSON-escaped, URL-encoded (`%XX` and `+`), in a Python repr, and
  base64-encoded (standard and URL-safe alphabets, at each of the three byte
  alignments, so a key inside a larger encoded value such as `user:key` is found too);
- with invisible or layout characters between its characters (controls, format
  characters such as zero-width spaces, white space, ANSI sequences, `\\xNN`-style
  escapes), which a terminal would hide or a reader would skip;
- and, for keys we were never told about, anything that looks like a credential header
  or a password in a URL.

A garbled message is better than a leaked key: keys shorter than `MIN_PIECE` are removed
whole wherever they appear, however short.
"""

from __future__ import annotations

import base64
import bisect
import json
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import quote, quote_plus

from sqrt_tools.service.providers import LLM_KEY_VARIABLES, SEQURITY_KEY_VARIABLE

REDACTED = "[redacted]"
# Pieces of a key this long are redacted wherever they appear [ours]: shorter ones are
# too common in ordinary text to remove, and too short to help anyone guess the key.
MIN_PIECE = 8
_ELLIPSIS = "..."
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Credentials we were not told about: the value after `Bearer`, after an `X-Api-Key`
# or `Authorization` header name, and the user-info part of a URL.
_BEARER = re.compile(r"(?i)(\bbearer\s+)[^\s\"',;]{8,}")  # tokens are long; prose is not
_HEADER = re.compile(
    r"(?i)(\b(?:x-api-key|authorization|api[-_]key)[\"']?\s*[:=]\s*[\"']?)(?!bearer\s)[^\s\"',;]+"
)
_URL_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@")

# What may sit between the characters of an echoed key without a reader noticing: ANSI
# escape sequences, escapes such as `\x00` or `\u200b` (as a repr or our escaping shows
# them), controls, white space, and the format characters (Unicode category Cf: soft
# hyphen, zero-width and bidi marks, invisible operators, tags). tests/service pins the
# Cf list to the running Python's Unicode tables.
_FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_IGNORABLE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # ANSI CSI (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # ANSI OSC (titles, links)
    r"|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abfnrtv])"  # visible escapes
    rf"|[\s\x00-\x1f\x7f-\x9f{_FORMAT_CHARACTERS}]+"
)


def environment_secrets(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The value of every key variable this project reads: the Sequrity key and each
    provider's, whichever provider a command uses."""
    env = os.environ if environ is None else environ
    names = (SEQURITY_KEY_VARIABLE, *(name for name in LLM_KEY_VARIABLES.values() if name))
    return tuple(value for name in names if (value := env.get(name)))


def redact(text: str, secrets: Iterable[str | None] = (), *, unknown: bool = True) -> str:
    """`text` with every secret and every credential-looking value replaced by `[redacted]`.

    `unknown=False` keeps credential-looking values that are none of `secrets`: for text
    that names credentials on purpose, such as a curl line's `$VARIABLE` references.
    """
    keys = tuple(sorted({secret for secret in secrets if secret}))
    if keys:
        text = _remove_pieces(text, _pieces_pattern(keys))
    if not unknown:
        return text
    text = _BEARER.sub(lambda match: match.group(1) + REDACTED, text)
    text = _HEADER.sub(lambda match: match.group(1) + REDACTED, text)
    return _URL_USERINFO.sub(lambda match: match.group(1) + REDACTED + "@", text)


def shorten(text: str, limit: int, secrets: Iterable[str | None] = ()) -> str:
    """`text` redacted, then cut to at most `limit` characters (`...` marks a cut).

    Redaction comes first, so a key that straddles the cut is already gone; the cut never
    splits a `[redacted]` marker; the result is redacted once more, in case a key's own
    characters meet the `...`. Only a generous window of a long text is redacted: the
    rest would be cut anyway.
    """
    keys = tuple(secret for secret in secrets if secret)
    window = text[: 16 * limit + 64 * max((len(key) for key in keys), default=0)]
    shown = redact(window, keys)
    if len(shown) <= limit and len(window) == len(text):
        return shown
    cut = min(len(shown), max(limit - len(_ELLIPSIS), 0))
    marker = shown.rfind(REDACTED, 0, cut + len(REDACTED))
    if marker != -1 and marker < cut < marker + len(REDACTED):
        cut = marker
    return redact(shown[:cut] + _ELLIPSIS, keys)


def _remove_pieces(text: str, pattern: re.Pattern[str]) -> str:
    spans = _matches(text, pattern)
    # Look again with the invisible characters taken out; where each kept character came
    # from is worked out only when that finds something (most texts hold no key).
    hidden = _matches(_IGNORABLE.sub("", text), pattern)
    if hidden:
        starts, _ = _skeleton(text, list(_IGNORABLE.finditer(text)))
        skeleton_starts = [start for start, _ in starts]
        for start, end in hidden:
            spans.append(
                (
                    _original(starts, skeleton_starts, start),
                    _original(starts, skeleton_starts, end - 1) + 1,
                )
            )
    if not spans:
        return text
    spans.sort()
    parts: list[str] = []
    position = 0
    for start, end in _merged(spans):
        parts += [text[position:start], REDACTED]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _matches(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans covered by pieces, each run of overlapping pieces as one span.

    The pattern is a lookahead (group 1 holds the piece), so it can match at any
    position. A run is followed piece by piece: the next piece starts where the last
    one ended, or else one of the positions inside the last piece starts a piece that
    reaches further. The text is lower-cased as the pieces are (matching without
    IGNORECASE is several times faster).
    """
    folded = text.lower()
    if len(folded) != len(text):  # a few non-ASCII capitals lower to two characters
        folded = text.translate(_ASCII_LOWER)
    spans: list[tuple[int, int]] = []
    found = pattern.search(folded)
    while found is not None:
        start, end = found.start(), found.end(1)
        while True:
            following = pattern.match(folded, end)
            if following is not None and following.end(1) > end:
                end = following.end(1)
                continue
            overlapping = (
                pattern.match(folded, position) for position in range(end - MIN_PIECE + 1, end)
            )
            further = max((item.end(1) for item in overlapping if item), default=end)
            if further <= end:
                break
            end = further
        spans.append((start, end))
        found = pattern.search(folded, end)
    return spans


def _skeleton(text: str, ignorable: list[re.Match[str]]) -> tuple[list[tuple[int, int]], str]:
    """The text without its ignorable runs, and where each kept segment started in it.

    `starts` holds (position in the skeleton, position in the text) per kept segment.
    """
    starts: list[tuple[int, int]] = []
    kept: list[str] = []
    length = 0
    position = 0
    for match in ignorable:
        if match.start() > position:
            starts.append((length, position))
            kept.append(text[position : match.start()])
            length += match.start() - position
        position = match.end()
    if position < len(text):
        starts.append((length, position))
        kept.append(text[position:])
    return starts, "".join(kept)


def _original(starts: list[tuple[int, int]], skeleton_starts: list[int], index: int) -> int:
    """Where the skeleton's character `index` sits in the text."""
    skeleton_start, text_start = starts[bisect.bisect_right(skeleton_starts, index) - 1]
    return text_start + index - skeleton_start


def _merged(spans: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            yield current_start, current_end
            current_start, current_end = start, end
    yield current_start, current_end


@lru_cache(maxsize=16)
def _pieces_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding, at any position, a piece of any spelling of any key."""
    pieces: set[str] = set()
    for key in keys:
        for spelling in _spellings(key):
            if len(spelling) < MIN_PIECE:
                pieces.add(spelling.lower())
            else:
                pieces.update(
                    spelling[start : start + MIN_PIECE].lower()
                    for start in range(len(spelling) - MIN_PIECE + 1)
                )
    return re.compile(f"(?=({_trie_regex(pieces)}))")


def _spellings(secret: str) -> set[str]:
    """The forms a secret takes in JSON bodies, URLs, Python reprs and base64."""
    forms = {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret)}
    forms.add(repr(secret)[1:-1])
    for cased in {secret, secret.upper(), secret.lower()}:
        forms.update(_base64_forms(cased.encode("utf-8")))
    return {form for form in forms if form}


def _base64_forms(data: bytes) -> set[str]:
    """The base64 characters that depend only on `data`, at each of the three alignments
    it can have inside a longer encoded value, in both alphabets."""
    forms: set[str] = set()
    for align in range(3):
        encoded = base64.b64encode(b"\0" * align + data + b"\0\0").decode("ascii")
        first = -(-8 * align // 6)  # the first character made of the data's bits only
        last = 8 * (align + len(data)) // 6  # ... and the one after the last such
        core = encoded[first:last]
        forms.update((core, core.replace("+", "-").replace("/", "_")))
    return forms


class _Trie(dict[str, "_Trie"]):
    """Each character leads to the trie of what may follow it; "" marks a word's end."""


def _trie_regex(words: Iterable[str]) -> str:
    """An alternation of `words` as a trie, so the regex engine checks each position in
    a few steps rather than one per word."""
    trie = _Trie()
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, _Trie())
        node[""] = _Trie()
    return _node_regex(trie)


def _node_regex(node: _Trie) -> str:
    branches = [
        re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer ones are tried first
        return f"(?:{body})?"
    return body
