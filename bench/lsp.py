"""Language server latency, driven over stdio like an editor drives it.

Run: python bench/lsp.py [--requests 100] [--lines 2000]
Starts `python -m sqrt_tools lsp`, opens a policy of about 2,000 lines (the examples
repeated, each copy with its own `let` and tool names, so it is one clean policy),
and measures, over `--requests` rounds each:

- diagnostics: from sending a `didChange` to receiving its `publishDiagnostics`
  (every change after a quiet spell, as when a user pauses, so the debounce lets it
  through at once);
- hover, completion and go to definition at positions spread over the file;
- whole-document formatting.

For each it prints the median and the 95th percentile, the in-process time of the
same work through the same functions the server calls (the baseline, measured in this
run), their ratio (what JSON-RPC, the event loop and the process boundary add), and
the issue's target. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from bench.corpus import example_sources

# Targets of issue 5, in milliseconds of the median.
TARGETS = {"diagnostics": 100.0, "hover": 20.0, "completion": 20.0, "definition": 20.0}
URI = "file:///bench/policy.sqrt"


def renamed(source: str, suffix: str) -> str:
    """`source` with every `let` name and plain tool id suffixed (one copy's names)."""
    from sqrt_tools import parse
    from sqrt_tools.syntax import ast

    edits: list[tuple[int, int, str]] = []
    for node in parse(source).program.walk():
        if isinstance(node, ast.LetDecl):
            edits.append((node.name.span.start, node.name.span.end, node.name.text + suffix))
        elif isinstance(node, ast.NameRef):
            edits.append((node.span.start, node.span.end, node.name + suffix))
        elif isinstance(node, ast.ToolPolicy | ast.ToolShorthand) and node.tool_id.kind == "":
            span = node.tool_id.span
            edits.append((span.start + 1, span.end - 1, node.tool_id.value + suffix))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def build_policy(lines: int) -> str:
    pieces: list[str] = []
    count = 0
    copy = 0
    while count < lines:
        for source in example_sources():
            if count >= lines:
                break
            text = renamed(source, f"_{copy}")
            text = text if text.endswith("\n") else text + "\n"
            pieces.append(text)
            count += text.count("\n")
        copy += 1
    return "".join(pieces)


def name_positions(text: str, count: int) -> list[tuple[int, types.Position]]:
    """Offsets and LSP positions of `count` `let` name uses spread over the text."""
    from sqrt_tools import parse
    from sqrt_tools.server.positions import Positions
    from sqrt_tools.syntax import ast

    uses = [node for node in parse(text).program.walk() if isinstance(node, ast.NameRef)]
    step = max(1, len(uses) // count)
    chosen = (uses[::step] * (count // max(1, len(uses[::step])) + 1))[:count]
    positions = Positions(text)
    return [(node.span.start + 1, positions.position(node.span.start + 1)) for node in chosen]


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def in_process(text: str, where: list[tuple[int, types.Position]]) -> dict[str, list[float]]:
    """The same work through the server's own functions, without the protocol."""
    from sqrt_tools.server import completion, formatting, hover, navigation
    from sqrt_tools.server.analysis import Analysis
    from sqrt_tools.server.settings import Settings

    def fresh() -> Analysis:
        return Analysis(URI, text, 1, "utf-16", Settings())

    samples: dict[str, list[float]] = {name: [] for name in (*TARGETS, "formatting")}
    for _ in range(5):
        start = time.perf_counter()
        _ = fresh().diagnostics
        samples["diagnostics"].append(time.perf_counter() - start)
    analysis = fresh()
    _ = analysis.diagnostics, analysis.model
    actions: dict[str, Callable[[int], object]] = {
        "hover": lambda offset: hover.hover_text(analysis, offset),
        "completion": lambda offset: completion.complete(analysis, offset, True),
        "definition": lambda offset: navigation.definition(analysis, offset),
    }
    for name, action in actions.items():
        for offset, _position in where:
            start = time.perf_counter()
            action(offset)
            samples[name].append(time.perf_counter() - start)
    for _ in range(3):
        start = time.perf_counter()
        formatting.format_document(analysis)
        samples["formatting"].append(time.perf_counter() - start)
    return samples


class Bench:
    def __init__(self, client: LanguageClient, text: str) -> None:
        self.client = client
        self.text = text
        self.version = 1
        self.published: dict[int, asyncio.Future[None]] = {}

        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            self._on_publish(params)

        register = client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        register(on_publish)  # a plain function: pygls marks the handler it registers

    def _on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        waiting = self.published.get(params.version or 0)
        if waiting is not None and not waiting.done():
            waiting.set_result(None)

    def expect_publish(self, version: int) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.published[version] = future
        return future

    async def diagnostics_after_change(self, rounds: int, quiet: float) -> list[float]:
        # Toggle one space at the start of a line in the middle: the text stays valid.
        line = self.text[: len(self.text) // 2].count("\n")
        samples: list[float] = []
        for index in range(rounds):
            self.version += 1
            insert = index % 2 == 0
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    types.Position(line, 0), types.Position(line, 0 if insert else 1)
                ),
                text=" " if insert else "",
            )
            waiting = self.expect_publish(self.version)
            start = time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(
                        uri=URI, version=self.version
                    ),
                    content_changes=[change],
                )
            )
            await asyncio.wait_for(waiting, 30)
            samples.append(time.perf_counter() - start)
            await asyncio.sleep(quiet)  # a pause, as between a user's edits
        return samples

    async def requests(
        self,
        where: list[tuple[int, types.Position]],
        send: Callable[[types.Position], Awaitable[object]],
    ) -> list[float]:
        samples: list[float] = []
        for _offset, position in where:
            start = time.perf_counter()
            await send(position)
            samples.append(time.perf_counter() - start)
        return samples


async def run(text: str, rounds: int) -> dict[str, list[float]]:
    from sqrt_tools.server.diagnostics import QUIET_SECONDS

    client = LanguageClient("sqrt-bench", "1")
    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "sqrt_tools", "lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    print(f"server start and initialize: {(time.perf_counter() - started) * 1000:.0f} ms")
    bench = Bench(client, text)
    opened = bench.expect_publish(1)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="sqrt", version=1, text=text)
        )
    )
    await asyncio.wait_for(opened, 60)
    document = types.TextDocumentIdentifier(uri=URI)
    where = name_positions(text, rounds)
    samples: dict[str, list[float]] = {}
    samples["diagnostics"] = await bench.diagnostics_after_change(rounds, QUIET_SECONDS * 1.5)
    # Requests on one version: the analysis they share is built by the first one.
    samples["hover"] = await bench.requests(
        where,
        lambda p: client.text_document_hover_async(
            types.HoverParams(text_document=document, position=p)
        ),
    )
    samples["completion"] = await bench.requests(
        where,
        lambda p: client.text_document_completion_async(
            types.CompletionParams(text_document=document, position=p)
        ),
    )
    samples["definition"] = await bench.requests(
        where,
        lambda p: client.text_document_definition_async(
            types.DefinitionParams(text_document=document, position=p)
        ),
    )
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    samples["formatting"] = await bench.requests(
        where,
        lambda _p: client.text_document_formatting_async(
            types.DocumentFormattingParams(text_document=document, options=options)
        ),
    )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="rounds per measurement")
    parser.add_argument("--lines", type=int, default=2000, help="size of the policy")
    arguments = parser.parse_args()
    text = build_policy(arguments.lines)
    print(f"policy: {text.count(chr(10)):,} lines, {len(text.encode()) / 1024:,.0f} KiB")
    where = name_positions(text, arguments.requests)
    baseline = in_process(text, where)
    served = asyncio.run(run(text, arguments.requests))
    print(
        f"{'':<13}{'median':>9}{'p95':>9}{'in-process':>12}{'ratio':>8}{'target':>10}"
        f"   (ms; {arguments.requests} rounds)"
    )
    missed = False
    for name, samples in served.items():
        median, p95 = summary(samples)
        base, _ = summary(baseline[name])
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = median * 1000 < target
            missed = missed or not ok
            verdict = f"{'< ' if ok else '> '}{target:.0f} {'ok' if ok else 'MISSED'}"
        print(
            f"{name:<13}{median * 1000:9.1f}{p95 * 1000:9.1f}{base * 1000:12.1f}"
            f"{median / base if base else 0:7.1f}x   {verdict}".rstrip()
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
