"""Everything the server knows about one version of one document, computed on demand.

Each piece (the parse, the semantic model, the lint findings, the tokens) is built the
first time a feature asks for it and then shared by every request on that version;
an edit makes a new `Analysis`. The pieces come from the toolkit's own packages: the
server never parses, resolves names or checks rules itself. `prepare()` builds them all
at once; the server calls it on a worker thread (see `runner.py`), so that the request
loop only ever reads finished pieces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import count
from typing import Any, Generic, TypeVar, overload

from sqrt_tools.config import ConfigError, ConfigFile
from sqrt_tools.lint import LintSettings, build_settings, lint
from sqrt_tools.semantics import SemanticModel, analyze
from sqrt_tools.server.lexical import scan
from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.server.settings import Settings, document_path
from sqrt_tools.syntax import ParseResult, ast, parse
from sqrt_tools.syntax.diagnostics import Diagnostic
from sqrt_tools.syntax.lexer import Token
from sqrt_tools.tools.catalog import ToolCatalog

# Each analysis gets a serial number: result ids (pull diagnostics, semantic tokens)
# derive from it, so they change whenever the text or the settings do.
_serials = count(1)

T = TypeVar("T")


class lazy(Generic[T]):
    """`functools.cached_property` without its lock.

    On Python 3.11 that lock is one per property for all instances, so two worker
    threads analysing two documents would wait on each other: the analysis of a huge
    document would hold up a small one. The pieces are pure functions of immutable
    inputs, so a rare double computation is harmless (the runner avoids it anyway).
    """

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> lazy[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> T | lazy[T]:
        if instance is None:
            return self
        cache = instance.__dict__
        if self.name in cache:
            return cache[self.name]  # type: ignore[no-any-return]
        value = self.compute(instance)
        cache[self.name] = value
        return value


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
        self.prepared = False

    def prepare(self) -> None:
        """Build every piece now (on a worker thread: see `runner.py`)."""
        self.parsed  # noqa: B018 - each access builds and keeps the piece
        self.model  # noqa: B018
        self.diagnostics  # noqa: B018
        self.tokens  # noqa: B018
        self._declaration_starts  # noqa: B018
        self.prepared = True

    @lazy
    def parsed(self) -> ParseResult:
        return parse(self.text)

    @property
    def program(self) -> ast.Program:
        return self.parsed.program

    @lazy
    def model(self) -> SemanticModel:
        return analyze(self.parsed.program)

    @lazy
    def lint_settings(self) -> LintSettings:
        """The linter's settings; the defaults when the configuration is unusable
        (`problems` says why)."""
        try:
            settings = build_settings(
                ConfigFile(self.settings.config_path, dict(self.settings.table))
            )
        except ConfigError as exc:
            self.problems.append(str(exc))
            return LintSettings()
        if settings.tools is not None:
            self.problems.extend(settings.tools.errors)
        return settings

    @property
    def tools(self) -> ToolCatalog | None:
        """The agent's tools, None when none are configured or none could be read."""
        catalog = self.lint_settings.tools
        return catalog if catalog is not None and catalog.tools else None

    @lazy
    def problems(self) -> list[str]:
        """Configuration problems met while analysing (shown once by the server)."""
        return [self.settings.problem] if self.settings.problem else []

    @lazy
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The linter's findings: syntax errors only while the text does not parse."""
        path = document_path(self.uri)
        return lint(self.parsed, self.lint_settings, path=str(path) if path else None)

    @lazy
    def tokens(self) -> list[Token]:
        """Every token of the text, comments included (see `lexical.scan`)."""
        return scan(self.text)

    @lazy
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
