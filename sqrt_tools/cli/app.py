"""The `sqrt` application object and its entry point.

Each command lives in its own module with a `register(app)` function; this module only
wires them together and guarantees that no Python traceback reaches a user.

Start-up speed: typer turns every parameter of every registered command into a click
parameter (with a pydantic adapter) before it runs anything, and each command module
has imports of its own. So `main` registers only the command the user named (all of
them for `sqrt --help`, a mistyped name, or no name), and `app`, the application with
every command, is built on first use (tests and documentation use it).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

import typer

from sqrt_tools._version import __version__

# command name -> its module in sqrt_tools.cli, in the order `sqrt --help` lists them.
COMMANDS: dict[str, str] = {
    "check": "check",
    "rule": "rule",
    "fmt": "fmt",
    "inspect": "inspect",
    "eval": "eval",
    "plan": "plan",
    "replay": "replay",
    "test": "policytest",
    "draft": "draft",
    "scaffold": "scaffold",
    "tools": "tools",
    "header": "header",
    "lsp": "lsp",
}


def _new_app() -> typer.Typer:
    app = typer.Typer(
        name="sqrt",
        help="Tools for the SQRT policy language of the Sequrity Control API.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode="markdown",
    )
    app.callback()(_root)
    return app


def build_app(commands: Sequence[str] = tuple(COMMANDS)) -> typer.Typer:
    """The application with the named commands registered (by default all of them)."""
    app = _new_app()
    for name in commands:
        import_module(f"sqrt_tools.cli.{COMMANDS[name]}").register(app)
    return app


def commands_for(arguments: Sequence[str]) -> tuple[str, ...]:
    """The commands a command line needs: the one it names, or all of them.

    The root takes no option with a value, so the first argument that is not an option
    is the command. `--version` alone needs none; help and unknown names need all, so
    that click can list them or suggest the closest.
    """
    name = next((argument for argument in arguments if not argument.startswith("-")), None)
    if name in COMMANDS:
        return (name,)
    if name is None and "--version" in arguments and not {"-h", "--help"} & set(arguments):
        return ()
    return tuple(COMMANDS)


app: typer.Typer  # declared for type checkers; the value comes from __getattr__


def __getattr__(name: str) -> Any:
    if name == "app":  # built once, on first use: the application with every command
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module 'sqrt_tools.cli.app' has no attribute {name!r}")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"sqrt-tools {__version__}")
        raise typer.Exit(0)


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


# An internal error (a bug) exits with its own code, never one that means a verdict or
# a finding: 2 means "denied" to `sqrt eval` and "undecodable" to `sqrt inspect`. 70 is
# EX_SOFTWARE of sysexits.h, "an internal software error has been detected".
EXIT_INTERNAL_ERROR = 70


def main() -> None:
    """Console-script entry point: run the app, turning any crash into one line."""
    # A character the terminal's encoding cannot hold is written as an escape rather
    # than failing the whole report (a lone surrogate, or any non-ASCII character
    # under an ASCII locale); the escaping of hidden characters happens before this.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        build_app(commands_for(sys.argv[1:]))(prog_name="sqrt")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("sqrt: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never show a traceback
        from sqrt_tools.safe_text import escape_control

        reason = escape_control(f"{type(exc).__name__}: {exc}", keep_newlines=False)
        sys.stderr.write(f"sqrt: internal error: {reason}\n")
        sys.exit(EXIT_INTERNAL_ERROR)


if __name__ == "__main__":
    main()
