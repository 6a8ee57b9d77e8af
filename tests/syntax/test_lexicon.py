"""The token API (`syntax.tokens`, `syntax.keywords`) that the language server and the
error messages read keywords and symbols from."""

from __future__ import annotations

import re

from sqrt_tools import syntax
from sqrt_tools.syntax.lexicon import terminal_texts
from sqrt_tools.syntax.tables import load_tables


def test_every_fixed_text_is_matched_by_its_terminal() -> None:
    patterns = load_tables().terminals
    texts = terminal_texts()
    assert set(texts) == set(patterns)
    for name, words in texts.items():
        for word in words:
            assert re.fullmatch(patterns[name], word), (name, word)


def test_keywords_are_the_word_terminals_with_their_spellings() -> None:
    words = syntax.keywords()
    assert words["LET"] == ("let",)
    assert words["BOOL"] == ("false", "true")
    assert words["META_FIELD"] == ("consumers", "producers", "tags")
    assert "NAME" not in words and "SEMI" not in words


def test_tokens_read_keywords_names_symbols_comments_and_unknown_text() -> None:
    text = 'let x = {"a"}; // note\n§§ tool'
    read = [(token.type, token.text) for token in syntax.tokens(text)]
    assert read == [
        ("LET", "let"),
        ("NAME", "x"),
        ("EQUAL", "="),
        ("LBRACE", "{"),
        ("STRING", '"a"'),
        ("RBRACE", "}"),
        ("SEMI", ";"),
        ("LINE_COMMENT", "// note"),
        ("UNKNOWN", "§§"),
        ("TOOL", "tool"),
    ]
