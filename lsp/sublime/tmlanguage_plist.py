"""Write grammars/sqrt.tmLanguage.json as the property list Sublime Text loads.

Sublime Text reads TextMate grammars as `.tmLanguage` property lists, not JSON; this
converts the one grammar of the repository instead of keeping a second copy:

    python3 lsp/sublime/tmlanguage_plist.py ~/.config/sublime-text/Packages/SQRT/SQRT.tmLanguage
"""

from __future__ import annotations

import json
import plistlib
import sys
from pathlib import Path

GRAMMAR = Path(__file__).resolve().parents[2] / "grammars" / "sqrt.tmLanguage.json"


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        sys.stderr.write("usage: tmlanguage_plist.py OUTPUT.tmLanguage\n")
        return 2
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    target = Path(arguments[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as output:
        plistlib.dump(grammar, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
