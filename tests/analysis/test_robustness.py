"""No program makes the analysis fail: whatever Python the planner (or a user) writes,
the analysis reports what it cannot follow and goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import analyse

ROOT = Path(__file__).resolve().parents[2]
POLICY = (
    'tool r"^.*$" { should allow when x.value in {"a"}; result { @tags |= {"t"}; } '
    'session after { @tags |= {"s"}; } }'
)

UNUSUAL = {
    "match": "match x:\n    case 1:\n        send(a=1)\n",
    "lambda": "f = lambda y: y + 1\nsend(a=f(2))\n",
    "async": "async def g():\n    await send(a=1)\n",
    "global": "global q\nq = 1\n",
    "try star": "try:\n    send(a=1)\nexcept* ValueError:\n    pass\n",
    "walrus": "[y := send(a=i) for i in range(3)]\nsend(b=y)\n",
    "del": "x = [1]\ndel x[0]\ndel x\nsend(a=x)\n",
    "starred": "a, *rest = fetch()\nsend(*rest, **{'k': a})\n",
    "nested": "x = " + "[" * 90 + "fetch()" + "]" * 90 + "\nsend(a=x)\n",
    "huge repeat": "x = 'a' * 10**12\nsend(a=x)\n",
    "while": "n = 0\nwhile n < fetch():\n    n += 1\n    send(a=n)\nelse:\n    send(b=n)\n",
    "not python": "send(a=\n",
}


@pytest.mark.parametrize("program", UNUSUAL.values(), ids=list(UNUSUAL))
def test_unusual_programs_are_analysed_or_refused_in_words(program: str) -> None:
    analysis = analyse(program, POLICY)
    if analysis.parse_error is not None:
        assert analysis.parse_error == "the program is not valid Python"
    else:
        assert all(
            call.prediction.outcome in ("allowed", "denied", "depends") for call in analysis.calls
        )


def test_the_projects_own_python_files_analyse_without_failing() -> None:
    sources = sorted((ROOT / "sqrt_tools" / "analysis").glob("*.py"))
    assert sources
    for source in sources:
        analysis = analyse(source.read_text(encoding="utf-8"), POLICY)
        assert analysis.parse_error is None
        assert analysis.outside  # imports, definitions: reported, not followed


def test_outside_constructs_are_named_with_their_line() -> None:
    analysis = analyse(UNUSUAL["match"] + UNUSUAL["lambda"], POLICY)
    assert [(item.line, item.construct) for item in analysis.outside] == [
        (1, "Match"),
        (4, "Lambda"),
    ]
    assert analysis.outside[0].message == "a `match` statement: its cases are not analysed"
