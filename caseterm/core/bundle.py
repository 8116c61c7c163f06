"""The bundle envelope (USB stick exchange): sign, then encrypt, with the recipient inside the
signed content. Pure: bytes in, bytes out; no files, no database.

This caseterm writes format 2 (core/bundle_stream.py: written and read in pieces, bounded
memory) and reads formats 1 and 2; a bundle of a newer format is refused ("newer").

Layout of a format-1 bundle file (an older caseterm's; still read)::

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
import struct
import zlib
from collections.abc import Callable
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
FORMAT = 2  # the newest envelope format this caseterm reads (and writes)
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


# ---------------------------------------------------------------- opening


@dataclass(frozen=True)
class Header:
    format: int
    sender: str
    recipient: str
    eph: bytes
    nonce: bytes  # format 1: the nonce; format 2: the chunks' nonce prefix (7 bytes)
    length: int
    end: int  # where the ciphertext starts
    chunk: int = 0  # format 2: plaintext bytes per chunk


Reader = Callable[[int, int], bytes]  # (offset, length) -> the bytes there


def _damaged() -> BundleRefused:
    return BundleRefused("damaged", _(
        "The bundle's header is damaged (changed or not written completely). Nothing was "
        "imported. Export the bundle again."))


def _truncated() -> BundleRefused:
    return BundleRefused("truncated", _(
        "The bundle is incomplete (cut off, e.g. the stick was pulled while writing). Nothing "
        "was imported. Copy or export the bundle again."))


def tampered() -> BundleRefused:
    return BundleRefused("tampered", _(
        "The bundle was changed after it was made (or encrypted for another key). Nothing "
        "was imported."))


def newer_refusal() -> BundleRefused:
    return BundleRefused("newer", _(
        "This bundle was made by a newer caseterm: update first. Nothing was imported."))


def read_header(data: bytes) -> Header:
    """The clear header of bundle bytes (see header_of)."""
    return header_of(lambda at, n: data[at:at + n], len(data))


def header_of(read: Reader, size: int) -> Header:
    """The clear header, after the checks that need no key (not a bundle, cut off, extra bytes
    appended, a newer format)."""
    start = read(0, len(MAGIC))
    if len(start) < len(MAGIC):
        if MAGIC.startswith(start) and start:
            raise _truncated()
        raise BundleRefused("not_bundle", _("This file is not a caseterm bundle."))
    if start != MAGIC:
        raise BundleRefused("not_bundle", _("This file is not a caseterm bundle."))
    if size < PREFIX:
        raise _truncated()
    prefix = read(0, PREFIX)
    fmt = prefix[len(MAGIC)]
    if fmt > FORMAT:
        raise newer_refusal()
    if fmt < 1:
        raise _damaged()
    (hlen,) = struct.unpack(">I", prefix[len(MAGIC) + 1:PREFIX])
    if hlen > MAX_HEADER:
        raise _damaged()
    end = PREFIX + hlen
    if size < end:
        raise _truncated()
    try:
        head = json.loads(read(PREFIX, hlen).decode("utf-8"))
        header = Header(int(head["format"]), str(head["sender"]), str(head["recipient"]),
                        bytes.fromhex(head["eph"]), bytes.fromhex(head["nonce"]),
                        int(head["length"]), end, int(head.get("chunk", 0)))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise _damaged() from None
    nonce = 12 if fmt == 1 else 7
    if header.format != fmt or len(header.eph) != 32 or len(header.nonce) != nonce \
            or header.length < 16 or (fmt > 1 and not 1024 <= header.chunk <= 1 << 24):
        raise _damaged()
    if size < end + header.length:
        raise _truncated()
    if size > end + header.length:
        raise BundleRefused("appended", _(
            "The bundle has extra bytes appended after its end. Nothing was imported."))
    return header


@dataclass(frozen=True)
class Opened:
    header: Header
    manifest: dict[str, Any]
    changeset: Any  # format 2: a bundle_stream.Streamed (read item by item)


def open_bundle(data: bytes, *, me: str, box_private: bytes,
                signer: Callable[[str], Signer | None]) -> Opened:
    """Check, decrypt and verify bundle bytes addressed to device `me` (see open_source)."""
    return open_source(lambda at, n: data[at:at + n], len(data), me=me,
                       box_private=box_private, signer=signer)


def open_source(read: Reader, size: int, *, me: str, box_private: bytes,
                signer: Callable[[str], Signer | None]) -> Opened:
    """Check, decrypt and verify a bundle of `size` bytes, read through `read`, addressed to
    device `me`; the manifest and change set, or BundleRefused. Format 2 is checked whole
    here and its change set read again, item by item, when it is applied."""
    header = header_of(read, size)
    if header.recipient != me:
        raise _wrong_recipient()
    if header.format >= 2:
        from caseterm.core.bundle_stream import open_stream

        manifest, changeset = open_stream(header, read, me=me, box_private=box_private,
                                          signer=signer)
        return Opened(header, manifest, changeset)
    data = read(0, size)
    private = X25519PrivateKey.from_private_bytes(box_private)
    my_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(header.eph))
        inner = ChaCha20Poly1305(_key(shared, header.eph, my_public)).decrypt(
            header.nonce, data[header.end:], data[:header.end])
    except (InvalidTag, ValueError):
        raise tampered() from None
    del data
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
    known = check_signer(header, sender, mformat, signer)
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


def check_signer(header: Header, sender: str, mformat: int,
                 signer: Callable[[str], Signer | None]) -> Signer:
    """The signed manifest agrees with the clear header, and its sender is a known device
    whose key is not revoked."""
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
    return known


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


def seal(manifest: dict[str, Any], changeset: dict, **kw: Any) -> bytes:
    """The bundle bytes of a small change set (format 2: core/bundle_stream.py `seal`)."""
    from caseterm.core.bundle_stream import seal as seal2

    return seal2(manifest, changeset, **kw)

__all__ = ["BundleRefused", "KeyPair", "Opened", "Signer", "open_bundle", "open_source", "seal"]
