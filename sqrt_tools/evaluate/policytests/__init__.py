"""Policy tests: YAML files of tool calls and the verdicts a policy must give them.

`load_test_file` reads one `*.sqrt-test.yaml` (schema in the README, "Evaluating and
testing policies"); `run_test_file` runs it; `sqrt_tools.present.policytests` renders
the outcomes as text (like pytest), JSON or JUnit XML.
"""

from sqrt_tools.evaluate.policytests.discover import TEST_SUFFIXES, discover
from sqrt_tools.evaluate.policytests.load import (
    CallSpec,
    CaseSpec,
    Expectation,
    PolicyTestFile,
    PolicyTestFileError,
    load_test_file,
)
from sqrt_tools.evaluate.policytests.run import (
    CallOutcome,
    CaseOutcome,
    FileOutcome,
    Mismatch,
    run_test_file,
)

__all__ = [
    "TEST_SUFFIXES",
    "CallOutcome",
    "CallSpec",
    "CaseOutcome",
    "CaseSpec",
    "Expectation",
    "FileOutcome",
    "Mismatch",
    "PolicyTestFile",
    "PolicyTestFileError",
    "discover",
    "load_test_file",
    "run_test_file",
]
