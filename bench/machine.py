"""The machine and the versions a run measured, for the report header."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

LIBRARIES = ("sqlalchemy", "sqlmodel", "fastapi", "uvicorn", "httpx", "pydantic", "psycopg")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _command(*args: str) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(*, extra: dict[str, str] | None = None) -> dict[str, str]:
    root = Path(__file__).resolve().parent.parent
    info = {
        "date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": _ram(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": sys.version.split()[0],
        "SQLite (Python's)": sqlite3.sqlite_version,
        "libraries": ", ".join(f"{n} {_version(n)}" for n in LIBRARIES),
        "Node.js": _command("node", "--version"),
        "PostgreSQL": _command("/usr/lib/postgresql/15/bin/postgres", "--version"),
        "git commit": _command("git", "-C", str(root), "rev-parse", "--short", "HEAD"),
    }
    info.update(extra or {})
    return info
