"""The parts of an inspection, in the order they are shown; `--only` picks among them.

A module of its own (no rich import) so that the command line can validate `--only`
without loading the renderer.
"""

SECTIONS = (
    "status",
    "error",
    "value",
    "meta",
    "tools",
    "program",
    "namespace",
    "session",
    "history",
    "extra",
    "trace",
)
