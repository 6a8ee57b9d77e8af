"""Redaction: no key survives in any text we may show, in any spelling."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from sqrt_tools.service.redact import REDACTED, redact

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
