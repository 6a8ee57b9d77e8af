"""The coverage report: for each of the agent's tools, what the policies do about it.

`build_report(policies, catalog)` judges a set of policy files together, as the policy
the agent sends: for each tool, the policies that apply to it (exact id or regex),
the arguments their rules read, what a call with default metadata gets (asked of the
evaluator, `sqrt_tools.evaluate`), and the findings of the `tools` lint rules that
concern it. Policies that apply to no defined tool are listed apart. `sqrt tools`
renders it (`sqrt_tools.present.coverage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqrt_tools.lint import LintSettings, lint
from sqrt_tools.lint.registry import RULES
from sqrt_tools.lint.rule import Category
from sqrt_tools.lint.rules._agent import side_effects
from sqrt_tools.presets import Presets
from sqrt_tools.semantics import SemanticModel, ToolScope, analyze
from sqrt_tools.syntax import ParseResult, parse
from sqrt_tools.tools.catalog import ToolCatalog
from sqrt_tools.tools.definitions import ToolDefinition

# Judged per file by the linter; the coverage rules are judged here, over every file.
_COVERAGE_CODES = frozenset({"SQ405", "SQ406"})
_TOOL_CODES = frozenset(r.code for r in RULES if r.category is Category.TOOLS) - _COVERAGE_CODES
_UNMATCHED_CODES = frozenset({"SQ401", "SQ402"})


@dataclass(frozen=True, slots=True)
class PolicySource:
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class AppliedPolicy:
    """A policy that applies to a tool: where it is, its id as written, its checks."""

    path: str
    line: int
    tool_id: str
    regex: bool
    check_rules: int


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class ToolReport:
    tool: ToolDefinition
    policies: tuple[AppliedPolicy, ...]
    arguments: tuple[str, ...]  # read by any rule of an applying policy, sorted
    default_verdict: str | None  # None when the policies could not be evaluated
    side_effects: str | None  # the MCP hints that mark it side-effecting
    findings: tuple[Finding, ...]

    @property
    def covered(self) -> bool:
        return bool(self.policies)


@dataclass(frozen=True, slots=True)
class CoverageReport:
    tools: tuple[ToolReport, ...]
    unmatched: tuple[Finding, ...]  # policies for no defined tool
    problems: tuple[str, ...] = field(default=())  # files that could not be judged

    @property
    def uncovered(self) -> tuple[ToolReport, ...]:
        return tuple(report for report in self.tools if not report.covered)


def build_report(
    policies: Sequence[PolicySource],
    catalog: ToolCatalog,
    settings: LintSettings | None = None,
    *,
    presets: Presets | None = None,
) -> CoverageReport:
    """Judge `policies` together against `catalog`, under `presets` (the service's
    dual-LLM defaults unless given)."""
    presets = presets or Presets()
    default_allow = presets.default_allow
    base = settings or LintSettings()
    lint_settings = replace(
        base, enabled=base.enabled | _TOOL_CODES, tools=catalog, presets=presets
    )
    problems: list[str] = []
    applied: dict[str, list[AppliedPolicy]] = {tool.name: [] for tool in catalog.tools}
    checked: dict[str, bool] = {tool.name: False for tool in catalog.tools}
    arguments: dict[str, set[str]] = {tool.name: set() for tool in catalog.tools}
    findings: dict[str, list[Finding]] = {tool.name: [] for tool in catalog.tools}
    unmatched: list[Finding] = []
    for source in policies:
        parsed = parse(source.text)
        if not parsed.ok:
            first = parsed.diagnostics[0]
            problems.append(f"{source.path}:{first.span.line}:{first.span.column}: {first.message}")
            continue
        model = analyze(parsed.program)
        for scope in model.tools:
            tools = catalog.applying(scope.tool_id.value, regex=scope.is_regex)
            for tool in tools:
                applied[tool.name].append(_applied(source.path, scope))
                checked[tool.name] |= bool(scope.check_rules)
                arguments[tool.name] |= model.arguments(scope)
        for finding, owner in _tool_findings(source.path, parsed, model, lint_settings):
            if finding.code in _UNMATCHED_CODES or owner is None:
                unmatched.append(finding)
                continue
            for tool in catalog.applying(owner.tool_id.value, regex=owner.is_regex):
                findings[tool.name].append(finding)
    verdicts = _default_verdicts(policies, catalog, presets, problems)
    reports = []
    for tool in catalog.tools:
        hints = side_effects(tool)
        own = list(findings[tool.name])
        if not applied[tool.name]:
            own.insert(
                0,
                _coverage_finding(
                    tool,
                    "SQ405",
                    "uncovered-tool",
                    "info",
                    "no policy applies: the presets alone decide",
                ),
            )
        if hints and default_allow and not checked[tool.name]:
            own.insert(
                0,
                _coverage_finding(
                    tool,
                    "SQ406",
                    "unconstrained-side-effect",
                    "warning",
                    f"marked {hints} but no allow or deny rule applies: every call is allowed",
                ),
            )
        reports.append(
            ToolReport(
                tool,
                tuple(applied[tool.name]),
                tuple(sorted(arguments[tool.name])),
                verdicts.get(tool.name),
                hints,
                tuple(own),
            )
        )
    return CoverageReport(tuple(reports), tuple(unmatched), tuple(problems))


def _applied(path: str, scope: ToolScope) -> AppliedPolicy:
    return AppliedPolicy(
        path, scope.policy.span.line, scope.tool_id.raw, scope.is_regex, len(scope.check_rules)
    )


def _tool_findings(
    path: str, parsed: ParseResult, model: SemanticModel, settings: LintSettings
) -> list[tuple[Finding, ToolScope | None]]:
    found = []
    for diagnostic in lint(parsed, settings, path=path):
        if diagnostic.code not in _TOOL_CODES:
            continue
        scope = next(
            (s for s in model.tools if s.policy.span.contains(diagnostic.span.start)), None
        )
        finding = Finding(
            path,
            diagnostic.span.line,
            diagnostic.span.column,
            diagnostic.code,
            diagnostic.rule,
            str(diagnostic.severity),
            diagnostic.message,
        )
        found.append((finding, scope))
    return found


def _coverage_finding(
    tool: ToolDefinition, code: str, rule: str, severity: str, message: str
) -> Finding:
    line, column = (tool.position.line, tool.position.column) if tool.position else (0, 0)
    return Finding(tool.file, line, column, code, rule, severity, message)


def _default_verdicts(
    policies: Sequence[PolicySource],
    catalog: ToolCatalog,
    presets: Presets,
    problems: list[str],
) -> dict[str, str]:
    """What a call of each tool with default metadata and no tested value gets.

    [ours] The files are joined in the order given and evaluated as one policy, the
    way the agent sends them; arguments are absent (no value, default metadata).
    """
    from sqrt_tools.evaluate import Call, PolicyError, evaluate, load_policy

    combined = "\n".join(source.text for source in policies)
    try:
        policy = load_policy(combined, "<policies>")
    except PolicyError as exc:
        problems.append(f"the policies cannot be evaluated together: {exc.lines()[0]}")
        return {}
    return {
        tool.name: str(evaluate(policy, Call(tool.name), presets=presets).verdict)
        for tool in catalog.tools
    }
