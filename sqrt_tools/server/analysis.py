"""Everything the server knows about one version of one document, computed on demand.

Each piece (the parse, the semantic model, the lint findings, the tokens) is built the
first time a feature asks for it and then shared by every request on that version;
an edit makes a new `Analysis`. The pieces come from the toolkit's own packages: the
server never parses, resolves names or checks rules itself.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from itertools import count

from sqrt_tools.config import ConfigError, ConfigFile
from sqrt_tools.lint import LintSettings, build_settings, lint
from sqrt_tools.semantics import SemanticModel, analyze
from sqrt_tools.server.lexical import scan
from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.server.settings import Settings, document_path
from sqrt_tools.syntax import ParseResult, ast, parse
from sqrt_tools.syntax.diagnostics import Diagnostic
from sqrt_tools.syntax.lexer import Token

# Each analysis gets a serial number: result ids (pull diagnostics, semantic tokens)
# derive from it, so they change whenever the text or the settings do.
_serials = count(1)


class Analysis:
    """The analysis of `text` (version `version` of `uri`) under `settings`."""

    def __init__(
        self,
        uri: str,
        text: str,
        version: int | None,
        encoding: Encoding,
        settings: Settings,
    ) -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self.settings = settings
        self.positions = Positions(text, encoding)
        self.serial = next(_serials)

    @cached_property
    def parsed(self) -> ParseResult:
        return parse(self.text)

    @property
    def program(self) -> ast.Program:
        return self.parsed.program

    @cached_property
    def model(self) -> SemanticModel:
        return analyze(self.parsed.program)

    @cached_property
    def lint_settings(self) -> LintSettings:
        """The linter's settings; the defaults when the configuration is unusable
        (`problems` says why)."""
        try:
            return build_settings(ConfigFile(self.settings.config_path, dict(self.settings.table)))
        except ConfigError as exc:
            self.problems.append(str(exc))
            return LintSettings()

    @cached_property
    def problems(self) -> list[str]:
        """Configuration problems met while analysing (shown once by the server)."""
        return [self.settings.problem] if self.settings.problem else []

    @cached_property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The linter's findings: syntax errors only while the text does not parse."""
        path = document_path(self.uri)
        return lint(self.parsed, self.lint_settings, path=str(path) if path else None)

    @cached_property
    def tokens(self) -> list[Token]:
        """Every token of the text, comments included (see `lexical.scan`)."""
        return scan(self.text)

    @cached_property
    def _declaration_starts(self) -> list[int]:
        return [declaration.span.start for declaration in self.program.declarations]

    def declaration_at(self, offset: int) -> ast.Declaration | None:
        """The top-level declaration whose text holds `offset` (its end included)."""
        declarations = self.program.declarations
        index = bisect_right(self._declaration_starts, offset) - 1
        if index < 0:
            return None
        declaration = declarations[index]
        return declaration if declaration.span.contains(offset) else None

    def declarations_before(self, offset: int) -> int:
        """How many top-level declarations start at or before `offset`."""
        return bisect_right(self._declaration_starts, offset)
