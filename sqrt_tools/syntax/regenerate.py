"""`python -m sqrt_tools.syntax.regenerate`: rewrite the parser tables after a grammar edit."""

from sqrt_tools.syntax.tables import main

if __name__ == "__main__":
    raise SystemExit(main())
