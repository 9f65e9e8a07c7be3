"""Real processes on 127.0.0.1: the Kassa server and a throwaway PostgreSQL 15 cluster."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PG_BIN = Path(os.environ.get("KASSA_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, *, process: subprocess.Popen | None, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: process exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(
        f"{url} did not answer in {timeout} s:\n{log.read_text(errors='replace')[-2000:]}"
    )


@dataclass
class KassaServer:
    """``python -m kassa server serve`` against ``database_url``."""

    database_url: str
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> KassaServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = self.workdir / f"server-{self.port}.log"
        env = {**os.environ, "KASSA_DATA_DIR": str(self.workdir)}
        command = [
            sys.executable,
            "-m",
            "kassa",
            "server",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--database-url",
            self.database_url,
        ]
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=self.workdir
            )
        wait_http(f"{self.url}/api/v1/health", process=self.process, timeout=60, log=log)
        return self

    def build_snapshot(self, store: str) -> tuple[float, str]:
        """``kassa server snapshot --store`` as head office runs it: (seconds, its report)."""
        env = {**os.environ, "KASSA_DATA_DIR": str(self.workdir)}
        command = [sys.executable, "-m", "kassa", "server", "snapshot", "--store", store]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "--database-url", self.database_url],
            env=env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"kassa server snapshot failed: {done.stderr[-2000:]}")
        return seconds, done.stdout.strip()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


def _as_postgres(*args: str) -> list[str]:
    command = [str(PG_BIN / args[0]), *args[1:]]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    """A PostgreSQL 15 cluster in a temp dir, with its default (durable) settings."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kassa-bench-pg-")))
    port: int = field(default_factory=free_port)

    @staticmethod
    def available() -> str | None:
        if not (PG_BIN / "initdb").exists():
            return f"PostgreSQL 15 binaries not found in {PG_BIN}"
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            return "running as root without runuser"
        return None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> Postgres:
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
        data, log = self.root / "data", self.root / "postgres.log"
        subprocess.run(
            _as_postgres("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=512MB"
        )
        started = subprocess.run(
            _as_postgres("pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "start"),
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}")
        return self

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)
