"""Code actions: the linter's fixes as quick fixes, line suppressions, and fix-all.

- every finding in the requested range that carries a fix becomes a quick fix (safe
  fixes are marked preferred, so "auto fix" picks only those);
- every lint finding (not a syntax error) can be suppressed on its line with a
  `// sqrt: ignore[rule]` comment, added to the line's suppression if it has one;
- `source.fixAll.sqrt` applies every safe fix the way `sqrt check --fix` does
  (`lint.fix_source`: round after round, each round proven to parse and keep comments).
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from sqrt_tools.diagnostics import SYNTAX_ERROR_CODE, Diagnostic, TextEdit
from sqrt_tools.lint import fix_source
from sqrt_tools.lint.suppressions import find as find_suppressions
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.diagnostics import to_lsp as diagnostic_to_lsp
from sqrt_tools.server.edits import minimal_edit, to_lsp, workspace_edit
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.server.settings import document_path

FIX_ALL = "source.fixAll.sqrt"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for `source` includes `source.fixAll.sqrt`."""
    if not only:
        return True
    return any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def suppression_edit(analysis: Analysis, diagnostic: Diagnostic) -> TextEdit | None:
    """The edit that suppresses `diagnostic` on its line, None when no comment fits.

    Lines are the linter's (`\\n`-separated, as in `lint.suppressions`).
    """
    index = analysis.parsed.line_index
    line = diagnostic.span.line
    for existing in find_suppressions(analysis.program, index).trailing:
        if existing.target_line == line and not existing.file_level:
            at = existing.names_end
            return TextEdit(index.span(at, at), f", {diagnostic.rule}")
    line_start = index.line_start(line)
    line_end = line_start + len(index.line_text(line))
    comment = f"// sqrt: ignore[{diagnostic.rule}]"
    spanning_end = _token_across(analysis, line_end)
    if spanning_end is None and not _ends_with_line_comment(analysis, line_end):
        return TextEdit(index.span(line_end, line_end), f"  {comment}")
    # The line ends inside a multi-line string or comment, or with a comment of its
    # own: a suppression on the line above covers the next line holding code.
    if _token_across(analysis, line_start) is not None:
        return None
    text = analysis.text
    indent_end = line_start
    while indent_end < len(text) and text[indent_end] in " \t":
        indent_end += 1
    newline = "\r\n" if text[line_end : line_end + 2] == "\r\n" else "\n"
    return TextEdit(
        index.span(line_start, line_start), f"{text[line_start:indent_end]}{comment}{newline}"
    )


def _token_across(analysis: Analysis, offset: int) -> int | None:
    for token in analysis.tokens:
        if token.start < offset < token.end:
            return token.end
        if token.start >= offset:
            break
    return None


def _ends_with_line_comment(analysis: Analysis, line_end: int) -> bool:
    return any(
        not comment.is_block and comment.span.end == line_end
        for comment in analysis.program.comments
    )


def _overlaps(diagnostic: Diagnostic, start: int, end: int) -> bool:
    span = diagnostic.span
    return span.start <= end and start <= span.end


def code_actions(
    server: SqrtServer, analysis: Analysis, start: int, end: int, only: Sequence[str] | None
) -> list[types.CodeAction]:
    uri, version, positions = analysis.uri, analysis.version, analysis.positions
    actions: list[types.CodeAction] = []
    in_range = [d for d in analysis.diagnostics if _overlaps(d, start, end)]
    if _wanted(types.CodeActionKind.QuickFix, only):
        for diagnostic in in_range:
            if diagnostic.fix is not None:
                actions.append(
                    types.CodeAction(
                        title=diagnostic.fix.message,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic_to_lsp(diagnostic, analysis)],
                        is_preferred=diagnostic.fix.safe,
                        edit=workspace_edit(
                            server,
                            uri,
                            version,
                            [to_lsp(edit, positions) for edit in diagnostic.fix.edits],
                        ),
                    )
                )
        for diagnostic in in_range:
            if diagnostic.code == SYNTAX_ERROR_CODE:
                continue  # the linter never lets a syntax error be suppressed
            edit = suppression_edit(analysis, diagnostic)
            if edit is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Suppress `{diagnostic.rule}` on this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic_to_lsp(diagnostic, analysis)],
                        edit=workspace_edit(server, uri, version, [to_lsp(edit, positions)]),
                    )
                )
    if _wanted(FIX_ALL, only) and analysis.parsed.ok:
        fix_all = fix_all_edit(analysis)
        if fix_all is not None:
            actions.append(
                types.CodeAction(
                    title="Fix all safely fixable problems",
                    kind=FIX_ALL,
                    edit=workspace_edit(server, uri, version, [fix_all]),
                )
            )
    return actions


def fix_all_edit(analysis: Analysis) -> types.TextEdit | None:
    if not any(d.fix is not None and d.fix.safe for d in analysis.diagnostics):
        return None
    path = document_path(analysis.uri)
    outcome = fix_source(analysis.text, analysis.lint_settings, path=str(path) if path else None)
    return minimal_edit(analysis.text, outcome.source, analysis.positions)


def register(server: SqrtServer) -> None:
    @server.handle(
        types.TEXT_DOCUMENT_CODE_ACTION, [], types.CodeActionOptions(code_action_kinds=KINDS)
    )
    def actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        start, end = analysis.positions.offsets(params.range)
        return code_actions(server, analysis, start, end, params.context.only)
