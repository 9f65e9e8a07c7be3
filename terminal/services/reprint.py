"""Reprint any receipt (sale or return), invoice order, X or Z report by its number."""

from __future__ import annotations

from kassa.terminal.services.events import Reprinted


class Reprints:
    def reprint(self, number: str) -> Reprinted:
        """Queue a copy (marked COPY) of the document with this number."""
        raise NotImplementedError
