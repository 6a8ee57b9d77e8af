"""The `sqrt` command line: a typer app with one module per command."""
