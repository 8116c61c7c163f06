"""The method's rules in plain Python: no Textual, no SQL.

Modules here may import only the standard library, each other and small pure libraries
(holidays, rapidfuzz). A test keeps it so.
"""
