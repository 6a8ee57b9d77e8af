"""The presentation layer: every command's output is rendered here, and only here.

Core packages (syntax, lint, evaluate, results, analysis, coverage, ...) return data;
the modules of this package turn that data into what a user or a CI system reads:
text, JSON, GitHub workflow commands, SARIF, JUnit XML and Markdown. Text that came from
outside (a policy, a test file, an LLM, a tool) is escaped through `sqrt_tools.safe_text`,
the one escaping path, before it reaches a terminal or a report.

- `diagnostics`: `sqrt check`, `fmt`, `header`, `draft` findings (text, JSON, GitHub,
  SARIF, JUnit, statistics)
- `junit`: the one JUnit XML writer
- `policytests`: `sqrt test` (text, JSON, JUnit)
- `plan`: `sqrt plan`, `replay` and the plan view of `inspect` (text, JSON)
- `coverage`: `sqrt tools` (text, JSON, Markdown)

Modules are imported by the command that needs them; this file imports nothing, so that
a command loads only its own renderer.
"""
