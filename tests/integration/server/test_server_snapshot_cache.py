"""The snapshot cache keeps what was built last: after ``new-epoch`` on a database
restored from an older copy, the new build has a lower version than the old epoch's
files, and it is the one served and kept."""

from __future__ import annotations

import os
import uuid

from kassa.server.snapshot import KEEP_PER_STORE, Snapshot, _prune, _publish, cached_snapshots


def _snapshot(folder, store_id, *, epoch: str, version: int, built_ns: int) -> Snapshot:
    path = folder / f"{store_id.hex}-{epoch}-{version:012d}.sqlite"
    path.write_bytes(b"snapshot")
    made = Snapshot(
        path=path,
        store_id=str(store_id),
        epoch=epoch,
        version=version,
        cursor="c",
        schema="0006",
        size=8,
        sha256="0" * 64,
        rows=1,
        build_seconds=0.1,
    )
    _publish(made)
    os.utime(path.with_suffix(".json"), ns=(built_ns, built_ns))
    return made


def test_the_last_build_is_served_and_kept_even_at_a_lower_version(tmp_path):
    store = uuid.uuid4()
    old_a = _snapshot(tmp_path, store, epoch="old", version=7, built_ns=1_000)
    old_b = _snapshot(tmp_path, store, epoch="old", version=8, built_ns=2_000)
    restored = _snapshot(tmp_path, store, epoch="new", version=6, built_ns=3_000)
    assert [s.version for s in cached_snapshots(tmp_path, store_id=store)] == [6, 8, 7]
    _prune(tmp_path, store_id=store)
    kept = cached_snapshots(tmp_path, store_id=store)
    assert len(kept) == KEEP_PER_STORE
    assert kept[0] == restored and restored.path.is_file()
    assert old_b.path.is_file() and not old_a.path.is_file()


def test_kassa_server_snapshot_builds_a_stores_file_and_names_an_unknown_store(tmp_path):
    from pathlib import Path

    from typer.testing import CliRunner

    from kassa.cli import app

    samples = Path(__file__).resolve().parents[3] / "docs" / "csv"
    env = {"KASSA_DATA_DIR": str(tmp_path / "data"), "KASSA_CONFIG": str(tmp_path / "none.toml")}
    runner = CliRunner()

    def kassa(*args):
        return runner.invoke(app, ["server", *args], env=env, catch_exceptions=False)

    assert kassa("init").exit_code == 0
    assert kassa("import", "stores", str(samples / "stores.csv")).exit_code == 0
    unknown = kassa("snapshot", "--store", "NOPE")
    assert unknown.exit_code == 1 and "no store with code 'NOPE'" in unknown.output
    store = (samples / "stores.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    built = kassa("snapshot", "--store", store)
    assert built.exit_code == 0, built.output
    [made] = (tmp_path / "data" / "snapshots").glob("*.sqlite")
    assert f"snapshot of store {store}:" in built.output and str(made) in built.output
