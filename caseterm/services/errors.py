"""What the screens and commands say when storage fails: the one mapping (db/errors.py) from
driver errors to short, true messages, offered at the door."""

from __future__ import annotations

from caseterm.db.errors import DatabaseBusy, StorageError, describe, user_message

__all__ = ["DatabaseBusy", "StorageError", "describe", "user_message"]
