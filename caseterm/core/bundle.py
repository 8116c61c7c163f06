"""The bundle envelope (USB stick exchange): sign, then encrypt, with the recipient inside the
signed content. Pure: bytes in, bytes out; no files, no database.

Layout of a bundle file (format 1)::

    "CTBNDL"            6 bytes   magic
    format              1 byte    envelope format (this caseterm writes FORMAT, reads 1..FORMAT)
    header length       4 bytes   big-endian
    header              JSON      {"format", "sender", "recipient", "eph", "nonce", "length"}
    ciphertext          length    ChaCha20-Poly1305 over the inner part; AAD = everything above

The key of the ciphertext comes from X25519 between a fresh ephemeral key (`eph`) and the
recipient's X25519 key, through HKDF-SHA256. The inner part (plaintext)::

    manifest length     4 bytes   big-endian
    manifest            JSON      bundle id, sender, recipient, seq range, schema revision,
                                  counts, SHA-256 and length of the payload, caseterm version
    payload             bytes     zlib-compressed JSON change set
    signature           64 bytes  Ed25519 by the sender's device key over
                                  SIG_CONTEXT + manifest length + manifest + payload

The recipient is in the signed manifest, so a bundle decrypted by its recipient and re-encrypted
to someone else does not verify as "meant for them". Every refusal is a `BundleRefused` with a
code and a specific message; nothing is returned from a bundle that fails any check.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from caseterm.i18n import _

MAGIC = b"CTBNDL"
FORMAT = 1
PREFIX = len(MAGIC) + 1 + 4  # magic, format byte, header length
SIG_CONTEXT = b"caseterm-bundle-signature-v1\x00"
KDF_INFO = b"caseterm-bundle-key-v1"
SIG_BYTES = 64
MAX_HEADER = 4096
MAX_PAYLOAD = 2 << 30  # decompressed change set: 2 GiB at most


class BundleRefused(Exception):
    """A bundle that is not imported, with the reason as a code and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------- keys


@dataclass(frozen=True)
class KeyPair:
    """A device's private keys (raw 32 bytes each) and the public keys derived from them."""

    sign_private: bytes
    box_private: bytes

    @staticmethod
    def generate() -> KeyPair:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        def raw(key) -> bytes:
            return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

        return KeyPair(raw(Ed25519PrivateKey.generate()), raw(X25519PrivateKey.generate()))

    @property
    def sign_public(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key() \
            .public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def box_public(self) -> bytes:
        return X25519PrivateKey.from_private_bytes(self.box_private).public_key() \
            .public_bytes(Encoding.Raw, PublicFormat.Raw)

    def __repr__(self) -> str:  # never print a private key
        return "KeyPair(…)"


def fingerprint(sign_public: bytes, box_public: bytes) -> str:
    """A short check value for reading a key aloud (compare on both machines)."""
    digest = hashlib.sha256(sign_public + box_public).hexdigest()[:20].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class Signer:
    """What the receiver knows of a sender device."""

    sign_public: bytes
    revoked: bool = False


# ---------------------------------------------------------------- sealing


def _key(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=KDF_INFO).derive(shared)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


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
         keys: KeyPair, recipient_box_public: bytes, fmt: int = FORMAT) -> bytes:
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


# ---------------------------------------------------------------- opening


@dataclass(frozen=True)
class Header:
    format: int
    sender: str
    recipient: str
    eph: bytes
    nonce: bytes
    length: int
    end: int  # where the ciphertext starts


def _damaged() -> BundleRefused:
    return BundleRefused("damaged", _(
        "The bundle's header is damaged (changed or not written completely). Nothing was "
        "imported. Export the bundle again."))


def _truncated() -> BundleRefused:
    return BundleRefused("truncated", _(
        "The bundle is incomplete (cut off, e.g. the stick was pulled while writing). Nothing "
        "was imported. Copy or export the bundle again."))


def newer_refusal() -> BundleRefused:
    return BundleRefused("newer", _(
        "This bundle was made by a newer caseterm: update first. Nothing was imported."))


