"""`sqrt header`: the `X-Policy` header for a checked policy file, or a curl line using it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.presets import MODE_HELP, PRESETS_HELP
from sqrt_tools.input_limits import set_max_mib
from sqrt_tools.service.policy_header import (
    DEFAULT_CURL_MESSAGE,
    DEFAULT_CURL_MODEL,
    Enforcement,
    PolicyMode,
)
from sqrt_tools.service.providers import BASE_URL_VARIABLE, DEFAULT_BASE_URL, Provider

if TYPE_CHECKING:
    from sqrt_tools.lint import LintSettings

EXIT_OK = 0
EXIT_USAGE = 2

_HELP = (
    "Print the X-Policy header JSON for a policy file, after checking it.\n\n"
    "The policy is parsed and linted first: a policy with errors gets its diagnostics on "
    "standard error and no header (exit 2); warnings are shown and the header printed. "
    "The presets are the service's defaults for the mode (dual-LLM unless --single-llm), "
    "then [tool.sqrt.presets] of the project, then --presets, then the preset flags.\n\n"
    "With --curl, print a ready curl command for a chat completion under this "
    "policy instead; keys appear in it only as $SEQURITY_API_KEY and the provider's "
    "variable, for the shell to fill in.\n\n"
    "Exit codes: 0 printed, 2 unreadable file or a policy with errors."
)


def register(app: typer.Typer) -> None:
    """Add the `header` command to `app`."""
    app.command("header", help=_HELP)(header)


def header(  # noqa: PLR0917 - typer maps each option to one parameter
    policy: Annotated[str, typer.Argument(metavar="POLICY", help="A .sqrt file, or - for stdin.")],
    mode: Annotated[PolicyMode, typer.Option("--mode", help="The policy mode.")] = (
        PolicyMode.STANDARD
    ),
    single_llm: Annotated[bool, typer.Option("--single-llm/--dual-llm", help=MODE_HELP)] = False,
    presets_text: Annotated[
        str | None,
        typer.Option("--presets", metavar="JSON", help=PRESETS_HELP),
    ] = None,
    default_deny: Annotated[
        bool,
        typer.Option("--default-deny", help="Deny calls no rule decides (default: allow)."),
    ] = False,
    default_enforcement: Annotated[
        Enforcement | None,
        typer.Option("--default-enforcement", help="How firmly the default decision holds (soft)."),
    ] = None,
    no_non_executable_memory: Annotated[
        bool,
        typer.Option(
            "--no-non-executable-memory",
            help="Do not tag tool results __non_executable.",
        ),
    ] = False,
    no_llm_blocked_tag: Annotated[
        bool,
        typer.Option("--no-llm-blocked-tag", help="Do not enforce the __llm_blocked tag."),
    ] = False,
    llm_blocked_enforcement: Annotated[
        Enforcement | None,
        typer.Option("--llm-blocked-enforcement", help="How firmly __llm_blocked holds (hard)."),
    ] = None,
    fail_fast: Annotated[
        bool | None,
        typer.Option(
            "--fail-fast/--no-fail-fast", help="Set fail_fast (default: the service decides)."
        ),
    ] = None,
    pretty: Annotated[
        bool, typer.Option("--pretty", help="Indent the JSON (for reading, not for sending).")
    ] = False,
    curl: Annotated[
        bool, typer.Option("--curl", help="Print a curl command for a chat completion.")
    ] = False,
    provider: Annotated[
        Provider | None,
        typer.Option("--provider", help="With --curl: the LLM provider (default: openrouter)."),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help="With --curl: the model, or 'planner,quarantined'.")
    ] = DEFAULT_CURL_MODEL,
    message: Annotated[
        str, typer.Option("--message", help="With --curl: the user message.")
    ] = DEFAULT_CURL_MESSAGE,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help=f"With --curl: the service (default: ${BASE_URL_VARIABLE} or {DEFAULT_BASE_URL}).",
        ),
    ] = None,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    from sqrt_tools.cli.presets import arch_of, resolve

    set_max_mib(max_size)
    from sqrt_tools.cli.sources import SourceError, read
    from sqrt_tools.config import ConfigError
    from sqrt_tools.evaluate.jsonform import InputError
    from sqrt_tools.present.diagnostics import FileReport, render_text
    from sqrt_tools.presets import PresetsError
    from sqrt_tools.safe_text import escape_control
    from sqrt_tools.service.policy_check import check_policy, errors
    from sqrt_tools.service.policy_header import (
        HEADER_SIZE_WARNING,
        PolicyHeaderOptions,
        curl_command,
        header_value,
        x_policy,
    )
    from sqrt_tools.service.redact import environment_secrets, redact

    try:
        source = read(policy)
    except SourceError as exc:
        _fail(str(exc))
    diagnostics = check_policy(
        source.text, _lint_settings(policy), path=None if policy == "-" else policy
    )
    if diagnostics:
        report = render_text([FileReport(source.path, source.text, diagnostics)])
        sys.stderr.write(redact(report, environment_secrets()))
    if errors(diagnostics):
        _fail(f"{source.path}: not printing a header for a policy with errors")
    # The flags name one preset each and come last: they override --presets.
    flags: dict[str, object] = {}
    if default_deny:
        flags["default_allow"] = False
    if default_enforcement is not None:
        flags["default_allow_enforcement_level"] = default_enforcement.value
    if no_non_executable_memory:
        flags["enable_non_executable_memory"] = False
    if no_llm_blocked_tag:
        flags["enable_llm_blocked_tag"] = False
    if llm_blocked_enforcement is not None:
        flags["llm_blocked_tag_enforcement_level"] = llm_blocked_enforcement.value
    try:
        start = Path.cwd() if policy == "-" else Path(policy)
        presets = resolve(start, single_llm, presets_text).updated(flags, "options")
    except (PresetsError, ConfigError, InputError) as error:
        _fail(str(error))
    arch = arch_of(single_llm)
    options = PolicyHeaderOptions(mode=mode, fail_fast=fail_fast, presets=presets, arch=arch)
    obj = x_policy(source.text, options)
    value = header_value(obj)
    if len(value) > HEADER_SIZE_WARNING:
        sys.stderr.write(
            f"sqrt header: warning: the header is {len(value) // 1024} KB; many proxies and "
            f"servers refuse request headers over {HEADER_SIZE_WARNING // 1024} KB\n"
        )
    if curl:
        url = _checked_base_url(base_url or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL)
        text = curl_command(
            value, base_url=url, provider=provider, model=model, message=message, arch=arch
        )
    elif pretty:
        text = json.dumps(obj, indent=2, ensure_ascii=True)
    else:
        text = value
    # Keys travel as `$VARIABLE` references; a key's value written into the policy, the
    # message or the URL is not printed either.
    shown = redact(text, environment_secrets(), unknown=False)
    if shown != text:
        sys.stderr.write(
            "sqrt header: warning: the output held a piece of an API key (from the policy "
            "or an option); it is replaced by [redacted]\n"
        )
    sys.stdout.write(escape_control(shown) + "\n")
    raise typer.Exit(EXIT_OK)


def _checked_base_url(url: str) -> str:
    """The URL for the curl line, held to the client's rules (https, no password in it)."""
    from sqrt_tools.service.client import check_base_url
    from sqrt_tools.service.errors import SettingsError
    from sqrt_tools.service.redact import environment_secrets

    try:
        return check_base_url(url, environment_secrets())
    except SettingsError as exc:
        _fail(str(exc))


def _lint_settings(policy: str) -> LintSettings:
    """The linter settings of the policy's project (`sqrt.toml` / `[tool.sqrt]`)."""
    from sqrt_tools.config import ConfigError, find_config
    from sqrt_tools.lint import build_settings

    try:
        return build_settings(find_config(Path.cwd() if policy == "-" else Path(policy)))
    except ConfigError as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    from sqrt_tools.safe_text import escape_control
    from sqrt_tools.service.redact import environment_secrets, redact

    line = escape_control(redact(message, environment_secrets()), keep_newlines=False)
    sys.stderr.write(f"sqrt header: {line}\n")
    raise typer.Exit(EXIT_USAGE)
