"""Where the time goes: pyinstrument in-process, py-spy on a server process.

Both summaries name the heaviest first-party functions (inclusive time, each
counted once per stack) and where the leaf samples land by library, so a
missed target comes with its profile in the report. The profilers are in the
``bench`` extra (``pip install -e '.[bench]'``); without them the figures are
still measured and the profile says it is unavailable.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

FIRST_PARTY = ("core/", "sync/", "devices/", "terminal/", "server/", "kassa/")


def _first_party(path: str) -> bool:
    return "site-packages" not in path and path.startswith(FIRST_PARTY)


DATABASE_CALLS = ("do_execute", "do_executemany", "execute", "executemany", "commit", "fetchall",
                  "fetchone", "fetchmany", "Cursor.execute", "Connection.execute",
                  "Cursor.executemany", "Connection.commit")  # fmt: skip


def _library(path: str, function: str = "") -> str:
    """Where a leaf sample lands: "database" for a driver call, else the package."""
    if function.split(".")[-1] in DATABASE_CALLS or function in DATABASE_CALLS:
        return "database (driver calls)"
    path = path.rstrip(")").rsplit(":", 1)[0] if path.rstrip(")")[-1:].isdigit() else path
    if not path or path.startswith("<"):
        return path or "?"
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    return path.split("/", 1)[0] if "/" in path else path


def _format(inclusive: Counter, leaves: Counter, total: float, top: int, tool: str) -> str:
    if total <= 0:
        return f"{tool}: no samples"
    hot = "; ".join(f"`{name}` {t / total:.0%}" for name, t in inclusive.most_common(top))
    libs = ", ".join(f"{name} {t / total:.0%}" for name, t in leaves.most_common(5))
    return f"{tool}: {hot} — leaf time by library: {libs}"


def in_process(
    call: Callable[[int], object],
    *,
    runs: int,
    top: int = 6,
    prepare: Callable[[int], object] | None = None,
) -> str:
    """Profile ``call(i)`` for i in range(runs) with pyinstrument (wall time);
    ``prepare(i)`` runs before each call, outside the profile."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "profile unavailable: pip install -e '.[bench]' (pyinstrument)"
    profiler = Profiler(interval=0.0005)
    for i in range(runs):
        if prepare is not None:
            prepare(i)
        profiler.start()
        call(i)
        profiler.stop()
    root = profiler.last_session.root_frame()
    inclusive: Counter = Counter()
    leaves: Counter = Counter()

    def walk(frame, seen: frozenset) -> None:
        short = frame.file_path_short or ""
        key = f"{frame.function} ({short}:{frame.line_no})"
        if _first_party(short) and key not in seen:
            inclusive[key] += frame.time
            seen = seen | {key}
        if not frame.children:
            leaves[_library(short, frame.function)] += frame.time
        else:
            self_time = frame.time - sum(child.time for child in frame.children)
            if self_time > 0:
                leaves[_library(short, frame.function)] += self_time
        for child in frame.children:
            walk(child, seen)

    if root is None:
        return "pyinstrument: no samples"
    walk(root, frozenset())
    return _format(inclusive, leaves, root.time, top, f"pyinstrument over {runs} calls")


class Spy:
    """py-spy sampling another process in the background: ``start()``, then ``summary()``."""

    def __init__(self, pid: int, *, seconds: float, top: int = 6) -> None:
        self.pid, self.seconds, self.top = pid, seconds, top
        self.out = Path(tempfile.mkstemp(prefix="kassa-pyspy-", suffix=".txt")[1])
        self.process: subprocess.Popen | None = None
        self.error = ""

    def start(self) -> Spy:
        spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        if not Path(spy).exists():
            self.error = "profile unavailable: pip install -e '.[bench]' (py-spy)"
            return self
        self.process = subprocess.Popen(
            [spy, "record", "-p", str(self.pid), "-d", str(int(self.seconds)), "-r", "100",
             "-f", "raw", "-o", str(self.out), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        return self

    def summary(self) -> str:
        try:
            if self.error or self.process is None:
                return self.error or "py-spy was not started"
            _, err = self.process.communicate(timeout=self.seconds + 60)
            if self.process.returncode != 0 or not self.out.stat().st_size:
                return f"py-spy failed: {err.strip()[-200:]}"
            return self._read()
        finally:
            self.out.unlink(missing_ok=True)

    def _read(self) -> str:
        inclusive: Counter = Counter()
        leaves: Counter = Counter()
        total = 0
        for line in self.out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = stack.split(";")
            leaf = frames[-1]
            if leaf.startswith(("select ", "EpollSelector.select", "wait ", "_wait")) or (
                "threading.py" in leaf or "queue.py" in leaf
            ):
                continue  # idle threads
            n = int(count)
            total += n
            seen = set()
            for frame in frames:
                name, _, where = frame.partition(" (")
                path = where.rstrip(")")
                key = f"{name} ({path})"
                if _first_party(path) and key not in seen:
                    inclusive[key] += n
                    seen.add(key)
            leaf_name, _, leaf_where = leaf.partition(" (")
            leaves[_library(leaf_where.rstrip(")"), leaf_name)] += n
        tool = f"py-spy on pid {self.pid}, {self.seconds:.0f} s"
        return _format(inclusive, leaves, total, self.top, tool)
