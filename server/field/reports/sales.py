"""Sales by day, store, terminal, product and seller (``sales_docs`` says what counts).

One row per key and currency: documents, net, tax and total (major units).
The product report counts quantities and line amounts instead of documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from kassa.server.field.reports.sales_docs import SaleDoc, sale_docs
from kassa.server.field.reports.table import Period, Report, major
from kassa.sync.models import Store, Terminal, User

AMOUNTS = ["currency", "documents", "net", "tax", "total"]


def _names(session: Session, model: Any) -> dict[Any, Any]:
    return {row.id: row for row in session.exec(select(model))}


def _grouped(
    docs: list[SaleDoc], key: Callable[[SaleDoc], tuple[Any, ...]]
) -> list[tuple[tuple[Any, ...], str, list[int]]]:
    sums: dict[tuple[tuple[Any, ...], str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for doc in docs:
        acc = sums[(key(doc), doc.currency)]
        acc[0] += 1
        acc[1] += doc.net
        acc[2] += doc.tax
        acc[3] += doc.total
    return [(k, cur, v) for (k, cur), v in sorted(sums.items(), key=lambda i: _sort(i[0]))]


def _sort(item: tuple[tuple[Any, ...], str]) -> tuple[str, ...]:
    return (*(str(part) for part in item[0]), item[1])


def _amounts(currency: str, acc: list[int]) -> list[Any]:
    return [currency, acc[0], *(major(v, currency) for v in acc[1:])]


def sales_by_day(session: Session, period: Period) -> Report:
    report = Report("sales-by-day", period, ["day", *AMOUNTS])
    for (day,), cur, acc in _grouped(sale_docs(session, period), lambda d: (d.day,)):
        report.rows.append([day, *_amounts(cur, acc)])
    return report


def sales_by_store(session: Session, period: Period) -> Report:
    stores = _names(session, Store)
    report = Report("sales-by-store", period, ["store", "store_name", *AMOUNTS])
    rows = _grouped(sale_docs(session, period), lambda d: (d.store_id,))
    for (store_id,), cur, acc in rows:
        store = stores.get(store_id)
        code, name = (store.code, store.name) if store else (str(store_id), "")
        report.rows.append([code, name, *_amounts(cur, acc)])
    report.rows.sort(key=lambda r: (r[0], r[2]))
    return report


def sales_by_terminal(session: Session, period: Period) -> Report:
    stores, terminals = _names(session, Store), _names(session, Terminal)
    report = Report("sales-by-terminal", period, ["store", "terminal", *AMOUNTS])
    for (store_id, terminal_id), cur, acc in _grouped(
        sale_docs(session, period), lambda d: (d.store_id, d.terminal_id)
    ):
        store, terminal = stores.get(store_id), terminals.get(terminal_id)
        report.rows.append(
            [
                store.code if store else str(store_id),
                terminal.code if terminal else str(terminal_id),
                *_amounts(cur, acc),
            ]
        )
    report.rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return report


def sales_by_rep(session: Session, period: Period) -> Report:
    users = _names(session, User)
    report = Report("sales-by-rep", period, ["user", "user_name", *AMOUNTS])
    for (user_id,), cur, acc in _grouped(sale_docs(session, period), lambda d: (d.user_id,)):
        user = users.get(user_id)
        code, name = (user.code, user.name) if user else (str(user_id or ""), "")
        report.rows.append([code, name, *_amounts(cur, acc)])
    report.rows.sort(key=lambda r: (r[0], r[2]))
    return report


def sales_by_product(session: Session, period: Period) -> Report:
    columns = ["sku", "name", "currency", "quantity", "net", "tax", "total"]
    report = Report("sales-by-product", period, columns)
    sums: dict[tuple[str, str], list[Any]] = {}
    for doc in sale_docs(session, period):
        for line in doc.lines:
            acc = sums.setdefault((line.sku, doc.currency), [line.name, Decimal(0), 0, 0, 0])
            acc[1] += line.quantity
            acc[2] += line.net
            acc[3] += line.tax
            acc[4] += line.total
    for (sku, cur), (name, qty, net, tax, total) in sorted(sums.items()):
        quantity = qty.normalize() if qty else Decimal(0)
        report.rows.append(
            [sku, name, cur, quantity, major(net, cur), major(tax, cur), major(total, cur)]
        )
    return report
