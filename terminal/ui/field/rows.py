"""Field services' results as rows for the screens' lists: ``key`` (what a tap
names), ``title``, ``detail`` and ``colour`` (a hex colour for the left edge)."""

from __future__ import annotations

from typing import Any

from kassa.core.money import Money
from kassa.core.money_format import format_money

KIND_COLOURS = {"visit": "#2e7d32", "call": "#1565c0", "meeting": "#6a1b9a", "task": "#b34700"}


def row(title: str, detail: str = "", *, key: str = "", colour: str = "#455a64") -> dict:
    return {"key": key, "title": title, "detail": detail, "colour": colour}


def note(text: str) -> dict:
    return row(text, colour="#26313b")


def customer(c: dict) -> dict:
    where = " ".join(p for p in (c.get("postal_code"), c.get("city")) if p)
    pending = " · not synced yet" if c.get("_pending") else ""
    return row(c["name"], f"{c.get('code') or ''} {where}{pending}".strip(), key=str(c["id"]))


def activity(a: Any) -> dict:
    local = a.starts_at.strftime("%H:%M")
    state = {"done": "done", "cancelled": "cancelled"}.get(a.status, f"{a.duration_minutes} min")
    where = f" · {a.location}" if a.location else ""
    return row(
        f"{local} {a.kind.title()}: {a.subject}",
        f"{state}{where}" + (f" · {a.outcome}" if a.outcome else ""),
        key=str(a.activity_id) if a.status == "planned" else "",
        colour=KIND_COLOURS.get(a.kind, "#455a64"),
    )


def agenda(days: list) -> list[dict]:
    out = []
    for day in days:
        out.append(
            row(f"{day.day:%A %d.%m.}", f"{len(day.activities)} activities", colour="#0d47a1")
        )
        out += [activity(a) for a in day.activities]
    return out


def money(minor: int, currency: str) -> str:
    return format_money(Money(int(minor), currency))


def customer_360(view: Any) -> list[dict]:
    c, out = view.customer, []
    for contact in view.contacts:
        out.append(row(contact["name"] or "Contact", f"{contact['phone']} {contact['email']}"))
    for address in view.addresses:
        out.append(row("Address", address))
    credit = (
        f"limit {format_money(view.credit_limit)}, left {format_money(view.credit_left)}"
        if view.credit_limit
        else "no credit limit"
    )
    out.append(row(f"Prices: {view.price_list}", credit))
    out.append(
        row(
            f"Open balance {format_money(view.open_balance)}",
            f"open orders {format_money(view.open_orders)}",
            colour="#b34700" if view.open_balance.minor else "#2e7d32",
        )
    )
    for o in view.offers:
        out.append(
            row(
                f"Offer {o.number}",
                f"{money(o.offer.total_minor, o.offer.currency)}"
                f" · valid to {o.offer.valid_until:%d.%m.%Y}",
                colour="#6a1b9a",
            )
        )
    for d in view.deals:
        out.append(
            row(
                f"Deal: {d['title']}",
                f"{d['stage'].get('name', '?')} · {money(d['amount_minor'], d['currency'])}",
                colour=d["stage"].get("colour") or "#1565c0",
            )
        )
    for o in view.orders[:5]:
        out.append(
            row(
                f"Order {o.number}",
                f"{o.status} · {money(o.order.total_minor, o.order.currency)}",
                colour="#1b7a34",
            )
        )
    for i in view.invoices[:5]:
        out.append(
            row(f"Invoice {i['label']}", money(i["total_minor"], i["currency"]), colour="#c62828")
        )
    for a in view.activities[:5]:
        out.append(activity(a) | {"title": f"{a.starts_at:%d.%m} {a.kind.title()}: {a.subject}"})
    if c.get("notes"):
        out.append(row("Notes", c["notes"]))
    return out


def pipeline(stages: list[dict], deals: list[dict]) -> list[dict]:
    out = []
    for stage in stages:
        mine = [d for d in deals if d.get("stage_id") == stage["id"]]
        total = sum(int(d["amount_minor"]) for d in mine)
        colour = stage.get("colour") or "#1565c0"
        currency = mine[0]["currency"] if mine else "EUR"
        out.append(
            row(
                f"{stage['name']} ({stage['probability']} %)",
                f"{len(mine)} deals · {money(total, currency)}",
                colour=colour,
            )
        )
        for d in mine:
            out.append(
                row(
                    f"   {d['title']}",
                    f"{money(d['amount_minor'], d['currency'])} · {d['probability']} %",
                    key=str(d["id"]),
                    colour=colour,
                )
            )
    return out


def draft_line(line: Any, currency: str) -> dict:
    qty = f"{line.quantity.normalize():f}"
    optional = "optional · " if line.optional else ""
    return row(
        f"{line.name}",
        f"{optional}{qty} {line.unit} x {money(line.unit_price_minor, currency)}",
        key=line.line_id,
        colour="#b34700" if line.optional else "#1565c0",
    )


def product(p: dict) -> dict:
    return row(p["name"], p["sku"], key=str(p["product_id"]))
