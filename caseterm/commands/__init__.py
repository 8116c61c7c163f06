"""CLI command groups. Every module here with a `register(app: typer.Typer)` function is added
to the `caseterm` command by caseterm.cli. Keep top-level imports light (typer, stdlib):
import the database, Rich tables and heavy libraries inside the command functions."""
