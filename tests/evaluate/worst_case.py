"""The 200-rule policy and the 1,000 calls of bench/evaluate.py, shared with the tests.

The differential test decides these calls with the optimised and the plain evaluator;
the benchmark times them. They live with the tests, and the benchmark imports them.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqrt_tools.evaluate import Argument, Call, Meta
from sqrt_tools.sets import UNIVERSAL, ElementSet

RULES = 200
TOOLS = 25
CALLS = 1_000

LETS = """\
let sensitive = {"confidential", "pii", "secret", "internal_use"};
let trusted = {str like w"*@acme-corp.com", str like w"*@eu.acme-corp.com"};
let sizes = int 1..12;
let window = datetime d"2025-01-01T00:00:00Z"..<d"2026-01-01T00:00:00Z";
let ids = {str matching r"^[A-Z]{2}-[0-9]{4,8}$" length 7..11};
let risky = ({"untrusted", "web"} | {"__llm_blocked"}) - {"reviewed"};
"""

# Eight rule shapes, each a function of a number so that constants differ.
SHAPES: list[Callable[[int], str]] = [
    lambda n: (
        f'must deny when body.tags overlaps sensitive with "l{n}" and not to.value in trusted;'
    ),
    lambda n: f"must deny when amount.value in {{float {n * 10}.5..inf}};",
    lambda n: f"should deny when not count.value in sizes or count.value == {n};",
    lambda n: f'should allow when ref.value in ids and "step{n % 5}" in @session.tags;',
    lambda n: f'hard deny when @args.tags overlaps risky with "f{n}" and at.value in window;',
    lambda n: f'soft deny when union of producers from args overlaps {{"web", "src{n}"}};',
    lambda n: f'must deny when to.value in {{w"*@evil{n}.example", r"^spam[0-9]+@.*$"}};',
    lambda n: (
        f"should deny when body.consumers is empty or not body.producers subset of "
        f'{{"crm", "ledger", "src{n}"}};'
    ),
]


def generated_policy(every_rule_applies: bool) -> str:
    """200 rules in policies of eight: 20 exact tool ids and 5 regex ids."""
    lines = [LETS]
    rule = 0
    for index in range(RULES // 8):
        if every_rule_applies:
            tool_id = 'r"^tool_[0-9]+$"'
        elif index < 20:
            tool_id = f'"tool_{index}"'
        else:
            tool_id = f'r"^tool_[0-9]*[{index % 5}{(index + 5) % 10}]$"'
        body = [f"    priority {index};"]
        if index % 4 == 0:
            body.append('    session before { when "step1" in @tags { @tags |= {"step2"}; } }')
            body.append('    result { @tags |= {"seen"}; @consumers &= to.consumers; }')
        for shape in SHAPES:
            body.append("    " + shape(rule))
            rule += 1
        lines.append(f"tool {tool_id} {{\n" + "\n".join(body) + "\n}")
    assert rule == RULES
    return "\n".join(lines)


def generated_calls(seed: int = 8) -> list[Call]:
    rng = random.Random(seed)
    tags = ["confidential", "untrusted", "reviewed", "web", "public", "pii"]
    producers = ["crm", "ledger", "web", "src3", "mail"]
    calls = []
    for _ in range(CALLS):
        meta = Meta(
            ElementSet(rng.sample(tags, rng.randint(0, 2))),
            ElementSet(rng.sample(producers, rng.randint(0, 2))),
            UNIVERSAL if rng.random() < 0.7 else ElementSet(["bob", "carol"]),
        )
        args = {
            "body": Argument("text", meta),
            "to": Argument(rng.choice(["bob@acme-corp.com", "eve@evil3.example", "x@y.z"])),
            "amount": Argument(rng.uniform(0, 3000)),
            "count": Argument(rng.randint(0, 20)),
            "ref": Argument(rng.choice(["AB-12345", "nope", "CD-99999999"])),
            "at": Argument(rng.choice(["2025-06-01T10:00:00Z", "2024-01-01", 1767225600])),
        }
        session = Meta(ElementSet(rng.sample(["step1", "step2", "step3"], rng.randint(0, 2))))
        calls.append(Call(f"tool_{rng.randrange(TOOLS)}", args, session))
    return calls
