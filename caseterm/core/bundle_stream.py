"""The bundle envelope, format 2: written and read in pieces, so a bundle of 10,000 cases never
sits in memory whole (issue 17; format 1 is still read, core/bundle.py). Pure: the bytes come
and go through functions the caller passes in (a file's, a buffer's).

Layout of a format-2 bundle::

    "CTBNDL" | 0x02 | header length (4, big-endian) | header JSON
        {"format": 2, "sender", "recipient", "eph", "nonce" (7 bytes), "chunk", "length"}
    ciphertext: chunks of `chunk` plaintext bytes, each ChaCha20-Poly1305 with the nonce
        nonce ‖ chunk number (4 bytes) ‖ 1 for the last chunk else 0; AAD = everything above

The STREAM construction (as age): a chunk cannot be moved, dropped, repeated or cut off without
a failing tag, and the last chunk is marked. The plaintext, read front to back::

    manifest length (4) | manifest JSON | signature (64) | payload

The signature (Ed25519, the sender's device key) covers SIG_CONTEXT + manifest length +
manifest; the manifest carries the payload's SHA-256 and length, the change set's own fields
(`changeset`) and how many items each list has (`streams`). The payload is one zlib stream of
JSON lines, one item a line: ``["rows", {...}]`` then ``["changes", {...}]``.

Import reads the file twice: first everything is decrypted, the signature and the payload's
hash checked (nothing applied); then the change set is read again item by item while the sync
engine applies it in batches inside one transaction, every chunk checked again and the hash
compared at the end (a file changed in between fails there, and the transaction rolls back).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from caseterm.core.bundle import (
    MAGIC,
    SIG_BYTES,
    BundleRefused,
    Header,
    KeyPair,
    Signer,
    _canonical,
    _damaged,
    _key,
    _truncated,
    _wrong_recipient,
    check_signer,
    tampered,
)
from caseterm.i18n import _

FORMAT = 2
CHUNK = 1 << 16
SIG_CONTEXT = b"caseterm-bundle-signature-v2\x00"
STREAMS = ("rows", "changes")  # the change set's long lists, streamed as lines in this order
MAX_MANIFEST = 1 << 20
MAX_LINE = 64 << 20
HELD = b"CTHELD2\n"  # a held change set stored by format 2 (older ones are zlib of JSON)

Reader = Callable[[int, int], bytes]  # (offset, length) -> the bytes there
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Streamed(dict):
    """A change set whose long lists (STREAMS) are read from their source when asked: the
    dict holds the change set's own fields; `each(key)` goes through one list front to
    back (each time anew); `count(key)` is its length. Indexing a list (`cs["changes"]`)
    reads it whole: small change sets only; the sync engine reads batches."""

    def __init__(self, head: dict, counts: dict[str, int],
                 lines: Callable[[], Iterator[bytes]]) -> None:
        super().__init__(head)
        self.counts = {k: int(v) for k, v in counts.items() if k in STREAMS}
        self._lines = lines

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    def each(self, key: str) -> Iterator[Any]:
        if key not in self.counts:
            return
        prefix = b'["' + key.encode() + b'",'
        for line in self._lines():
            if line.startswith(prefix):
                try:
                    item = json.loads(line)[1]
                except (ValueError, IndexError):
                    raise _damaged() from None
                yield item

    def __missing__(self, key: str) -> list:
        if key in self.counts:
            return list(self.each(key))
        raise KeyError(key)

    def whole(self) -> dict:
        return {**self, **{k: list(self.each(k)) for k in self.counts}}


def items_of(cs: dict, key: str) -> Iterator[Any]:
    """The items of one of a change set's lists, streamed or not."""
    if isinstance(cs, Streamed):
        return cs.each(key)
    return iter(cs.get(key) or [])


def count_of(cs: dict, key: str) -> int:
    return cs.count(key) if isinstance(cs, Streamed) else len(cs.get(key) or [])


# ---------------------------------------------------------------- writing


class PayloadWriter:
    """Items in, the compressed JSON-lines payload out (to `emit`, in pieces), hashed and
    counted on the way."""

    def __init__(self, emit: Callable[[bytes], None]) -> None:
        self._emit = emit
        self._z = zlib.compressobj(6)
        self._hash = hashlib.sha256()
        self.length = 0
        self.counts: dict[str, int] = {}
        self._pending: list[str] = []
        self._size = 0

    def add(self, key: str, item: Any) -> None:
        line = '["' + key + '",' + _ENCODER.encode(item) + "]\n"
        self.counts[key] = self.counts.get(key, 0) + 1
        self._pending.append(line)
        self._size += len(line)
        if self._size >= CHUNK:
            self._push()

    def _push(self) -> None:
        self._out(self._z.compress("".join(self._pending).encode()))
        self._pending, self._size = [], 0

    def _out(self, data: bytes) -> None:
        if data:
            self._hash.update(data)
            self.length += len(data)
            self._emit(data)

    def finish(self) -> str:
        self._push()
        self._out(self._z.flush())
        return self._hash.hexdigest()


