"""The format-1 bundle writer exactly as caseterm wrote it before format 2 (session 5): what an
older caseterm's bundle looks like, for the tests that such bundles still import."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from caseterm.core.bundle import MAGIC, SIG_CONTEXT, KeyPair, _canonical, _key

FORMAT = 1


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _pieces(value: Any) -> Iterator[str]:
    """The canonical JSON text of `value` (the same characters as _canonical), in pieces:
    a top-level object's lists item by item, each item by the C encoder (the pure-Python
    `iterencode` took most of an export's time)."""
    encode = _ENCODER.encode
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        yield encode(value)
        return
    yield "{"
    for n, key in enumerate(sorted(value)):
        yield ("," if n else "") + encode(key) + ":"
        item = value[key]
        if isinstance(item, list):
            yield "["
            for i, element in enumerate(item):
                yield ("," if i else "") + encode(element)
            yield "]"
        else:
            yield encode(item)
    yield "}"


def _compressed(value: Any) -> bytes:
    """zlib of the canonical JSON, encoded piece by piece (the whole JSON text of a large
    change set is never held in memory at once)."""
    deflate = zlib.compressobj(6)
    parts: list[bytes] = []
    pending: list[str] = []
    size = 0
    for chunk in _pieces(value):
        pending.append(chunk)
        size += len(chunk)
        if size >= 1 << 16:
            parts.append(deflate.compress("".join(pending).encode()))
            pending, size = [], 0
    parts.append(deflate.compress("".join(pending).encode()))
    parts.append(deflate.flush())
    return b"".join(parts)


def seal(manifest: dict[str, Any], changeset: Any, *, sender: str, recipient: str,
         keys: KeyPair, recipient_box_public: bytes, fmt: int = 1) -> bytes:
    """The bundle bytes: `changeset` (JSON-able) signed by `keys`, encrypted to the recipient.
    `manifest` gets the envelope's own fields (sender, recipient, format, payload hash)."""
    payload = _compressed(changeset)
    manifest = dict(manifest, sender=sender, recipient=recipient, format=fmt,
                    payload_sha256=hashlib.sha256(payload).hexdigest(),
                    payload_length=len(payload))
    mbytes = _canonical(manifest)
    mlen = struct.pack(">I", len(mbytes))
    signature = Ed25519PrivateKey.from_private_bytes(keys.sign_private).sign(
        SIG_CONTEXT + mlen + mbytes + payload)
    inner = b"".join((mlen, mbytes, payload, signature))
    del payload
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_box_public))
    nonce = os.urandom(12)
    header = _canonical({"format": fmt, "sender": sender, "recipient": recipient,
                         "eph": eph_public.hex(), "nonce": nonce.hex(),
                         "length": len(inner) + 16})
    aad = MAGIC + bytes([fmt]) + struct.pack(">I", len(header)) + header
    ciphertext = ChaCha20Poly1305(_key(shared, eph_public, recipient_box_public)).encrypt(
        nonce, inner, aad)
    return aad + ciphertext


