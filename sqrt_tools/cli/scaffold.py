"""`sqrt scaffold`: a commented policy skeleton for a set of tool definitions, offline.

One tool block per tool, its description as the block's doc comment, its parameters
(name, type, whether required) listed in comments, and a `should allow always;`
placeholder to replace with real checks.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.input_limits import set_max_mib

if TYPE_CHECKING:
    from sqrt_tools.format import FormatOptions
    from sqrt_tools.tools.definitions import Parameter, ToolDefinition

EXIT_OK = 0
EXIT_USAGE = 2
INDENT = "    "
PLACEHOLDER = "should allow always;"
_CODE_SPAN = re.compile(r"`[^`]*`")
_NO_BREAK = "\u00a0"  # textwrap does not break at it
_MAX_ENUM = 6  # enum values listed before "..."
_MAX_TYPE_DEPTH = 3  # nested array/union levels spelled out


def register(app: typer.Typer) -> None:
    """Add the `scaffold` command to `app`."""
    app.command("scaffold")(scaffold)


def scaffold(
    tools: Annotated[
        str,
        typer.Option(
            "--tools",
            "-t",
            metavar="FILE",
            help="Tool definitions: OpenAI, Anthropic or MCP tools (or a tools/list result), "
            "JSON or YAML.",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the skeleton here, not stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the --output file if it exists.")
    ] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    """Write a commented policy skeleton with one tool block per tool. No network.

    Exit codes: 0 written, 2 unreadable tool definitions or output file.
    """
    set_max_mib(max_size)
    from sqrt_tools.format import FormatError
    from sqrt_tools.safe_text import escape_control
    from sqrt_tools.tools.definitions import load_tools
    from sqrt_tools.tools.errors import ToolDefinitionError

    try:
        definitions = load_tools(tools)
    except ToolDefinitionError as exc:
        _fail(str(exc))
    options = _format_options(Path(output) if output else Path.cwd())
    try:
        text = scaffold_policy(definitions, tools, options)
    except FormatError as exc:  # the formatter refused our own text: a bug, said plainly
        from sqrt_tools.cli.app import EXIT_INTERNAL_ERROR

        _fail(f"internal error: the skeleton could not be formatted: {exc}", EXIT_INTERNAL_ERROR)
    if output is None:
        sys.stdout.write(escape_control(text))
        raise typer.Exit(EXIT_OK)
    target = Path(output)
    if target.exists() and not force:
        _fail(f"{output}: already exists; pass --force to overwrite it")
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})")
    count = len(definitions)
    sys.stderr.write(
        f"Wrote {escape_control(output, keep_newlines=False)}: "
        f"{count} tool{'s' if count != 1 else ''}\n"
    )


def scaffold_policy(
    tools: tuple[ToolDefinition, ...], source_name: str, options: FormatOptions | None = None
) -> str:
    """The skeleton for `tools` (read from `source_name`), laid out by the formatter.

    Raises `FormatError` only if the formatter refuses the text, which would be a bug.
    """
    from sqrt_tools.format import FormatOptions, format_source
    from sqrt_tools.safe_text import escape_control

    chosen = options or FormatOptions()
    width = chosen.line_width
    shown_source = escape_control(source_name, keep_newlines=False)
    count = f"{len(tools)} tool{'s' if len(tools) != 1 else ''}"
    intro = (
        f"Policy skeleton for the {count} in {shown_source}, written by `sqrt scaffold`. "
        f"Each tool has a placeholder rule that allows every call: replace it with the "
        f"checks the tool needs, then run `sqrt check` on this file."
    )
    blocks = ["\n".join(_wrap(intro, "// ", width)) + "\n"]
    blocks.extend(_tool_block(tool, width) for tool in tools)
    return format_source("\n".join(blocks), chosen)


def _tool_block(tool: ToolDefinition, width: int) -> str:
    from sqrt_tools.safe_text import escape_control

    lines: list[str] = []
    for paragraph in tool.description.strip().splitlines():
        lines.extend(
            _wrap(escape_control(paragraph, keep_newlines=False), "/// ", width) or ["///"]
        )
    lines.append(f"tool {_string_literal(tool.name)} {{")
    parameters = tool.parameters
    if parameters:
        lines.append(f"{INDENT}// Arguments (use them as NAME.value, NAME.tags, ...):")
        name_width = max(len(_shown_name(parameter)) for parameter in parameters)
        lines.extend(_parameter_line(parameter, name_width, width) for parameter in parameters)
    else:
        lines.append(f"{INDENT}// No arguments.")
    lines.append(f"{INDENT}{PLACEHOLDER}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _parameter_line(parameter: Parameter, name_width: int, width: int) -> str:
    """`//   name   type, required - description`, names padded to one column."""
    from sqrt_tools.safe_text import escape_control

    facts = [_describe_type(parameter.schema), "required" if parameter.required else "optional"]
    if not parameter.is_sqrt_name:
        facts.append("not a SQRT name, so no rule can refer to it")
    head = f"{INDENT}//   {_shown_name(parameter).ljust(name_width)}  {', '.join(facts)}"
    description = escape_control(parameter.description, keep_newlines=False)
    line = f"{head} - {description}" if description else head
    return line if len(line) <= width else line[: width - 3].rstrip() + "..."


def _shown_name(parameter: Parameter) -> str:
    from sqrt_tools.safe_text import escape_control

    return escape_control(parameter.name, keep_newlines=False)


def _describe_type(schema: Any, depth: int = 0) -> str:
    """A JSON Schema's type in a few words: `string`, `array of string`, `one of "a", "b"`."""
    if not isinstance(schema, dict) or depth > _MAX_TYPE_DEPTH:
        return "any"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        shown = ", ".join(json.dumps(value, ensure_ascii=False) for value in enum[:_MAX_ENUM])
        return f"one of {shown}{', ...' if len(enum) > _MAX_ENUM else ''}"
    if "const" in schema:
        return f"always {json.dumps(schema['const'], ensure_ascii=False)}"
    kind = schema.get("type")
    if isinstance(kind, list) and kind:
        return " or ".join(_describe_type({**schema, "type": item}, depth + 1) for item in kind)
    if kind == "array":
        items = schema.get("items")
        return f"array of {_describe_type(items, depth + 1)}" if items else "array"
    if isinstance(kind, str):
        fmt = schema.get("format")
        return f"{kind} ({fmt})" if isinstance(fmt, str) else kind
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return " or ".join(_describe_type(option, depth + 1) for option in options)
    reference = schema.get("$ref")
    if isinstance(reference, str):
        return f"see {reference.rsplit('/', 1)[-1]}"
    return "any"


def _string_literal(text: str) -> str:
    """`text` as a SQRT string: a backslash escapes the next character."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, prefix: str, width: int) -> list[str]:
    """Lines of at most `width` columns; a `code span` is never split across lines."""
    glued = _CODE_SPAN.sub(lambda match: match.group(0).replace(" ", _NO_BREAK), text)
    lines = textwrap.wrap(
        glued,
        width=width,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_NO_BREAK, " ") for line in lines]


def _format_options(where: Path) -> FormatOptions:
    """The formatter options of the project the skeleton goes into (`[tool.sqrt.format]`)."""
    from sqrt_tools.config import ConfigError, find_config
    from sqrt_tools.format import FormatError, FormatOptions

    try:
        return FormatOptions.from_config(find_config(where).section("format"))
    except (ConfigError, FormatError) as exc:
        _fail(str(exc))


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt scaffold: {escape_control(message, keep_newlines=False)}\n")
    raise typer.Exit(code)
