"""The browser side of `caseterm serve --lab`: textual-serve runs one trainee's app per browser
session. Kept out of caseterm.commands, which never imports the UI."""

from __future__ import annotations


def serve_in_browser(command: str, host: str, port: int, title: str, public_url: str) -> None:
    """Serve `command` on host:port until Ctrl+C."""
    from textual_serve.server import Server

    Server(command, host=host, port=port, title=title, public_url=public_url).serve()
