"""The PouchDB peer: pouchdb-server and PouchDB from the npm registry, on 127.0.0.1.

``ensure_installed()`` is the bench's own setup: it writes
``bench/.peer/package.json`` (pinned versions) and runs ``npm install`` there
(an ignored folder) when the modules are missing. ``PouchPeer`` runs the
server on a free port with LevelDB files in a temp dir; ``peer.js`` loads the
documents, replicates them into a local PouchDB (LevelDB on disk, as a
PouchDB app would) and changes some, timing inside node.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import free_port, wait_http

HERE = Path(__file__).resolve().parent
PEER_DIR = HERE / ".peer"
SCRIPT = HERE / "peer.js"
PACKAGES = {"pouchdb-server": "4.2.0", "pouchdb": "9.0.0"}
BATCH_SIZE = 1000  # PouchDB's default is 100; 1000 is the Kassa page size


def ensure_installed(log=print) -> str | None:
    """Install the peer if needed; returns why it cannot run, or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are not installed (apt install nodejs npm)"
    modules = PEER_DIR / "node_modules"
    if all((modules / name / "package.json").exists() for name in PACKAGES):
        return None
    PEER_DIR.mkdir(parents=True, exist_ok=True)
    manifest = {
        "name": "kassa-bench-peer",
        "private": True,
        "version": "0.0.0",
        "dependencies": PACKAGES,
    }
    (PEER_DIR / "package.json").write_text(json.dumps(manifest, indent=2))
    log(f"installing {', '.join(f'{k}@{v}' for k, v in PACKAGES.items())} into {PEER_DIR}")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PEER_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        return f"npm install failed: {done.stderr.strip()[-300:]}"
    return None


def installed_versions() -> str:
    found = []
    for name in PACKAGES:
        manifest = PEER_DIR / "node_modules" / name / "package.json"
        if manifest.exists():
            found.append(f"{name} {json.loads(manifest.read_text())['version']}")
    return ", ".join(found)


@dataclass
class PouchPeer:
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def db_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/products"

    def start(self) -> PouchPeer:
        store = self.workdir / "server"
        store.mkdir(parents=True, exist_ok=True)
        log = self.workdir / "pouchdb-server.log"
        binary = PEER_DIR / "node_modules" / ".bin" / "pouchdb-server"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    str(binary),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--dir",
                    str(store),
                    "--no-stdout-logs",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=store,
            )
        wait_http(f"http://127.0.0.1:{self.port}/", process=self.process, timeout=60, log=log)
        return self

    def node(self, *args: str) -> dict:
        env = {**os.environ, "NODE_PATH": str(PEER_DIR / "node_modules")}
        done = subprocess.run(
            ["node", str(SCRIPT), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.workdir,
            timeout=1800,
        )
        if done.returncode != 0:
            raise RuntimeError(f"peer.js {args[0]} failed: {done.stderr.strip()[-1000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def load(self, ndjson: Path) -> dict:
        return self.node("load", self.db_url, str(ndjson))

    def replicate(self, local: Path) -> dict:
        return self.node("replicate", self.db_url, str(local), str(BATCH_SIZE))

    def change(self, count: int) -> dict:
        return self.node("change", self.db_url, str(count))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
