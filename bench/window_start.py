"""Terminal cold start with the Kivy window: a fresh process to the first drawn frame.

An Xvfb display is started first (a terminal's display is already running);
the child builds the services as ``kassa terminal`` does and opens the real
``KassaApp``; it prints ``READY`` one frame after ``on_start`` (the login
screen drawn, the catalog open) and its RSS, then closes. The floor beside
the figures is a bare Kivy app (one ``Label``) started the same way on the same
display: what Kivy, SDL2 and the GL driver (Mesa's software renderer under
Xvfb) cost before any of Kassa.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Figure, Report
from bench.timing import summarize

SECTION = "Terminal services (big replica, store S01)"
KIVY_ENV = {
    "KIVY_NO_ARGS": "1", "KIVY_NO_CONFIG": "1", "KIVY_USE_DEFAULTCONFIG": "1",
    "KIVY_NO_FILELOG": "1", "KIVY_LOG_MODE": "PYTHON", "KIVY_NO_CONSOLELOG": "1",
    "KIVY_METRICS_DENSITY": "1", "KIVY_DPI": "96",
}  # fmt: skip


def child(data_dir: Path, started: float) -> None:
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 3)

    mark("interpreter")
    from kivy.clock import Clock

    from bench.cold_start import _rss_mb
    from bench.pos_rig import build
    from kassa.terminal.ui.app import KassaApp

    mark("imports")
    pos, _ = build(data_dir)
    mark("build_pos")

    class Timed(KassaApp):
        def on_start(self) -> None:
            Clock.schedule_once(self._drawn, 0)

        def _drawn(self, _dt: float) -> None:
            mark("window and first frame")
            memory = {"rss": _rss_mb("VmRSS"), "anon": _rss_mb("RssAnon"), "phases": phases}
            print("READY " + json.dumps(memory), flush=True)
            self.stop()

    try:
        Timed(pos=pos).run()
    finally:
        pos.close()


def floor_child(started: float) -> None:
    """A bare Kivy app with one Label: READY and its RSS one frame after ``on_start``."""
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.label import Label

    from bench.cold_start import _rss_mb

    class Bare(App):
        def build(self) -> Label:
            return Label(text="Kassa")

        def on_start(self) -> None:
            Clock.schedule_once(self._drawn, 0)

        def _drawn(self, _dt: float) -> None:
            memory = {"rss": _rss_mb("VmRSS"), "anon": _rss_mb("RssAnon")}
            print("READY " + json.dumps(memory), flush=True)
            self.stop()

    Bare().run()


def _start(args: list[str], env: dict) -> tuple[float, dict]:
    """Seconds from spawn to the child's READY line, and what it reported."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.window_start", *args, repr(time.monotonic())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.perf_counter() - start
    out, err = process.communicate(timeout=120)
    if not line.startswith("READY") or process.returncode != 0:
        raise RuntimeError(f"window child failed: {line}{out}{err[-2000:]}")
    return seconds, json.loads(line.split(" ", 1)[1])


def _display() -> tuple[subprocess.Popen, str]:
    for number in range(91, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.05)
    return server, f":{number}"


def run(report: Report, *, data_dir: Path, runs: int) -> None:
    if shutil.which("Xvfb") is None:
        report.add(
            Figure(
                SECTION,
                "cold start to the terminal window",
                "s",
                missing="Xvfb is not installed (apt install xvfb)",
            )
        )
        return
    server, display = _display()
    samples, rss, floor_samples, floor = [], {}, [], {}
    try:
        env = {**os.environ, **KIVY_ENV, "DISPLAY": display}
        for _ in range(runs):  # Kassa and the bare app in turns: the same load on both
            seconds, rss = _start([str(data_dir)], env)
            samples.append(seconds)
            seconds, floor = _start(["--floor"], env)
            floor_samples.append(seconds)
    finally:
        server.terminate()
        server.wait(10)
    stats = summarize(samples)
    bare = summarize(floor_samples)
    phases = ", ".join(f"{k} {v:.2f}" for k, v in rss["phases"].items())
    report.add(
        Figure(
            SECTION,
            "cold start to the terminal window (Kivy, first frame)",
            "s",
            judged="p95",
            stats=stats,
            target=3.0,
            limit=f"bare Kivy app (one Label), first frame p95 {bare.p95:.2f} s",
            note=f"{stats.runs} fresh processes on Xvfb: imports, build_pos, KassaApp build and "
            "first frame (login screen)",
            profile=f"phases of the last start (s): {phases}",
        )
    )
    report.add(
        Figure(
            SECTION,
            "terminal memory with the window (RSS at first frame)",
            "MB",
            judged="value",
            value=round(rss["rss"], 1),
            target=250.0,
            limit=f"bare Kivy app (one Label) on the same Xvfb: {floor['rss']:.0f} MB "
            f"({floor['anon']:.0f} MB anonymous)",
            note=f"{rss['anon']:.0f} MB of it anonymous; the rest file-backed (libraries, "
            "GL, the replica's mmap)",
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "--floor":
        floor_child(float(sys.argv[2]))
    else:
        child(Path(sys.argv[1]), float(sys.argv[2]))
