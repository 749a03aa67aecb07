"""What an SQLite database holds on disk: the main file, its WAL and shared memory."""

from __future__ import annotations

from pathlib import Path


def sqlite_files(database: Path) -> dict[str, bytes]:
    """The bytes of each file SQLite keeps for `database`, by file name (absent ones left out).

    Deleting means gone: a test writes a marker, deletes it, and checks every file.
    """
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes()
    return found
