"""Document lines and tax lines in the one shape invoice orders and invoices keep.

A line: ``line_id, sku, name, unit, quantity`` (decimal text), ``unit_price_minor``,
``tax_code, tax_rate`` (percent text), ``net_minor, tax_minor, total_minor``.
A tax line: ``tax_code, tax_rate, net_minor, tax_minor, gross_minor``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kassa.sync.field_facts import DocLine, TaxLine


def from_doc_lines(lines: Iterable[DocLine]) -> list[dict[str, Any]]:
    return [
        {
            "line_id": line.line_id,
            "product_id": str(line.product_id),
            "sku": line.sku,
            "name": line.name,
            "unit": line.unit,
            "quantity": format(line.quantity.normalize(), "f"),
            "unit_price_minor": line.unit_price_minor,
            "tax_code": line.tax_code,
            "tax_rate": format(line.tax_rate.normalize(), "f"),
            "net_minor": line.net_minor,
            "tax_minor": line.tax_minor,
            "total_minor": line.total_minor,
        }
        for line in lines
        if not line.optional
    ]


def from_tax_lines(taxes: Iterable[TaxLine]) -> list[dict[str, Any]]:
    return [
        {
            "tax_code": t.tax_code,
            "tax_rate": format(t.tax_rate.normalize(), "f"),
            "net_minor": t.net_minor,
            "tax_minor": t.tax_minor,
            "gross_minor": t.gross_minor,
        }
        for t in taxes
    ]


def from_receipt(payload: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A till receipt's lines and taxes (``terminal/services/sale_close.py``)."""
    lines = [
        {
            "line_id": str(line.get("line_id", index)),
            "product_id": line.get("product_id"),
            "sku": line.get("sku", ""),
            "name": line.get("name", ""),
            "unit": line.get("unit", ""),
            "quantity": str(line["quantity"]),
            "unit_price_minor": int(line["unit_price"]),
            "tax_code": line.get("tax_code", ""),
            "tax_rate": str(line.get("tax_rate", "0")),
            "net_minor": int(line["net"]),
            "tax_minor": int(line["tax"]),
            "total_minor": int(line["total"]),
        }
        for index, line in enumerate(payload["lines"], start=1)
    ]
    taxes = [
        {
            "tax_code": t["code"],
            "tax_rate": str(t["rate"]),
            "net_minor": int(t["net"]),
            "tax_minor": int(t["tax"]),
            "gross_minor": int(t["gross"]),
        }
        for t in payload.get("taxes", [])
    ]
    return lines, taxes


def taxes_of(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The per-rate breakdown summed from lines (when a document carried none)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for line in lines:
        key = (line["tax_code"], line["tax_rate"])
        row = rows.setdefault(
            key,
            {
                "tax_code": key[0],
                "tax_rate": key[1],
                "net_minor": 0,
                "tax_minor": 0,
                "gross_minor": 0,
            },
        )
        row["net_minor"] += line["net_minor"]
        row["tax_minor"] += line["tax_minor"]
        row["gross_minor"] += line["total_minor"]
    return list(rows.values())
