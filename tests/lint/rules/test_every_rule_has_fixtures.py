"""Every rule has its fixture test: a rule added without one fails here."""

from __future__ import annotations

from sqrt_tools.lint import RULES
from sqrt_tools.lint.rule import FixAvailability
from tests.lint.rules.fixture import HERE


def test_every_rule_has_fires_and_silent_fixtures_and_a_test_beside_them() -> None:
    missing = []
    for rule in RULES:
        module = rule.name.replace("-", "_")
        expected = [HERE / module / "fires.sqrt", HERE / module / "silent.sqrt"]
        expected.append(HERE / f"test_{module}.py")
        missing += [str(path.relative_to(HERE)) for path in expected if not path.is_file()]
        test = HERE / f"test_{module}.py"
        fixable = rule.fix is not FixAvailability.NONE
        if fixable and test.is_file() and "def test_fix()" not in test.read_text("utf-8"):
            missing.append(f"test_{module}.py: test_fix")
    assert missing == []
