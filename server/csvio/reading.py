"""Reading a CSV file: encoding, header and shape, with line numbers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kassa.server.csvio.formats import CsvFormat


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def read_rows(path: Path, fmt: CsvFormat) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """``(line number, row)`` pairs, or the problems that stop the file being read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(1, None, f"not UTF-8 text ({exc.reason}); save the file as UTF-8 CSV")]
    if not text.strip():
        return [], [
            Problem(
                1,
                None,
                f"the file is empty; the first line names the columns: {', '.join(fmt.required)}",
            )
        ]
    reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    problems = _header_problems(header, fmt)
    if problems:
        return [], problems
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(
                    Problem(
                        line,
                        None,
                        f"{len(header) + len(row[None])} cells; the header has {len(header)}",
                    )
                )
                continue
            if any(v is None for v in row.values()):
                problems.append(Problem(line, None, f"too few cells; the header has {len(header)}"))
                continue
            if not any((v or "").strip() for v in row.values()):
                continue  # blank line
            rows.append((line, row))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, f"not valid CSV: {exc}"))
    if not rows and not problems:
        problems.append(Problem(2, None, "no data rows below the header"))
    return rows, problems


def _header_problems(header: list[str], fmt: CsvFormat) -> list[Problem]:
    problems = []
    if len(header) == 1 and ";" in header[0]:
        return [Problem(1, None, "the columns are separated by ';'; use commas")]
    known = [c.name for c in fmt.columns]
    for name in header:
        if name not in known:
            problems.append(
                Problem(1, name, f"unknown column; {fmt.name} files have: {', '.join(known)}")
            )
    for name in fmt.required:
        if name not in header:
            problems.append(Problem(1, name, "required column is missing"))
    duplicates = {h for h in header if header.count(h) > 1}
    for name in sorted(duplicates):
        problems.append(Problem(1, name, "column appears twice"))
    return problems
