"""The `sqrt` application object and its entry point.

Each command lives in its own module with a `register(app)` function; this module only
wires them together and guarantees that no Python traceback reaches a user.
"""

from __future__ import annotations

import sys

import typer

from sqrt_tools._version import __version__
from sqrt_tools.cli import (
    check,
    draft,
    eval,
    fmt,
    header,
    inspect,
    lsp,
    policytest,
    rule,
    scaffold,
    tools,
)

app = typer.Typer(
    name="sqrt",
    help="Tools for the SQRT policy language of the Sequrity Control API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="markdown",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"sqrt-tools {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Tools for the SQRT policy language of the Sequrity Control API."""


check.register(app)
rule.register(app)
fmt.register(app)
inspect.register(app)
eval.register(app)
policytest.register(app)
draft.register(app)
scaffold.register(app)
tools.register(app)
header.register(app)
lsp.register(app)


def main() -> None:
    """Console-script entry point: run the app, turning any crash into one line."""
    try:
        app(prog_name="sqrt")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("sqrt: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never show a traceback
        sys.stderr.write(f"sqrt: internal error: {type(exc).__name__}: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