def write_changeset(cs: dict, writer: PayloadWriter) -> dict:
    """A change set dict into `writer`; returns its own fields (the lists left out)."""
    for key in STREAMS:
        for item in cs.get(key) or []:
            writer.add(key, item)
        if key in cs:
            writer.counts.setdefault(key, 0)
    return {k: v for k, v in cs.items() if k not in STREAMS}


def _nonce(prefix: bytes, n: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", n) + (b"\x01" if last else b"\x00")


def seal_stream(manifest: dict[str, Any], *, head: dict, counts: dict[str, int],
                payload: Callable[[], Iterable[bytes]], payload_sha256: str,
                payload_length: int, sender: str, recipient: str, keys: KeyPair,
                recipient_box_public: bytes, out: Callable[[bytes], None]) -> dict:
    """Write a format-2 bundle to `out` in pieces; returns the manifest as signed."""
    manifest = dict(manifest, sender=sender, recipient=recipient, format=FORMAT,
                    payload_sha256=payload_sha256, payload_length=payload_length,
                    changeset=head, streams=counts)
    mbytes = _canonical(manifest)
    mlen = struct.pack(">I", len(mbytes))
    signature = Ed25519PrivateKey.from_private_bytes(keys.sign_private).sign(
        SIG_CONTEXT + mlen + mbytes)
    front = mlen + mbytes + signature
    plain_length = len(front) + payload_length
    chunks = max(1, -(-plain_length // CHUNK))
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_box_public))
    prefix = os.urandom(7)
    header = _canonical({"format": FORMAT, "sender": sender, "recipient": recipient,
                         "eph": eph_public.hex(), "nonce": prefix.hex(), "chunk": CHUNK,
                         "length": plain_length + 16 * chunks})
    aad = MAGIC + bytes([FORMAT]) + struct.pack(">I", len(header)) + header
    out(aad)
    aead = ChaCha20Poly1305(_key(shared, eph_public, recipient_box_public))
    buf = bytearray()
    n = 0
    for piece in chain([front], payload()):
        buf += piece
        while len(buf) > CHUNK:  # the last chunk (maybe a full one) is marked below
            out(aead.encrypt(_nonce(prefix, n, False), bytes(buf[:CHUNK]), aad))
            del buf[:CHUNK]
            n += 1
    out(aead.encrypt(_nonce(prefix, n, True), bytes(buf), aad))
    if n + 1 != chunks:
        raise ValueError("the payload was not as long as announced")
    return manifest


def seal(manifest: dict[str, Any], changeset: dict, *, sender: str, recipient: str,
         keys: KeyPair, recipient_box_public: bytes) -> bytes:
    """The bundle bytes of a change set dict (a small one: everything is in memory)."""
    parts: list[bytes] = []
    writer = PayloadWriter(parts.append)
    head = write_changeset(changeset, writer)
    digest = writer.finish()
    out: list[bytes] = []
    seal_stream(manifest, head=head, counts=writer.counts, payload=lambda: parts,
                payload_sha256=digest, payload_length=writer.length, sender=sender,
                recipient=recipient, keys=keys, recipient_box_public=recipient_box_public,
                out=out.append)
    return b"".join(out)


# ---------------------------------------------------------------- reading


def _plain(header: Header, key: bytes, read: Reader) -> Iterator[bytes]:
    """The plaintext chunk by chunk, each one's tag checked before it is given out."""
    aad = read(0, header.end)
    aead = ChaCha20Poly1305(key)
    pos, end, n = header.end, header.end + header.length, 0
    while pos < end:
        size = min(header.chunk + 16, end - pos)
        data = read(pos, size)
        if len(data) != size:
            raise _truncated()
        try:
            yield aead.decrypt(_nonce(header.nonce, n, pos + size >= end), data, aad)
        except InvalidTag:
            raise tampered() from None
        pos += size
        n += 1


def _split(plain: Iterator[bytes]) -> tuple[bytes, bytes, bytes, Iterator[bytes]]:
    """Manifest length, manifest and signature off the front; the payload's pieces after."""
    buf = b""

    def need(n: int) -> None:
        nonlocal buf
        while len(buf) < n:
            piece = next(plain, None)
            if piece is None:
                raise _damaged()
            buf += piece

    need(4)
    (mlen,) = struct.unpack(">I", buf[:4])
    if mlen > MAX_MANIFEST:
        raise _damaged()
    need(4 + mlen + SIG_BYTES)
    rest = buf[4 + mlen + SIG_BYTES:]
    return buf[:4], buf[4:4 + mlen], buf[4 + mlen:4 + mlen + SIG_BYTES], \
        chain([rest] if rest else [], plain)


def _payload_key(header: Header, box_private: bytes) -> bytes:
    private = X25519PrivateKey.from_private_bytes(box_private)
    my_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(header.eph))
    except ValueError:
        raise tampered() from None
    return _key(shared, header.eph, my_public)


def open_stream(header: Header, read: Reader, *, me: str, box_private: bytes,
                signer: Callable[[str], Signer | None]) -> tuple[dict, Streamed]:
    """Check a format-2 bundle whole (every chunk, the signature, the payload's hash); the
    manifest and the change set, read again item by item when asked (`Streamed`)."""
    key = _payload_key(header, box_private)
    mlen, mbytes, signature, payload = _split(_plain(header, key, read))
    try:
        manifest = json.loads(mbytes.decode("utf-8"))
        sender = str(manifest["sender"])
        recipient = str(manifest["recipient"])
        mformat = int(manifest["format"])
        digest = str(manifest["payload_sha256"])
        length = int(manifest["payload_length"])
        head = dict(manifest["changeset"])
        counts = {str(k): int(v) for k, v in dict(manifest["streams"]).items()}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise _damaged() from None
    check_signer(header, sender, mformat, signer)
    known = signer(sender)
    assert known is not None
    try:
        Ed25519PublicKey.from_public_bytes(known.sign_public).verify(
            signature, SIG_CONTEXT + mlen + mbytes)
    except (InvalidSignature, ValueError):
        raise BundleRefused("bad_signature", _bad_signature()) from None
    if recipient != me:
        raise _wrong_recipient()
    hashed, total = hashlib.sha256(), 0
    for piece in payload:
        hashed.update(piece)
        total += len(piece)
    if hashed.hexdigest() != digest or total != length:
        raise BundleRefused("swapped_payload", _swapped())

    def lines() -> Iterator[bytes]:
        again = _split(_plain(header, key, read))
        if again[1] != mbytes:
            raise tampered()
        yield from _lines(again[3], digest, length)

    return manifest, Streamed(head, counts, lines)


def _lines(pieces: Iterable[bytes], digest: str, length: int) -> Iterator[bytes]:
    """The payload's JSON lines; at the end its hash and length are checked again."""
    hashed, total = hashlib.sha256(), 0
    inflater = zlib.decompressobj()
    buf = b""
    for piece in pieces:
        hashed.update(piece)
        total += len(piece)
        data = piece
        while data:
            try:
                out = inflater.decompress(data, 1 << 20)
            except zlib.error:
                raise _damaged() from None
            data = inflater.unconsumed_tail
            buf += out
            *full, buf = buf.split(b"\n")
            yield from full
            if len(buf) > MAX_LINE:
                raise _damaged()
    if hashed.hexdigest() != digest or total != length:
        raise tampered()  # the file changed since it was checked
    if not inflater.eof or inflater.unused_data or buf.strip():
        raise _damaged()


def held_blob(cs: dict) -> bytes:
    """A change set kept in the database until a gap is filled: HELD, then one zlib stream
    of a head line and the items' lines (a streamed one is never in memory whole)."""
    parts: list[bytes] = [HELD]
    writer = PayloadWriter(parts.append)
    keys = list(cs.counts) if isinstance(cs, Streamed) else [k for k in STREAMS if k in cs]
    writer.add("head", {"head": {k: v for k, v in cs.items() if k not in STREAMS},
                        "keys": keys})
    for key in keys:
        for item in items_of(cs, key):
            writer.add(key, item)
    writer.finish()
    return b"".join(parts)


def from_held(blob: bytes) -> dict:
    """The change set of `held_blob` (or of an older caseterm's zlib of JSON); its lists'
    counts are not known (-1)."""
    if not blob.startswith(HELD):
        return json.loads(zlib.decompress(blob))
    body = memoryview(blob)[len(HELD):]

    def lines() -> Iterator[bytes]:
        inflater, buf = zlib.decompressobj(), b""
        for start in range(0, len(body), CHUNK):
            data = bytes(body[start:start + CHUNK])
            while data:
                buf += inflater.decompress(data, 1 << 20)
                data = inflater.unconsumed_tail
                *full, buf = buf.split(b"\n")
                yield from full

    first = json.loads(next(lines()))[1]
    return Streamed(first["head"], {k: -1 for k in first["keys"]}, lines)


def _bad_signature() -> str:
    return _("The bundle's signature does not match the sender's registered key (forged or "
             "changed). Nothing was imported.")


def _swapped() -> str:
    return _("The bundle's content does not belong to its manifest (a swapped payload). "
             "Nothing was imported.")
