"""`sqrt draft`: ask the service for a policy, check it, repair it, show it, save it.

Standard output gets the policy (highlighted on a terminal), so `sqrt draft ... > p.sqrt`
works; everything about it (the spinner, diagnostics, token usage, the verdict, errors)
goes to standard error. Only typer and the option types load with the app; the client
and rich load when the command runs.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.input_limits import set_max_mib
from sqrt_tools.service.providers import (
    BASE_URL_VARIABLE,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_SERVICE_RETRIES,
    LLM_KEY_VARIABLES,
    SEQURITY_KEY_VARIABLE,
    Provider,
    RequestType,
)
from sqrt_tools.tools.internal import INTERNAL_TOOL_NAMES

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status
    from rich.text import Text

    from sqrt_tools.service.drafting import DraftResult
    from sqrt_tools.syntax.diagnostics import Diagnostic

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
DEFAULT_REPAIRS = 2
DEFAULT_HTTP_RETRIES = 3
DRAFT_NAME = "draft.sqrt"  # the name diagnostics use when there is no --output

_KEY_VARIABLES = ", ".join(sorted({name for name in LLM_KEY_VARIABLES.values() if name}))
_HELP = (
    "Draft a policy with the service's /policy-gen from a plain description of what it "
    "should do and the agent's tool definitions, then check it.\n\n"
    "The draft is parsed and linted; while it has errors, it is sent back with its "
    "diagnostics for repair (--repair rounds, default 2). The final draft is printed on "
    "standard output, its diagnostics and the token usage on standard error. --output "
    "saves it, but not a draft with errors unless --force.\n\n"
    f"Keys: the Sequrity key from --api-key or ${SEQURITY_KEY_VARIABLE}; the provider key "
    f"from --llm-api-key or the provider's variable ({_KEY_VARIABLES}). They are never "
    "printed, logged or saved, nor any piece of 8 characters of them, in any case or "
    "encoding a server may echo them in.\n\n"
    "Time limits: --read-timeout bounds each answer from request to last byte (a server "
    "that drips bytes cannot hold it); --deadline bounds the whole command, every retry, "
    "wait and repair round included. A server's Retry-After is honoured up to 30 s in "
    "all.\n\n"
    "Exit codes: 0 a clean draft, 1 a draft with diagnostics (or not saved), 2 usage, "
    "network or authentication errors."
)


@dataclass(frozen=True, slots=True)
class _Output:
    """Where the report goes, and whether to colour it."""

    out: Console
    err: Console
    spinner: bool


def register(app: typer.Typer) -> None:
    """Add the `draft` command to `app`."""
    app.command("draft", help=_HELP)(draft)


def draft(  # noqa: PLR0917 - typer maps each option to one parameter
    description: Annotated[
        str,
        typer.Argument(metavar="DESCRIPTION", help="What the policy should do; - reads stdin."),
    ],
    tools: Annotated[
        str,
        typer.Option(
            "--tools", "-t", metavar="FILE", help="Tool definitions (OpenAI, Anthropic, MCP)."
        ),
    ],
    model: Annotated[
        str, typer.Option("--model", "-m", help="The model that drafts, as the provider names it.")
    ],
    provider: Annotated[
        Provider | None,
        typer.Option("--provider", help="The LLM provider (default: the service's OpenRouter)."),
    ] = None,
    request_type: Annotated[
        RequestType | None,
        typer.Option("--request-type", help="The request type (default: the provider's)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Save the final draft here."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Save a draft with errors; overwrite an existing file."),
    ] = False,
    repair: Annotated[
        int, typer.Option("--repair", min=0, metavar="N", help="Repair rounds for a broken draft.")
    ] = DEFAULT_REPAIRS,
    no_repair: Annotated[
        bool, typer.Option("--no-repair", help="Show the first draft as it is (--repair 0).")
    ] = False,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            metavar="N",
            help="HTTP retries on connection errors, 429 and 5xx, with backoff.",
        ),
    ] = DEFAULT_HTTP_RETRIES,
    service_retries: Annotated[
        int,
        typer.Option(
            "--service-retries",
            min=0,
            metavar="N",
            help="The service's own re-generations of an invalid policy (n_retries).",
        ),
    ] = DEFAULT_SERVICE_RETRIES,
    internal_tools: Annotated[
        list[str] | None,
        typer.Option(
            "--internal-tool",
            metavar="NAME",
            help=f"An internal tool to consider ({', '.join(INTERNAL_TOOL_NAMES)}); repeatable.",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help=f"The service (default: ${BASE_URL_VARIABLE} or public)."),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option("--api-key", help=f"The Sequrity key (better: ${SEQURITY_KEY_VARIABLE})."),
    ] = None,
    llm_api_key: Annotated[
        str | None,
        typer.Option("--llm-api-key", help="The provider key (better: its variable)."),
    ] = None,
    connect_timeout: Annotated[
        float,
        typer.Option(
            "--connect-timeout", min=0.001, metavar="SECONDS", help="Wait for a connection."
        ),
    ] = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: Annotated[
        float,
        typer.Option(
            "--read-timeout",
            min=0.001,
            metavar="SECONDS",
            help="Wait for each answer, request to last byte (no retry).",
        ),
    ] = DEFAULT_READ_TIMEOUT,
    deadline: Annotated[
        float,
        typer.Option(
            "--deadline",
            min=0.001,
            metavar="SECONDS",
            help="Give up when the whole command has taken this long.",
        ),
    ] = DEFAULT_DEADLINE,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Trace requests and retries (keys redacted).")
    ] = False,
    color: Annotated[
        str, typer.Option("--color", metavar="auto|always|never", help="When to use colours.")
    ] = "auto",
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    set_max_mib(max_size)
    secrets = _known_secrets(api_key, llm_api_key)
    try:
        code = _run(
            _Arguments(
                description=description,
                tools=tools,
                model=model,
                provider=provider,
                request_type=request_type,
                output=output,
                force=force,
                repairs=0 if no_repair else repair,
                retries=retries,
                service_retries=service_retries,
                internal_tools=tuple(internal_tools or ()),
                base_url=base_url,
                api_key=api_key,
                llm_api_key=llm_api_key,
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                deadline=deadline,
                verbose=verbose,
                color=color,
            )
        )
    except typer.Exit:
        raise
    except Exception as exc:  # never a traceback, and never a key, whatever went wrong
        from sqrt_tools.cli.app import EXIT_INTERNAL_ERROR

        _fail(f"internal error: {type(exc).__name__}: {exc}", secrets, EXIT_INTERNAL_ERROR)
    raise typer.Exit(code)


@dataclass(frozen=True, slots=True)
class _Arguments:
    description: str
    tools: str
    model: str
    provider: Provider | None
    request_type: RequestType | None
    output: str | None
    force: bool
    repairs: int
    retries: int
    service_retries: int
    internal_tools: tuple[str, ...]
    base_url: str | None
    api_key: str | None
    llm_api_key: str | None
    connect_timeout: float
    read_timeout: float
    deadline: float
    verbose: bool
    color: str

    @property
    def secrets(self) -> tuple[str | None, ...]:
        return _known_secrets(self.api_key, self.llm_api_key)


def _known_secrets(*given: str | None) -> tuple[str | None, ...]:
    """Every key this run may hold: the options, and every key variable we read."""
    from sqrt_tools.service.redact import environment_secrets

    return (*given, *environment_secrets())


def _run(args: _Arguments) -> int:
    from sqrt_tools.safe_text import escape_control
    from sqrt_tools.service.client import (
        PolicyGenRequest,
        SequrityClient,
        ServiceSettings,
        Timeouts,
    )
    from sqrt_tools.service.drafting import draft_policy
    from sqrt_tools.service.errors import ServiceError
    from sqrt_tools.service.providers import check_request_type, default_request_type
    from sqrt_tools.service.retry import RetryPolicy
    from sqrt_tools.tools.definitions import load_tools
    from sqrt_tools.tools.errors import ToolDefinitionError

    if args.color not in ("auto", "always", "never"):
        _fail(f"--color must be auto, always or never, not {args.color!r}", args.secrets)
    description = _description(args)
    unknown = [name for name in args.internal_tools if name not in INTERNAL_TOOL_NAMES]
    if unknown:
        _fail(
            f"unknown internal tool {unknown[0]!r} (choose from {', '.join(INTERNAL_TOOL_NAMES)})",
            args.secrets,
        )
    request_type = args.request_type or default_request_type(args.provider)
    problem = check_request_type(args.provider, request_type)
    if problem:
        _fail(problem, args.secrets)
    if args.output and Path(args.output).exists() and not args.force:
        _fail(f"{args.output}: already exists; pass --force to overwrite it", args.secrets)
    try:
        definitions = load_tools(args.tools)
    except ToolDefinitionError as exc:
        _fail(str(exc), args.secrets)
    try:
        settings = ServiceSettings.resolve(
            api_key=args.api_key,
            llm_api_key=args.llm_api_key,
            base_url=args.base_url,
            provider=args.provider,
            timeouts=Timeouts(args.connect_timeout, args.read_timeout, args.deadline),
            retry=RetryPolicy(retries=args.retries),
        )
    except ServiceError as exc:
        _fail(str(exc), args.secrets)
    secrets = args.secrets
    request = PolicyGenRequest(
        description=description,
        model=args.model,
        tools=definitions,
        provider=args.provider,
        request_type=request_type,
        n_retries=args.service_retries,
        internal_tool_names=args.internal_tools,
    )
    output = _consoles(args.color)
    trace = _tracer(output.err, secrets) if args.verbose else None
    total_rounds = args.repairs + 1
    model = escape_control(args.model, keep_newlines=False)
    try:
        with SequrityClient(settings, trace=trace) as client, _Spinner(output) as spinner:
            result = draft_policy(
                client,
                request,
                repair_rounds=args.repairs,
                on_round=lambda number: spinner.update(
                    f"Drafting with {model}..."
                    if number == 1
                    else f"Repairing the draft (round {number - 1} of {total_rounds - 1})..."
                ),
            )
    except ServiceError as exc:
        _fail(str(exc), secrets)
    return _report(result, args, output, secrets)


def _description(args: _Arguments) -> str:
    text = args.description
    if text == "-":
        if sys.stdin.isatty():
            _fail("reading the description from the terminal; pipe it in", args.secrets)
        from sqrt_tools.input_limits import InputTooLarge, read_stream

        try:
            text = read_stream(sys.stdin.buffer).decode("utf-8", "replace")
        except InputTooLarge as exc:
            _fail(f"the description: {exc.strerror}", args.secrets)
    if not text.strip():
        _fail("the description is empty: say what the policy should allow and deny", args.secrets)
    return text.strip()


def _report(
    result: DraftResult, args: _Arguments, output: _Output, secrets: tuple[str | None, ...]
) -> int:
    from sqrt_tools.present.diagnostics import FileReport, render_text
    from sqrt_tools.service.redact import redact

    def say(text: str, end: str = "\n") -> None:
        output.err.print(_plain(redact(text, secrets)), end=end)

    final = result.final
    # The client redacted the draft with the keys it sent; every key variable we know of
    # is removed too before the draft is shown or saved.
    shown = redact(final.source, secrets)
    output.out.print(_highlighted(shown), end="" if shown.endswith("\n") else "\n")
    if final.diagnostics:
        name = args.output or DRAFT_NAME
        say(render_text([FileReport(name, final.source, final.diagnostics)]), end="")
    say(_history(result))
    usage = _usage_line(result)
    if usage:
        say(usage)
    code = EXIT_CLEAN if result.clean else EXIT_FINDINGS
    if result.stopped_by is not None:
        say(f"sqrt draft: the repair request failed: {result.stopped_by}")
        code = EXIT_USAGE
    if args.output:
        if final.errors and not args.force:
            count = len(final.errors)
            say(
                f"Not saved to {args.output}: the draft has {count} "
                f"error{'s' if count != 1 else ''}; pass --force to save it anyway."
            )
            return max(code, EXIT_FINDINGS)
        try:
            Path(args.output).write_text(shown, encoding="utf-8")
        except OSError as exc:
            _fail(f"{args.output}: cannot write ({exc.strerror or exc})", secrets)
        say(f"Saved to {args.output}.")
    return code


def _history(result: DraftResult) -> str:
    """One line: how each round went and the verdict on the final draft."""
    parts = []
    for draft in result.rounds:
        label = "draft" if draft.number == 1 else f"repair {draft.number - 1}"
        parts.append(f"{label}: {_count(draft.diagnostics)}")
    verdict = (
        "The draft passed every check."
        if result.clean
        else "The draft has errors: review them before use."
        if result.final.errors
        else "The draft parses, with warnings to review."
    )
    return f"{verdict} ({'; '.join(parts)})"


def _count(diagnostics: tuple[Diagnostic, ...]) -> str:
    from sqrt_tools.syntax.diagnostics import Severity

    if not diagnostics:
        return "clean"
    counts = []
    for severity in Severity:
        number = sum(1 for item in diagnostics if item.severity is severity)
        if number:
            counts.append(f"{number} {severity}{'s' if number != 1 else ''}")
    return ", ".join(counts)


def _usage_line(result: DraftResult) -> str:
    usage = result.usage
    if not usage:
        return ""
    requests = len(result.rounds)
    shown = ", ".join(f"{name} {count:,}" for name, count in usage.items())
    return f"Token usage: {shown} ({requests} request{'s' if requests != 1 else ''})"


# --- terminal output ----------------------------------------------------------------------

_HIGHLIGHT = re.compile(
    r"(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<string>[rwd]?\"(?:\\.|[^\"\\\n])*\"?)"
    r"|(?P<meta>@[A-Za-z_]\w*|\.(?:tags|producers|consumers|value)\b)"
    r"|(?P<number>(?<![\w.])[-+]?(?:\d+(?:\.\d+)?|inf)\b)"
    r"|(?P<keyword>\b(?:let|tool|priority|must|hard|should|soft|allow|deny|when|always|result"
    r"|session|before|after|in|overlaps|subset|superset|of|is|empty|universal|not|and|or"
    r"|union|intersect|minus|xor|with|without|from|args|bool|int|float|str|datetime"
    r"|matching|like|length|true|false)\b)",
    re.DOTALL,
)
_STYLES = {
    "comment": "green",
    "string": "yellow",
    "meta": "cyan",
    "number": "magenta",
    "keyword": "bold blue",
}


def _highlighted(source: str) -> Text:
    """The policy, escaped, with a display-only colouring (rich drops it when plain)."""
    from rich.text import Text

    from sqrt_tools.safe_text import escape_control

    text = Text(escape_control(source))
    for match in _HIGHLIGHT.finditer(text.plain):
        kind = match.lastgroup
        if kind is not None:
            text.stylize(_STYLES[kind], match.start(), match.end())
    return text


def _plain(line: str) -> Text:
    """Outside text as a rich `Text`: escaped, and never read as markup."""
    from rich.text import Text

    from sqrt_tools.safe_text import escape_control

    return Text(escape_control(line))


def _consoles(color: str) -> _Output:
    from rich.console import Console

    def console(stream: IO[str], tty: bool) -> Console:
        use_color = color == "always" or (color == "auto" and tty and "NO_COLOR" not in os.environ)
        return Console(
            file=stream,
            force_terminal=use_color,
            no_color=not use_color,
            color_system="standard" if use_color else None,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=True,
        )

    err_tty = sys.stderr.isatty()
    return _Output(
        console(sys.stdout, sys.stdout.isatty()), console(sys.stderr, err_tty), spinner=err_tty
    )


def _tracer(err: Console, secrets: tuple[str | None, ...]) -> Callable[[str], None]:
    from sqrt_tools.service.redact import redact

    def trace(line: str) -> None:
        err.print(_plain(redact(line, secrets)))

    return trace


class _Spinner:
    """A spinner on standard error while waiting; nothing at all when it is not a terminal."""

    def __init__(self, output: _Output) -> None:
        self._console = output.err
        self._enabled = output.spinner
        self._status: Status | None = None

    def __enter__(self) -> _Spinner:
        if self._enabled:
            self._status = self._console.status("Drafting...", spinner="dots")
            self._status.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._status is not None:
            self._status.stop()

    def update(self, message: str) -> None:
        if self._status is not None:
            self._status.update(message)


def _fail(message: str, secrets: tuple[str | None, ...], code: int = EXIT_USAGE) -> NoReturn:
    from sqrt_tools.safe_text import escape_control
    from sqrt_tools.service.redact import redact

    line = escape_control(redact(message, secrets), keep_newlines=False)
    sys.stderr.write(f"sqrt draft: {line}\n")
    raise typer.Exit(code)
