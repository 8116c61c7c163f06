"""Strict schemas of the files caseterm reads (pydantic v2; no Textual, no database).

Each `read_*` reads a file with size, encoding and nesting limits, checks the form of every
field, then hands the content to the rules in caseterm.core. Any problem raises
core.validate.InputError with one message per wrong field; nothing is written.
"""
