"""`python -m sqrt_tools` runs the `sqrt` command line."""

from sqrt_tools.cli.app import main

main()
