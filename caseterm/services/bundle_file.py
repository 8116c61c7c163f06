"""The files of bundles (split from services/bundle.py): reading a bundle in pieces, writing
one in pieces to the stick (flushed to the medium and read back), and the spool an export's
payload waits in while the manifest is made.

No client data touches the disk in clear: the spool is a temporary file encrypted with a key
that lives only in memory for the export's duration."""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from caseterm.i18n import _

READ_BLOCK = 1 << 16


class Source:
    """A bundle to import: a file (read in pieces, never whole) or bytes in memory."""

    def __init__(self, path: Path | None = None, data: bytes | None = None) -> None:
        self._data = data
        self._fh = open(path, "rb") if path is not None else None
        self.size = os.fstat(self._fh.fileno()).st_size if self._fh else len(data or b"")

    def read(self, at: int, n: int) -> bytes:
        if self._fh is None:
            return (self._data or b"")[at:at + n]
        self._fh.seek(at)
        return self._fh.read(n)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for at in range(0, self.size, READ_BLOCK):
            digest.update(self.read(at, READ_BLOCK))
        return digest.hexdigest()

    def whole(self) -> bytes:
        return self._data if self._data is not None else self.read(0, self.size)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class Spool:
    """Payload pieces in a temporary file, each encrypted with a key held only here."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()
        self._aead = ChaCha20Poly1305(ChaCha20Poly1305.generate_key())
        self._sizes: list[int] = []

    @staticmethod
    def _nonce(n: int) -> bytes:
        return struct.pack(">4xQ", n)

    def write(self, data: bytes) -> None:
        sealed = self._aead.encrypt(self._nonce(len(self._sizes)), data, None)
        self._fh.write(sealed)
        self._sizes.append(len(sealed))

    def pieces(self) -> Iterator[bytes]:
        self._fh.flush()
        self._fh.seek(0)
        for n, size in enumerate(self._sizes):
            yield self._aead.decrypt(self._nonce(n), self._fh.read(size), None)

    def close(self) -> None:
        self._fh.close()


def write_stream(path: Path, produce: Callable[[Callable[[bytes], None]], object]) -> str:
    """Write what `produce(write)` writes to `path` (through a `.part` file, flushed to the
    medium), read it back and compare (a USB stick may lie). Returns the SHA-256."""
    tmp = path.with_name(path.name + ".part")
    digest = hashlib.sha256()
    with open(tmp, "wb") as fh:
        def write(data: bytes) -> None:
            digest.update(data)
            fh.write(data)

        produce(write)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    again = hashlib.sha256()
    with open(path, "rb") as back:
        for block in iter(lambda: back.read(READ_BLOCK), b""):
            again.update(block)
    if again.digest() != digest.digest():
        raise OSError(_("The bundle read back from {path} differs from what was written: the "
                        "medium is faulty.").format(path=path))
    return digest.hexdigest()
