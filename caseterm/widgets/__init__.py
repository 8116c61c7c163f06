"""Reusable widgets: safe text, form fields, the translating footer."""
