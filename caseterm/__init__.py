"""caseterm — keyboard-first case management for German public social services.

Nothing heavy is imported here: the CLI and the TUI import what they need lazily.
"""

__version__ = "0.1.0"
