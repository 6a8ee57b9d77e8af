"""Every comment survives, in order, between the same two tokens as in the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from inline_snapshot import snapshot

from sqrt_tools.format import format_source
from tests.conformance.generator import tokens
from tests.format.programs import EXAMPLES, generated_with_comments

_COMMENT = re.compile(r"//|/\*")


def neighbourhoods(source: str) -> list[tuple[str | None, str, str | None]]:
    """Each comment (doc comments too) with the code token before and after it.

    Uses the conformance generator's rough lexer, which knows nothing about the
    formatter, so the check is independent of how the formatter tracks comments.
    """
    toks = tokens(source)
    found = []
    for index, token in enumerate(toks):
        if not _COMMENT.match(token):
            continue
        before = next((t for t in reversed(toks[:index]) if not _COMMENT.match(t)), None)
        after = next((t for t in toks[index + 1 :] if not _COMMENT.match(t)), None)
        text = token if token.startswith("/*") else token.rstrip()
        found.append((before, text, after))
    return found


def assert_comments_kept(source: str) -> None:
    formatted = format_source(source)
    assert neighbourhoods(formatted) == neighbourhoods(source), formatted


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_comments_of_the_examples_stay_between_the_same_tokens(path: Path) -> None:
    assert_comments_kept(path.read_text(encoding="utf-8"))


def test_comments_of_generated_programs_stay_between_the_same_tokens() -> None:
    for source in generated_with_comments(7, 500):
        assert_comments_kept(source)


def test_trailing_comments_stay_on_their_line() -> None:
    source = (
        'let a = {"a"};   // after a let\n'
        'tool "t" { // after the brace\n'
        "    must deny when x.tags is empty; /* after a rule */\n"
        '    result { @tags |= {"x"};   // after a statement\n'
        "    }\n"
        "}  // after the policy\n"
    )
    assert format_source(source) == snapshot("""\
let a = {"a"}; // after a let

tool "t" { // after the brace
    must deny when x.tags is empty; /* after a rule */
    result {
        @tags |= {"x"}; // after a statement
    }
} // after the policy
""")


def test_own_line_comments_keep_their_line_and_one_blank_line_before_them() -> None:
    source = (
        "// header\n\n\n"
        "/* a block\n   over two lines */\n"
        'let a = {"a"};\n'
        "// about b\n"
        'let b = {"b"};\n\n\n'
        "// at the end\n"
    )
    assert format_source(source) == snapshot("""\
// header

/* a block
   over two lines */
let a = {"a"};
// about b
let b = {"b"};

// at the end
""")


def test_comments_inside_sets_and_predicates() -> None:
    source = (
        "let a = {\n"
        '    "a", // first\n'
        '    /* second */ "b",\n'
        '    "c"\n'
        "    // before the closing brace\n"
        "};\n"
        'tool "t" {\n'
        "    must deny when x.tags overlaps a // the left side\n"
        "        /* then */ or y.tags is empty\n"
        "        // about the last one\n"
        "        and z.tags /* inline */ is universal;\n"
        "}\n"
    )
    assert format_source(source) == snapshot("""\
let a = {
    "a", // first
    /* second */ "b",
    "c"
    // before the closing brace
};

tool "t" {
    must deny when x.tags overlaps a // the left side
        /* then */ or y.tags is empty
            // about the last one
            and z.tags /* inline */ is universal;
}
""")


def test_comments_before_closing_braces_and_in_empty_blocks() -> None:
    source = (
        'tool "t" {\n'
        "    result {\n"
        "        // nothing yet\n"
        "    }\n"
        "    session before { /* later */ }\n"
        "    must allow always;\n"
        "    // last words\n"
        "}\n"
        'tool "u" {\n'
        "// only a comment\n"
        "}\n"
    )
    assert format_source(source) == snapshot("""\
tool "t" {
    result {
        // nothing yet
    }
    session before { /* later */
    }
    must allow always;
    // last words
}

tool "u" {
    // only a comment
}
""")


def test_doc_comments_stay_with_what_they_document() -> None:
    source = (
        "/// The trusted set.\n"
        "///   indented doc text is kept   \n"
        'let a = {"a"};\n'
        "/// A tool.\n"
        "// an ordinary comment between the doc comment and the tool\n"
        'tool "t" {\n'
        "    /// A rule.\n"
        "    must allow always;\n"
        "    result {\n"
        "        /// A statement.\n"
        '        @tags |= {"x"};\n'
        "    }\n"
        "}\n"
    )
    assert format_source(source) == snapshot("""\
/// The trusted set.
///   indented doc text is kept
let a = {"a"};

/// A tool.
// an ordinary comment between the doc comment and the tool
tool "t" {
    /// A rule.
    must allow always;
    result {
        /// A statement.
        @tags |= {"x"};
    }
}
""")


def test_comments_between_keywords_stay_between_them() -> None:
    source = 'tool /* id */ "t" { must /* strength */ deny /* verdict */ when x.tags is empty; }'
    assert format_source(source) == snapshot("""\
tool /* id */ "t" {
    must /* strength */ deny /* verdict */ when x.tags is empty;
}
""")


def test_a_line_comment_inside_an_accessor_keeps_the_program_valid() -> None:
    source = "let a = x // odd place\n.tags is empty;"
    assert format_source(source) == snapshot("""\
let a =
    x // odd place
    .tags is empty;
""")


def test_generated_programs_with_comments_everywhere() -> None:
    # A varied sample of odd comment placements, as a snapshot to review by eye.
    sources = list(generated_with_comments(11, 6))
    formatted = "\n# ----\n".join(format_source(source) for source in sources)
    assert formatted == snapshot("""\
tool "issue_refund" -> session before @consumers &=\r
/* c */\r
to.consumers;\r
\r
/// Uses `@tags`.\r
tool "odd\\"name" {\r
    session after {\r
        @tags -= {\r
            // line\r
            w"*@acme.com"\r
            /* c */\r
        };\r
    } /**/\r
}\r
\r
tool r"^admin_.*$" {\r
    priority 007;\r
}\r

# ----
/// Allow the fourth attempt.
tool r"^get_[a-z_]+$"
// line
-> session @tags ^= in.producers
    when S;

///
tool r"send_to_.*" { /* see ticket #42 */
    session before {}
}

tool
// é
"charge_card" -> session before @producers -= {r"^a\\"b$", 1}
    when (p /**/);

tool "odd\\"name" {
    priority -1;
}

# ----
tool /* two
   lines */ r"^admin_.*$" [2025] -> @consumers -= path.consumers;
tool
// TODO: tighten this
"" -> @tags ^= {w"*.txt"};
/// Uses `@tags`.
let
// sqrt: fmt-on
// see ticket #42
amounts =
    datetime "USD";
tool "read_file" -> @producers = url.producers;
/// Explains the rule.
tool r"send_to_.*" [0] -> session @tags
/* c */ |= tags.producers;

# ----
/* é
 * more */
let
// sqrt: fmt-off
pii
//
=
    /* c */
    path.tags intersect {float 86400<..};

# ----
let secret = in.consumers == s;\r
\r
tool "" // sqrt: fmt-off\r
{}\r

# ----
let internal = to.tags //
;
// sqrt: fmt-on
""")
