"""`sqrt eval`: decide one tool call against a policy, and say why.

Exit codes are chosen so that scripts can tell the three outcomes apart: 0 the call is
allowed, 2 it is denied, 1 anything went wrong (bad policy, bad JSON, bad usage).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.presets import MODE_HELP, PRESETS_HELP
from sqrt_tools.input_limits import set_max_mib

EXIT_ALLOWED = 0
EXIT_ERROR = 1
EXIT_DENIED = 2

_HELP = (
    "Decide a tool call against a policy, locally, and explain the verdict.\n\n"
    "Arguments are a JSON object of plain values (default metadata) or "
    '{"value": ..., "meta": {"tags": [...], "producers": [...], "consumers": [...]}}. '
    "A JSON option may also be @FILE to read it from a file.\n\n"
    "Calls are decided under the service's presets: dual-LLM defaults unless "
    "--single-llm, then [tool.sqrt.presets] of the project, then --presets.\n\n"
    "Exit codes: 0 allowed, 2 denied, 1 error."
)


class _UsageErrorsExitOne(TyperCommand):
    """Usage mistakes exit 1 here, since 2 means "denied" for this command."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as error:  # click's UsageError and friends
            if getattr(error, "exit_code", None) == EXIT_DENIED:
                error.exit_code = EXIT_ERROR
            raise


def register(app: typer.Typer) -> None:
    """Add the `eval` command to `app`."""
    app.command("eval", help=_HELP, cls=_UsageErrorsExitOne)(eval_command)


def eval_command(  # noqa: PLR0917 - typer maps each option to one parameter
    policy: Annotated[
        str, typer.Argument(metavar="POLICY", help="The policy file, or - for stdin.")
    ],
    tool: Annotated[str, typer.Option("--tool", metavar="NAME", help="The tool called.")],
    args: Annotated[
        str, typer.Option("--args", metavar="JSON", help="The arguments: a JSON object.")
    ] = "{}",
    session: Annotated[
        str | None,
        typer.Option("--session", metavar="JSON", help="Session metadata before the call."),
    ] = None,
    result: Annotated[
        str | None,
        typer.Option(
            "--result",
            metavar="JSON",
            help="What the tool returned: runs the result and session after blocks.",
        ),
    ] = None,
    presets_text: Annotated[
        str | None,
        typer.Option("--presets", metavar="JSON", help=PRESETS_HELP),
    ] = None,
    single_llm: Annotated[bool, typer.Option("--single-llm/--dual-llm", help=MODE_HELP)] = False,
    default_deny: Annotated[
        bool,
        typer.Option(
            "--default-deny",
            help="Deny calls no rule decides: the same as --presets '{\"default_allow\": false}'.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    from sqrt_tools.cli.presets import resolve

    set_max_mib(max_size)
    from sqrt_tools.cli.sources import SourceError, read
    from sqrt_tools.config import ConfigError
    from sqrt_tools.evaluate import (
        Call,
        InputError,
        PolicyError,
        args_from_json,
        evaluate,
        load_policy,
        output_from_json,
        session_from_json,
    )
    from sqrt_tools.evaluate.model import Meta
    from sqrt_tools.presets import PresetsError

    try:
        source = read(policy)
        call_args = args_from_json(json_option("--args", args), "--args")
        meta = (
            Meta()
            if session is None
            else session_from_json(json_option("--session", session), "--session")
        )
        output = (
            None
            if result is None
            else output_from_json(json_option("--result", result), "--result")
        )
        presets = resolve(Path.cwd() if policy == "-" else Path(policy), single_llm, presets_text)
        if default_deny:
            presets = presets.updated({"default_allow": False}, "--default-deny")
        compiled = load_policy(source.text, source.path)
    except PolicyError as error:
        for line in error.lines():
            _error_line(line)
        raise typer.Exit(EXIT_ERROR) from None
    except (SourceError, InputError, PresetsError, ConfigError) as error:
        _fail(str(error))
    decision = evaluate(compiled, Call(tool, call_args, meta), presets=presets, output=output)
    _print(decision, as_json=as_json, result_given=output is not None)
    raise typer.Exit(EXIT_ALLOWED if decision.allowed else EXIT_DENIED)


def json_option(option: str, text: str) -> object:
    """The JSON of an option, read from a file when it is `@FILE`."""
    from sqrt_tools.evaluate import InputError
    from sqrt_tools.input_limits import read_text
    from sqrt_tools.json_numbers import IntegerTooLong, parse_int

    if text.startswith("@"):
        name = text[1:]
        try:
            text = read_text(name)
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise InputError(f"{option}: cannot read {name}: {reason}") from None
    try:
        return json.loads(text, parse_int=parse_int)
    except IntegerTooLong as error:
        raise InputError(f"{option}: the JSON holds {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{option}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise InputError(f"{option}: JSON nested too deeply") from None


def _print(decision: object, *, as_json: bool, result_given: bool) -> None:
    from sqrt_tools.evaluate import Decision, decision_json, decision_text
    from sqrt_tools.safe_text import escape_control, escape_json_text

    assert isinstance(decision, Decision)
    if as_json:
        text = json.dumps(decision_json(decision), indent=2, ensure_ascii=False)
        sys.stdout.write(escape_json_text(text) + "\n")
        return
    for line in decision_text(decision, result_given=result_given):
        sys.stdout.write(escape_control(line, keep_newlines=False) + "\n")


def _error_line(message: str) -> None:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt eval: {escape_control(message, keep_newlines=False)}\n")


def _fail(message: str) -> NoReturn:
    _error_line(message)
    raise typer.Exit(EXIT_ERROR)
