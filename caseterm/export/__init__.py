"""Printable documents (imported lazily: PDF libraries load only when something is printed)."""
