"""Reading a CSV file: size, encoding, delimiter, header and shape, with line numbers.

Files must be UTF-8 (a BOM is fine) with commas; UTF-16 (what some spreadsheets
call "Unicode text"), Latin-1/Windows-1252, semicolons and tabs are named as
such, with how to save the file again. Files over ``MAX_CSV_BYTES`` are refused
before they are read.
"""

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


MAX_CSV_BYTES = 50 * 1024 * 1024
_SAVE_AS = "save it again as 'CSV UTF-8 (comma delimited)'"


def read_rows(
    path: Path, fmt: CsvFormat, *, max_bytes: int = MAX_CSV_BYTES
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """``(line number, row)`` pairs, or the problems that stop the file being read."""
    size = path.stat().st_size
    if size > max_bytes:
        return [], [
            Problem(
                1,
                None,
                f"the file is {size / 1048576:.1f} MiB; one import takes at most "
                f"{max_bytes / 1048576:.1f} MiB: split it into several files",
            )
        ]
    text, problem = _decode(path.read_bytes())
    if problem is not None:
        return [], [problem]
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


def _decode(data: bytes) -> tuple[str, Problem | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return "", Problem(1, None, f"the file is UTF-16 text, not UTF-8; {_SAVE_AS}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        return "", Problem(
            line,
            None,
            f"not UTF-8 text (byte 0x{byte:02x} here; the file looks like Latin-1 or "
            f"Windows-1252, where it is {bytes([byte]).decode('cp1252', 'replace')!r}); "
            f"{_SAVE_AS}",
        )


def _header_problems(header: list[str], fmt: CsvFormat) -> list[Problem]:
    problems = []
    for sign, name in ((";", "';'"), ("\t", "tabs")):
        if len(header) == 1 and sign in header[0]:
            return [Problem(1, None, f"the columns are separated by {name}; use commas")]
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
