"""The generated server databases, cached under ``bench/.data`` by seed, sizes and schema.

The key hashes the server's migrations, the replicated models and the
generator itself, so a schema change or a generator change builds a new file.
Each run works on a copy: the benchmarks enroll terminals and write to it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from bench.catalog import Sizes, generate

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".data"
KEYED = (
    "server/migrations/versions",
    "sync/models",
    "bench/catalog.py",
    "bench/rows.py",
    "bench/vocabulary.py",
    "bench/ean.py",
)


def schema_key() -> str:
    digest = hashlib.sha256()
    for entry in KEYED:
        path = ROOT / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def server_database(*, sizes: Sizes, seed: int, into: Path, log=print) -> Path:
    """A fresh copy of the generated server database for ``sizes`` and ``seed``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"server-{seed}-{sizes.tag()}-{schema_key()}.sqlite"
    if not cached.exists():
        for stale in CACHE.glob(f"server-{seed}-{sizes.tag()}-*.sqlite"):
            stale.unlink()  # an older schema or generator
        log(f"generating {cached.name} (cached for later runs)")
        _build(cached, sizes=sizes, seed=seed)
    into.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, into)
    return into


def _build(target: Path, *, sizes: Sizes, seed: int) -> None:
    from kassa.server.schema import upgrade
    from kassa.server.store import Database, sqlite_url

    partial = target.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    db = Database(sqlite_url(partial))
    upgrade(db)
    db.dispose()
    generate(partial, sizes=sizes, seed=seed)
    import sqlite3

    checkpoint = sqlite3.connect(partial)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.execute("PRAGMA journal_mode=DELETE")
    checkpoint.close()
    partial.rename(target)
