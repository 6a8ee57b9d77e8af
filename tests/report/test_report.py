"""The run report page and the dataflow picture's source, on the example runs and on a
hostile run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sqrt_tools.evaluate.inspect_bridge import load_policy_file
from sqrt_tools.report.graph import build_graph
from sqrt_tools.report.hostile import HOSTILE_TEXTS, hostile_run
from sqrt_tools.report.page import render
from sqrt_tools.report.run import decoded_report, plan_for
from sqrt_tools.results import DecodedResult, decode_stream

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results"
DENIAL = RESULTS / "denial.chat.json"
CONFIDENTIAL = RESULTS / "policies" / "confidential-email.sqrt"
RUN_FILES = sorted(
    path
    for path in RESULTS.iterdir()
    if path.is_file() and path.suffix != ".md" and "malformed" not in path.name
)


def _decoded(path: Path) -> list[DecodedResult]:
    with path.open("rb") as stream:
        found = list(decode_stream(stream, source=str(path)))
    assert all(isinstance(item, DecodedResult) for item in found)
    return [item for item in found if isinstance(item, DecodedResult)]


class _Tags(HTMLParser):
    """Counts the elements of a page and collects every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attributes += [(name, value or "") for name, value in attrs]


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("path", RUN_FILES, ids=lambda path: path.name)
def test_every_example_run_renders_a_self_contained_page(path: Path) -> None:
    for decoded in _decoded(path):
        page = render(decoded_report(decoded, None))
        parsed = _parse(page)
        assert parsed.tags.get("script") == 1  # ours, inline
        assert not any(
            name in ("src", "href") and "//" in value for name, value in parsed.attributes
        )
        assert f">{decoded.outcome}<" in page
        assert len(page.encode()) < 500_000


def test_the_denial_picture_shows_the_path_from_the_confidential_read_to_the_denied_call() -> None:
    decoded = _decoded(DENIAL)[0]
    policy = load_policy_file(str(CONFIDENTIAL))
    plan = plan_for(decoded, policy)
    assert plan is not None
    graph = build_graph(plan, [])
    on_path = [node.label for node in graph.nodes if node.on_path]
    assert on_path == ["read_file", "report", "parse_with_ai", "summary", "body", "send_email"]
    assert [node.label for node in graph.nodes if not node.on_path] == ["final_return_value"]
    denied = [node for node in graph.nodes if node.outcome == "denied"]
    assert [node.label for node in denied] == ["send_email"]
    page = render(decoded_report(decoded, policy))
    assert 'class="line denied" id="line-8"' in page
    assert "must deny when body.tags overlaps {&quot;confidential&quot;}" in page


def test_hostile_values_are_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    run = tmp_path / "hostile.json"
    run.write_text(hostile_run(30))
    decoded = _decoded(run)[0]
    page = render(decoded_report(decoded, None))
    parsed = _parse(page)
    assert parsed.tags.get("script") == 1
    assert "img" not in parsed.tags and "h1" in parsed.tags and parsed.tags["h1"] == 1
    assert not any("javascript:" in value for _, value in parsed.attributes)
    assert not any(name.startswith("on") for name, _ in parsed.attributes)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x00" not in page and "\u202e" not in page
    assert "\\x1b[31mred" in page  # control characters shown visibly
    for text in HOSTILE_TEXTS[:3]:
        assert text not in page


def _sqrt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sqrt_tools", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_graph_prints_the_pictures_source_in_mermaid_and_dot() -> None:
    mermaid = _sqrt("inspect", str(DENIAL), "--graph", "mermaid")
    assert mermaid.returncode == 0, mermaid.stderr
    assert mermaid.stdout.startswith("flowchart LR\n")
    assert '-->|"argument #96;body#96;"|' in mermaid.stdout
    dot = _sqrt("plan", str(DENIAL), "--policy", str(CONFIDENTIAL), "--graph", "dot")
    assert dot.stdout.startswith("digraph dataflow {"), dot.stderr
    assert dot.stdout.count("->") == 5
    wrong = _sqrt("inspect", str(DENIAL), "--graph", "png")
    assert wrong.returncode == 2
    assert wrong.stderr == "sqrt inspect: --graph must be mermaid or dot, not 'png'\n"


def test_inspect_and_plan_write_the_page(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = _sqrt("inspect", str(DENIAL), "--html", str(page))
    assert done.stderr == f"sqrt inspect: wrote {page}\n"
    assert "deciding rule" in page.read_text()
    planned = tmp_path / "plan.html"
    done = _sqrt("plan", str(DENIAL), "--policy", str(CONFIDENTIAL), "--html", str(planned))
    assert done.returncode == 1  # a call is predicted denied
    assert "predicted denial, line 8" in planned.read_text()


def test_the_picture_is_an_inline_svg_when_dot_is_installed() -> None:
    if shutil.which("dot") is None:
        from tests.editors.tools import missing

        missing("Graphviz dot (Debian: graphviz)")
    page = render(decoded_report(_decoded(DENIAL)[0], None))
    parsed = _parse(page)
    assert parsed.tags.get("svg") == 1
    assert parsed.tags.get("g", 0) >= 7
