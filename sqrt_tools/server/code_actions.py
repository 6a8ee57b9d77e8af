"""Code actions: the linter's fixes as quick fixes, line suppressions, and fix-all.

- every finding in the requested range that carries a fix becomes a quick fix (safe
  fixes are marked preferred, so "auto fix" picks only those; unsafe ones, which may
  change the policy's meaning, say so in their title);
- every lint finding (not a syntax error) can be suppressed on its line with a
  `// sqrt: ignore[rule]` comment, added to the line's suppression if it has one;
- `source.fixAll.sqrt` applies every safe fix, and never an unsafe one, the way
  `sqrt check --fix` does
  (`lint.fix_source`: round after round, each round proven to parse and keep comments).
  That costs several lints, and editors ask for code actions whenever the cursor
  moves, so the edit is computed only when the action is chosen (`codeAction/resolve`)
  for a client that can resolve it.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from sqrt_tools.lint import fix_source
from sqrt_tools.lint.suppressions import find as find_suppressions
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.diagnostics import to_lsp as diagnostic_to_lsp
from sqrt_tools.server.edits import minimal_edit, to_lsp, workspace_edit
from sqrt_tools.server.guard import report_failure
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.server.settings import document_path
from sqrt_tools.syntax.diagnostics import SYNTAX_ERROR_CODE, Diagnostic, TextEdit

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
    server: SqrtServer,
    analysis: Analysis,
    start: int,
    end: int,
    only: Sequence[str] | None,
    *,
    resolve_later: bool,
) -> list[types.CodeAction]:
    uri, version, positions = analysis.uri, analysis.version, analysis.positions
    actions: list[types.CodeAction] = []
    in_range = [d for d in analysis.diagnostics if _overlaps(d, start, end)]
    if _wanted(types.CodeActionKind.QuickFix, only):
        for diagnostic in in_range:
            if diagnostic.fix is not None:
                actions.append(
                    types.CodeAction(
                        title=diagnostic.fix.message
                        if diagnostic.fix.safe
                        else f"{diagnostic.fix.message} (unsafe fix: check the meaning)",
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
    if _wanted(FIX_ALL, only) and has_safe_fixes(analysis):
        action = types.CodeAction(
            title=FIX_ALL_TITLE, kind=FIX_ALL, data={"uri": uri, "version": version}
        )
        if not resolve_later:
            resolve_fix_all(server, action, analysis)
        if action.edit is not None or resolve_later:
            actions.append(action)
    return actions


FIX_ALL_TITLE = "Fix all safely fixable problems"


def has_safe_fixes(analysis: Analysis) -> bool:
    return analysis.parsed.ok and any(
        d.fix is not None and d.fix.safe for d in analysis.diagnostics
    )


def resolve_fix_all(server: SqrtServer, action: types.CodeAction, analysis: Analysis) -> None:
    """Fill in the fix-all edit for the document's current text (none if nothing
    changes)."""
    edit = fix_all_edit(analysis) if has_safe_fixes(analysis) else None
    if edit is not None:
        action.edit = workspace_edit(server, analysis.uri, analysis.version, [edit])


def fix_all_edit(analysis: Analysis) -> types.TextEdit | None:
    path = document_path(analysis.uri)
    outcome = fix_source(analysis.text, analysis.lint_settings, path=str(path) if path else None)
    return minimal_edit(analysis.text, outcome.source, analysis.positions)


def register(server: SqrtServer) -> None:
    def client_resolves_edits() -> bool:
        text_document = server.client_capabilities.text_document
        code_action = text_document.code_action if text_document else None
        support = code_action.resolve_support if code_action else None
        return support is not None and "edit" in support.properties

    @server.handle(
        types.TEXT_DOCUMENT_CODE_ACTION,
        [],
        types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True),
    )
    def actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        start, end = analysis.positions.offsets(params.range)
        return code_actions(
            server,
            analysis,
            start,
            end,
            params.context.only,
            resolve_later=client_resolves_edits(),
        )

    # Not `server.handle`: the neutral answer here is the action as it came.
    @server.feature(types.CODE_ACTION_RESOLVE)
    def resolve(action: types.CodeAction) -> types.CodeAction:
        try:
            data = action.data if isinstance(action.data, dict) else {}
            uri = data.get("uri")
            analysis = server.analysis(uri) if isinstance(uri, str) else None
            if action.kind == FIX_ALL and action.edit is None and analysis is not None:
                resolve_fix_all(server, action, analysis)
        except Exception as exc:
            report_failure(server, types.CODE_ACTION_RESOLVE, exc)
        return action
