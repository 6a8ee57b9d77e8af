"""What every printing function shares: the source cursor and the options."""

from __future__ import annotations

from sqrt_tools.format import gaps
from sqrt_tools.format.cursor import SourceCursor
from sqrt_tools.format.doc import EMPTY, Concat, Doc, concat, text
from sqrt_tools.format.options import FormatOptions
from sqrt_tools.syntax import ast


class Context:
    """The state of one formatting run: where the printer is in the source, and how to
    lay things out. Printing functions take it first and move its cursor forward."""

    __slots__ = ("cursor", "options")

    def __init__(self, source: str, program: ast.Program, options: FormatOptions) -> None:
        self.cursor = SourceCursor(source, program.comments)
        self.options = options

    def tok(self, written: str, before: Doc = EMPTY, printed: str | None = None) -> Doc:
        """The next source token `written`, printed as `printed` (default: as written),
        after `before` and the comments that precede it."""
        gap = self.cursor.token(written)
        token = text(written if printed is None else printed)
        if not gap.comments:  # the common case, kept cheap
            return token if before == EMPTY else Concat((before, token))
        return concat((gaps.inline(gap, before), token))

    def gap_to(self, node: ast.Node, before: Doc) -> Doc:
        """The comments up to where `node` starts (its doc comments included), then `before`."""
        return gaps.inline(self.cursor.gap_to(start_of(node)), before)


def start_of(node: ast.Node) -> int:
    """Where a node starts in the source, counting the doc comments that document it."""
    docs: tuple[ast.DocComment, ...] = getattr(node, "docs", ())
    return docs[0].span.start if docs else node.span.start
