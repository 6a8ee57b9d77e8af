"""Finding policy test files: `*.sqrt-test.yaml` (or `.yml`) under the given paths."""

from __future__ import annotations

from pathlib import Path

TEST_SUFFIXES = (".sqrt-test.yaml", ".sqrt-test.yml")
POLICY_SUFFIX = ".sqrt"


class DiscoveryError(Exception):
    """A path that does not exist or has no tests; the message is one line."""


def is_test_file(path: Path) -> bool:
    return path.name.endswith(TEST_SUFFIXES)


def tests_for_policy(policy: Path) -> list[Path]:
    """The test files next to a policy file, named after it."""
    stem = policy.name.removesuffix(POLICY_SUFFIX)
    return [
        candidate
        for suffix in TEST_SUFFIXES
        if (candidate := policy.with_name(stem + suffix)).is_file()
    ]


def discover(paths: list[str]) -> list[Path]:
    """Test files: directories are searched recursively (hidden ones skipped), a test
    file is taken as given, and a policy file stands for the test files named after it."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                child
                for child in sorted(path.rglob("*.sqrt-test.y*ml"))
                if is_test_file(child)
                and child.is_file()
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
        elif path.is_file() and is_test_file(path):
            found.append(path)
        elif path.is_file() and path.name.endswith(POLICY_SUFFIX):
            tests = tests_for_policy(path)
            if not tests:
                raise DiscoveryError(
                    f"{raw}: no test file next to it (expected {path.name[:-5]}.sqrt-test.yaml)"
                )
            found.extend(tests)
        elif path.exists():
            raise DiscoveryError(f"{raw}: not a policy test file (*.sqrt-test.yaml)")
        else:
            raise DiscoveryError(f"{raw}: no such file or directory")
    unique: list[Path] = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique
