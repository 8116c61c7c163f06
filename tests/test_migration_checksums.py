"""Released migrations are never edited: every file in caseterm/db/migrations/versions is pinned
by its SHA-256. Editing a released revision makes databases that already ran it unusable (the
file is stamped with the new revision but has the old schema); change the schema with a NEW
revision instead. A new revision file fails here until its checksum is added below."""

from __future__ import annotations

import hashlib
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent.parent / "caseterm" / "db" / "migrations" / "versions"

# file name -> SHA-256 of its bytes (line endings normalised to \n)
RELEASED = {
    "0001_foundation.py": "7672f32c36aad8241dde574fa3ce3b0324e65dc6803d33455c6521a46acd4dba",
    "0002_intake.py": "1d5613332b45d033dcd784f75846919e5cb0f4cab025da95332e5e9e1c498820",
    "0003_resources.py": "af51556fcd906ea6d406c118080b959a3a2994797545f7eb42a23883c53ac088",
    "0004_goals.py": "2bdedbb029ad0c98544625df8a0617b8036ed6592859a8ea486b1acd3505b44b",
    "0005_followups.py": "59b8e9e9db5c17ce47ebba9378a3602d15389ebdb8179dabd24dfcaf8fd69204",
    "0006_scale_indexes.py": "c13c07af5203452acf58aa221c6ff8a3c5b7f79ac05f6507b31905953eb2dd66",
    "0007_office.py": "c2c886a3a28dce9cd9a5e20ea3759094f02662d0874050ed236b41a1eac252d8",
    "0008_gesamtplan.py": "dc2c816b2101ac062a833a1e881050d92e17d6ff6b594905895d04d53bd996a7",
    "0009_people.py": "3f80011897ed0d5e0f47866d87ae45d4cee3d3b8da4b757bc270f1c5b5186d4d",
    "0010_record.py": "67f445485b1bdbd1887865492c623194cbe9767a9d512969bd4424d4a9e969bf",
    "0011_privacy.py": "3d1dab5c02dd291f300c3dbb6d02725dd73c6d213efe28aaa22343c9f4546912",
    "0012_steering.py": "56d9fc97f3f422e5228a9bd32e0afaa3fa3b26a819bd58bbebc9f43be02b794b",
    "0013_desk.py": "2113a2daf889e6b547c7f02de0ef697f211e41d1a31350477334cfe6d99e4c91",
    "0014_sync.py": "fa1886c41d6c8338a32642a15814f024811d20e56c737ba9e482173288c9ff25",
    "0015_devices.py": "93ee9b89219f8c162ea3e2a43e48b4861719988c1148a7c43079ea4517b43035",
    "0016_times.py": "1a792c47e5c029a7ab975e9aea7a5c6b168656547733c972b83541d4f8e33d0e",
    "0017_followup_text.py": "b534351c494823e64a3e0112c9aa28564228a55cb21756edd4f663c219ab4de3",
    "0018_syncgaps.py": "44c1ac3213ce75f3d6b0ac4e0bb41e9f3fa921b0d189448e371fc87f1fd8f61d",
    "0019_steerkeys.py": "4a0a6f388fd58d2e0d125044b6ea0ad91e1074150c94d84704f2db35b7d91701",
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def _files() -> dict[str, str]:
    return {p.name: _sha256(p) for p in sorted(VERSIONS.glob("*.py"))}


def test_released_migrations_are_unchanged():
    files = _files()
    missing = sorted(set(RELEASED) - set(files))
    assert not missing, (
        f"released migration(s) {missing} were removed or renamed; released revisions stay "
        "forever (databases out there are stamped with them)")
    edited = sorted(name for name, digest in RELEASED.items() if files[name] != digest)
    assert not edited, (
        f"released migration(s) {edited} were edited. Never edit a released revision: revert "
        "the change and put it into a NEW revision file")


def test_every_migration_file_is_pinned():
    new = {name: digest for name, digest in _files().items() if name not in RELEASED}
    assert not new, (
        "new migration file(s) without a pinned checksum; when the revision is final, add to "
        "RELEASED in tests/test_migration_checksums.py:\n"
        + "\n".join(f'    "{name}": "{digest}",' for name, digest in sorted(new.items())))


def test_the_pin_can_fail(tmp_path):
    """The check sees a one-byte change."""
    copy = tmp_path / "0001_foundation.py"
    copy.write_bytes((VERSIONS / "0001_foundation.py").read_bytes() + b"\n")
    assert _sha256(copy) != RELEASED["0001_foundation.py"]
