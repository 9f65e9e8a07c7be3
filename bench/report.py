"""Figures, the table printed to the terminal and the ``docs/PERFORMANCE.md`` writer.

A :class:`Figure` holds one measured number (or many-run statistics), the
target of issue 7 it is judged against, and the physical limit (or peer)
measured in the same run. A part of Kassa that has not landed yet becomes a
figure with ``missing`` set: it is reported as "not yet measurable: <why>".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.timing import Stats

SCALE = {"ms": 1000.0, "s": 1.0, "µs": 1_000_000.0}


@dataclass
class Figure:
    section: str
    name: str
    unit: str  # "ms" / "s" / "µs" for durations; anything else is taken as it is
    judged: str = "p95"  # which number meets the target: median/p95/p99/value
    stats: Stats | None = None  # seconds
    value: float | None = None  # in ``unit`` (throughputs, totals, MB)
    target: float | None = None  # in ``unit``
    higher_is_better: bool = False
    limit: str = ""  # the limit or peer measured in the same run, as text
    note: str = ""
    missing: str | None = None
    profile: str = ""  # where the time goes (profiles.py), for a missed target

    def shown(self, which: str) -> float | None:
        if which == "value" or self.stats is None:
            return self.value if which in ("value", self.judged) else None
        return self.stats.get(which) * SCALE.get(self.unit, 1.0)

    @property
    def result(self) -> float | None:
        return self.shown(self.judged) if self.stats is not None else self.value

    @property
    def status(self) -> str:
        if self.missing:
            return "not yet measurable"
        if self.target is None or self.result is None:
            return "reported"
        ok = self.result >= self.target if self.higher_is_better else self.result <= self.target
        return "met" if ok else "MISSED"

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        sign = ">=" if self.higher_is_better else "<="
        which = "" if self.judged == "value" else f"{self.judged} "
        return f"{which}{sign} {number(self.target)} {self.unit}"


@dataclass
class Report:
    machine: dict[str, str]
    dataset: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # markdown paragraphs

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def extend(self, figures: Iterable[Figure]) -> None:
        self.figures.extend(figures)


def number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


COLUMNS = (
    "figure",
    "median",
    "p95",
    "p99",
    "result",
    "target",
    "status",
    "limit / peer (same run)",
)


def rows(figures: Sequence[Figure]) -> list[list[str]]:
    table = []
    for f in figures:
        if f.missing:
            table.append(
                [f.name, "", "", "", "", f.target_text, f"not yet measurable: {f.missing}", f.limit]
            )
            continue
        med, p95, p99 = (number(f.shown(w)) for w in ("median", "p95", "p99"))
        result = f"{number(f.result)} {f.unit}" if f.result is not None else ""
        table.append([f.name, med, p95, p99, result, f.target_text, f.status, f.limit])
    return table


def text_table(figures: Sequence[Figure]) -> str:
    table = [list(COLUMNS), *rows(figures)]
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(COLUMNS))]
    lines = []
    for n, r in enumerate(table):
        lines.append("  ".join(cell[:60].ljust(widths[i]) for i, cell in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: Report, *, title: str = "Kassa performance") -> str:
    out = [
        f"# {title}",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand.",
        "",
        "Run it: `make bench` (everything, under 20 minutes; the data is generated once and "
        "cached under `bench/.data`, PouchDB is installed into `bench/.peer` by npm), "
        "`python -m bench --quick` (small sizes, about 2 minutes, writes "
        "`bench/.data/PERFORMANCE-quick.md`), `python -m bench --only sync,terminal,peer,ingest`. "
        "Profiles need the `bench` extra: `pip install -e '.[bench]'`.",
        "",
    ]
    out += ["## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_cell(v)} |" for k, v in report.machine.items()]
    if report.dataset:
        out += ["", "## Data", ""] + [f"- {line}" for line in report.dataset]
    sections: dict[str, list[Figure]] = {}
    for f in report.figures:
        sections.setdefault(f.section, []).append(f)
    out += ["", "## Figures", ""]
    out += [
        "Durations: median, p95 and p99 over the runs named in the note; 'result' is the "
        "number judged against the target. The last column is the physical limit (or the "
        "peer) measured in the same run on the same data.",
    ]
    for section, figures in sections.items():
        out += ["", f"### {section}", ""]
        out += ["| " + " | ".join(COLUMNS) + " | note |", "|" + "---|" * (len(COLUMNS) + 1)]
        for f, r in zip(figures, rows(figures), strict=True):
            out.append("| " + " | ".join(_cell(c) for c in [*r, f.note]) + " |")
    profiled = [f for f in report.figures if f.profile]
    if profiled:
        out += ["", "## Profiles", ""]
        out += ["Taken in the same run; first-party functions by inclusive wall time.", ""]
        for f in profiled:
            out += [f"- **{_cell(f.name)}** ({f.status}): {f.profile}"]
    if report.findings:
        out += ["", "## Findings", ""]
        for paragraph in report.findings:
            out += [paragraph, ""]
    return "\n".join(out).rstrip() + "\n"


def write(report: Report, path: Path, *, title: str = "Kassa performance") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(report, title=title), encoding="utf-8")
