"""One repository module per aggregate. Functions take a `Database` (or, for helpers that
join a larger unit of work, a `Session`) and return plain dataclasses."""
