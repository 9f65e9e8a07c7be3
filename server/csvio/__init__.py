"""CSV import and export of master data (formats in docs/csv/README.md)."""

from __future__ import annotations

from kassa.server.csvio.exporter import export_file
from kassa.server.csvio.formats import CSV_FORMATS, CSV_KINDS
from kassa.server.csvio.importer import ImportFailed, ImportResult, import_file
from kassa.server.csvio.reading import Problem

__all__ = [
    "CSV_FORMATS",
    "CSV_KINDS",
    "ImportFailed",
    "ImportResult",
    "Problem",
    "export_file",
    "import_file",
]