def read_header(data: bytes) -> Header:
    """The clear header, after the checks that need no key (not a bundle, cut off, extra bytes
    appended, a newer format)."""
    if len(data) < len(MAGIC):
        if MAGIC.startswith(data[:len(MAGIC)]) and data:
            raise _truncated()
        raise BundleRefused("not_bundle", _("This file is not a caseterm bundle."))
    if data[:len(MAGIC)] != MAGIC:
        raise BundleRefused("not_bundle", _("This file is not a caseterm bundle."))
    if len(data) < PREFIX:
        raise _truncated()
    fmt = data[len(MAGIC)]
    if fmt > FORMAT:
        raise newer_refusal()
    if fmt < 1:
        raise _damaged()
    (hlen,) = struct.unpack(">I", data[len(MAGIC) + 1:PREFIX])
    if hlen > MAX_HEADER:
        raise _damaged()
    end = PREFIX + hlen
    if len(data) < end:
        raise _truncated()
    try:
        head = json.loads(data[PREFIX:end].decode("utf-8"))
        header = Header(int(head["format"]), str(head["sender"]), str(head["recipient"]),
                        bytes.fromhex(head["eph"]), bytes.fromhex(head["nonce"]),
                        int(head["length"]), end)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise _damaged() from None
    if header.format != fmt or len(header.eph) != 32 or len(header.nonce) != 12 \
            or header.length < 16:
        raise _damaged()
    if len(data) < end + header.length:
        raise _truncated()
    if len(data) > end + header.length:
        raise BundleRefused("appended", _(
            "The bundle has extra bytes appended after its end. Nothing was imported."))
    return header


@dataclass(frozen=True)
class Opened:
    header: Header
    manifest: dict[str, Any]
    changeset: Any


def open_bundle(data: bytes, *, me: str, box_private: bytes,
                signer: Callable[[str], Signer | None]) -> Opened:
    """Check, decrypt and verify a bundle addressed to device `me`; the manifest and change set,
    or BundleRefused."""
    header = read_header(data)
    if header.recipient != me:
        raise _wrong_recipient()
    private = X25519PrivateKey.from_private_bytes(box_private)
    my_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(header.eph))
        inner = ChaCha20Poly1305(_key(shared, header.eph, my_public)).decrypt(
            header.nonce, data[header.end:], data[:header.end])
    except (InvalidTag, ValueError):
        raise BundleRefused("tampered", _(
            "The bundle was changed after it was made (or encrypted for another key). Nothing "
            "was imported.")) from None
    if len(inner) < 4 + SIG_BYTES:
        raise _damaged()
    (mlen,) = struct.unpack(">I", inner[:4])
    if 4 + mlen + SIG_BYTES > len(inner):
        raise _damaged()
    mbytes = inner[4:4 + mlen]
    payload = inner[4 + mlen:-SIG_BYTES]
    signature = inner[-SIG_BYTES:]
    try:
        manifest = json.loads(mbytes.decode("utf-8"))
        sender = str(manifest["sender"])
        recipient = str(manifest["recipient"])
        mformat = int(manifest["format"])
        digest = str(manifest["payload_sha256"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _damaged() from None
    if sender != header.sender or mformat != header.format:
        raise BundleRefused("tampered", _(
            "The bundle's signed content does not match its header. Nothing was imported."))
    known = signer(sender)
    if known is None:
        raise BundleRefused("unknown_signer", _(
            "The bundle is signed by a device this database does not know ({device}). Nothing "
            "was imported. Register the device's key first (caseterm device register)."
        ).format(device=sender[:36]))
    if known.revoked:
        raise BundleRefused("revoked_signer", _(
            "The bundle is signed by a device whose key was revoked ({device}). Nothing was "
            "imported.").format(device=sender[:36]))
    if hashlib.sha256(payload).hexdigest() != digest:
        raise BundleRefused("swapped_payload", _(
            "The bundle's content does not belong to its manifest (a swapped payload). Nothing "
            "was imported."))
    try:
        Ed25519PublicKey.from_public_bytes(known.sign_public).verify(
            signature, SIG_CONTEXT + inner[:4] + mbytes + payload)
    except (InvalidSignature, ValueError):
        raise BundleRefused("bad_signature", _(
            "The bundle's signature does not match the sender's registered key (forged or "
            "changed). Nothing was imported.")) from None
    if recipient != me:
        raise _wrong_recipient()
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(payload, MAX_PAYLOAD)
        if inflater.unconsumed_tail:
            raise ValueError("too large")
        changeset = json.loads(raw)
    except (zlib.error, ValueError):
        raise _damaged() from None
    return Opened(header, manifest, changeset)


def _wrong_recipient() -> BundleRefused:
    return BundleRefused("wrong_recipient", _(
        "This bundle is addressed to another device, not to this database. Nothing was "
        "imported."))


# ---------------------------------------------------------------- sequence bookkeeping


def contiguous_high(ranges: list[tuple[int, int]], start: int = 0) -> int:
    """The highest sequence number up to which `ranges` (applied seq ranges of one sender)
    leave no gap, starting after `start`."""
    high = start
    for lo, hi in sorted(ranges):
        if lo > high + 1:
            break
        high = max(high, hi)
    return high


def place(seq_from: int, seq_to: int, high: int) -> str:
    """Where a bundle's range stands against what is applied: "replay" (nothing new), "gap"
    (changes before it are missing: held), or "apply"."""
    if seq_to <= high:
        return "replay"
    if seq_from > high + 1:
        return "gap"
    return "apply"
