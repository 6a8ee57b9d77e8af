"""Redaction: no key survives in any text we may show, in any spelling."""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote

import pytest

from sqrt_tools.service import redact as redact_module
from sqrt_tools.service.redact import REDACTED, environment_secrets, redact, shorten
from tests.service.leaks import leaked

KEY = "sk-seq_Ab+c/d=\"e'1234"


@pytest.mark.parametrize(
    "spelling",
    [KEY, json.dumps(KEY)[1:-1], quote(KEY, safe=""), repr(KEY)[1:-1]],
    ids=["plain", "json", "url", "repr"],
)
def test_known_key_is_removed_in_every_spelling(spelling: str) -> None:
    text = f"the server said: invalid key {spelling} (try again)"

    shown = redact(text, [KEY])

    assert spelling not in shown
    assert REDACTED in shown
    assert shown.startswith("the server said: invalid key ")


def test_longer_secret_is_removed_whole_when_it_contains_a_shorter_one() -> None:
    shown = redact("keys: abc and abcdef", ["abc", "abcdef"])

    assert shown == f"keys: {REDACTED} and {REDACTED}"


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("Authorization: Bearer tok-unknown-999", "tok-unknown-999"),
        ("authorization=bearer tok-unknown-999", "tok-unknown-999"),
        ("X-Api-Key: or-unknown-777", "or-unknown-777"),
        ('{"x-api-key": "or-unknown-777"}', "or-unknown-777"),
        ("api_key=or-unknown-777&x=1", "or-unknown-777"),
        ("proxy https://user:pa55word@proxy.example/path", "pa55word"),
    ],
)
def test_credentials_we_were_not_told_about_are_removed(text: str, leaked: str) -> None:
    shown = redact(text)

    assert leaked not in shown
    assert REDACTED in shown


def test_text_without_secrets_is_unchanged() -> None:
    text = "the service failed (HTTP 503): upstream timeout; the bearer of bad news"

    assert redact(text, [None, ""]) == text


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact("Authorization: Bearer abc X-Api-Key: def", ["abc"])

    assert redact(once, ["abc"]) == once


# --- pieces of keys, in every shape a server may echo them -----------------------------------

SEQ = "sk-FAKE-SECRET-7f3a9c1e5b2d4f6a8c0e"
LLM = "sk-or-v1-TESTLLM-52be7d"


def _b64(data: bytes, alphabet: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return encoded.replace("+", "-").replace("/", "_") if alphabet == "url" else encoded


@pytest.mark.parametrize("alphabet", ["standard", "url"])
@pytest.mark.parametrize("cased", [str, str.upper, str.lower])
@pytest.mark.parametrize("key", [SEQ, LLM])
def test_base64_of_a_key_is_removed_at_every_alignment(key: str, cased: Any, alphabet: str) -> None:
    for prefix in ("", "u", "us", "user:", "Basic ", "{'k':'"):
        text = "auth " + _b64((prefix + cased(key) + "'}").encode(), alphabet) + " done"

        shown = redact(text, [SEQ, LLM])

        assert leaked(shown, [key]) == [], (prefix, shown)
        assert shown.startswith("auth ") and shown.endswith(" done")


@pytest.mark.parametrize(
    "echo",
    [
        SEQ.upper(),
        SEQ.lower(),
        SEQ.swapcase(),
        quote(SEQ, safe=""),
        quote(SEQ.upper(), safe="").lower(),
        json.dumps({"k": SEQ}),
        f"first half {SEQ[:17]} and, later, the rest {SEQ[17:]}",
        "\u200b".join(SEQ),  # a zero-width space between every two characters
        "\x1b[0m".join(SEQ[i : i + 4] for i in range(0, len(SEQ), 4)),  # colour codes
        "\\x00".join(SEQ[i : i + 3] for i in range(0, len(SEQ), 3)),  # escapes, as a repr
        " ".join(SEQ),  # spaced out
        "".join(chr(0xE0000 + ord(c)) for c in "hi") + SEQ,  # after tag characters
    ],
    ids=[
        "upper",
        "lower",
        "swapped",
        "url",
        "url-lower",
        "json",
        "split",
        "zero-width",
        "ansi",
        "escapes",
        "spaced",
        "tags",
    ],
)
def test_echoed_key_shapes_are_removed(echo: str) -> None:
    shown = redact(f"the server said: {echo} (end)", [SEQ, LLM])

    assert leaked(shown, [SEQ]) == []
    assert REDACTED in shown
    assert shown.startswith("the server said: ") and shown.endswith(" (end)")


@pytest.mark.parametrize("limit", [120, 300])
@pytest.mark.parametrize("key", [SEQ, LLM])
def test_a_cut_anywhere_across_a_key_leaves_no_piece(key: str, limit: int) -> None:
    for start in range(limit - len(key) - 4, limit + 1):
        text = "q" * start + key + " trailing words"

        shown = shorten(text, limit, [SEQ, LLM])

        assert leaked(shown, [key]) == [], (start, shown)
        assert len(shown) <= limit
        assert shown.endswith(("...", " trailing words"))
        assert shown.count("[re") == shown.count(REDACTED)  # a cut never splits the marker


def test_shorten_leaves_short_text_whole() -> None:
    assert shorten("no secrets here", 120, [SEQ]) == "no secrets here"
    assert shorten(f"key {SEQ}", 120, [SEQ]) == f"key {REDACTED}"


def test_pieces_shorter_than_eight_characters_stay() -> None:
    # Seven characters of a key are common text ("sk-FAKE"); they are not redacted.
    assert redact("prefix sk-FAKE and more", [SEQ]) == "prefix sk-FAKE and more"
    assert redact("prefix sk-FAKE- and more", [SEQ]) == f"prefix {REDACTED} and more"


def test_short_keys_are_removed_whole_however_short() -> None:
    assert redact("k1 and k12", ["k1"]) == f"{REDACTED} and {REDACTED}2"


def test_unknown_false_keeps_credential_references() -> None:
    line = 'curl -H "Authorization: Bearer $SEQURITY_API_KEY" ' + SEQ

    assert redact(line, [SEQ], unknown=False) == (
        f'curl -H "Authorization: Bearer $SEQURITY_API_KEY" {REDACTED}'
    )


def test_environment_secrets_reads_every_key_variable() -> None:
    env = {"SEQURITY_API_KEY": "a" * 10, "ANTHROPIC_API_KEY": "b" * 10, "HOME": "/root"}

    assert sorted(environment_secrets(env)) == ["a" * 10, "b" * 10]


def test_the_format_character_list_matches_unicode() -> None:
    # redact.py lists the Cf characters by hand (a scan of Unicode at import is slow).
    every = "".join(map(chr, range(0x110000)))
    listed = set(re.findall(f"[{redact_module._FORMAT_CHARACTERS}]", every))
    actual = {char for char in every if unicodedata.category(char) == "Cf"}

    assert actual <= listed
