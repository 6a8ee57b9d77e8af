"""A policy file ready to decide calls: parse, compile, and find the policies for a tool."""

from __future__ import annotations

from dataclasses import dataclass

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.compiled import CompiledPolicy, ToolPlan
from sqrt_tools.evaluate.compiler import Compiler
from sqrt_tools.syntax import ParseResult, parse
from sqrt_tools.syntax.diagnostics import Diagnostic

# Distinct tool names remembered by `PolicySet.plan`; a caller that invents names
# (a fuzzer, a long-lived server) cannot grow the cache without bound.
_APPLYING_CACHE_LIMIT = 4096


class PolicyError(Exception):
    """A policy that cannot be evaluated: syntax errors or evaluation errors, located.

    `str(error)` is the first problem on one line: `path:line:column: message`.
    """

    def __init__(self, path: str, source: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.path = path
        self.source = source
        self.diagnostics = diagnostics
        first = diagnostics[0]
        more = len(diagnostics) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(f"{path}:{first.span.line}:{first.span.column}: {first.message}{suffix}")

    def lines(self) -> list[str]:
        """Every problem as `path:line:column: message`."""
        return [f"{self.path}:{d.span.line}:{d.span.column}: {d.message}" for d in self.diagnostics]


@dataclass(frozen=True, slots=True, eq=False)
class PolicySet:
    """Every tool policy of one file, in source order."""

    path: str
    source: str
    policies: tuple[CompiledPolicy, ...]
    _cache: dict[str, ToolPlan]

    def applying(self, tool: str) -> tuple[CompiledPolicy, ...]:
        """The policies for `tool`, in source order: an equal id, or a regex id that
        matches (`decisions.tool_id_matches`)."""
        return self.plan(tool).policies

    def plan(self, tool: str) -> ToolPlan:
        """What a call of `tool` runs: the `applying` policies, flattened."""
        found = self._cache.get(tool)
        if found is None:
            found = ToolPlan.of(
                tool,
                tuple(
                    policy
                    for policy in self.policies
                    if policy.exact_id == tool
                    or (
                        policy.id_pattern is not None
                        and decisions.tool_id_matches(policy.id_pattern, tool)
                    )
                ),
            )
            if len(self._cache) >= _APPLYING_CACHE_LIMIT:
                self._cache.clear()
            self._cache[tool] = found
        return found


def compile_policy(
    parsed: ParseResult, path: str = "<policy>", *, optimize: bool = True
) -> PolicySet:
    """A parsed policy, compiled. Raises `PolicyError` on syntax or evaluation errors.

    `optimize=False` compiles the straightforward way (see `Compiler`): slower, same
    decisions; it is the reference the optimized evaluator is tested against."""
    if parsed.diagnostics:
        raise PolicyError(path, parsed.source, parsed.diagnostics)
    compiler = Compiler(parsed.program, parsed.source, path, optimize=optimize)
    policies = compiler.compile()
    if compiler.diagnostics:
        ordered = sorted(compiler.diagnostics, key=lambda d: d.span.start)
        raise PolicyError(path, parsed.source, tuple(ordered))
    return PolicySet(path, parsed.source, policies, {})


def load_policy(source: str, path: str = "<policy>", *, optimize: bool = True) -> PolicySet:
    """Parse and compile SQRT source. Raises `PolicyError` with every problem located."""
    return compile_policy(parse(source), path, optimize=optimize)
