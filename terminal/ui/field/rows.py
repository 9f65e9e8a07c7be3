"""Field services' results as rows for the screens' lists: ``key`` (what a tap
names), ``title``, ``detail`` and ``colour`` (a hex colour for the left edge).
Times are shown in the rep's local time zone (``zone``; None: the tablet's)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from kassa.core.money import Money
from kassa.core.money_format import format_money

ADDRESS_TITLES = {"main": "Address", "billing": "Billing address", "delivery": "Delivery address"}
KIND_COLOURS = {"visit": "#2e7d32", "call": "#1565c0", "meeting": "#6a1b9a", "task": "#b34700"}


def row(title: str, detail: str = "", *, key: str = "", colour: str = "#455a64") -> dict:
    return {"key": key, "title": title, "detail": detail, "colour": colour}


def note(text: str) -> dict:
    return row(text, colour="#26313b")


def local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone)


def money(minor: int, currency: str) -> str:
    return format_money(Money(int(minor), currency))


def customer(c: dict) -> dict:
    where = " ".join(p for p in (c.get("postal_code"), c.get("city")) if p)
    pending = " · not synced yet" if c.get("_pending") else ""
    return row(c["name"], f"{c.get('code') or ''} {where}{pending}".strip(), key=str(c["id"]))


def activity(a: Any, zone: tzinfo | None, *, with_day: bool = False) -> dict:
    when = local(a.starts_at, zone).strftime("%d.%m %H:%M" if with_day else "%H:%M")
    state = {"done": "done", "cancelled": "cancelled"}.get(a.status, f"{a.duration_minutes} min")
    where = f" · {a.location}" if a.location else ""
    return row(
        f"{when} {a.kind.title()}: {a.subject}",
        f"{state}{where}" + (f" · {a.outcome}" if a.outcome else ""),
        key=str(a.activity_id) if a.status == "planned" else "",
        colour=KIND_COLOURS.get(a.kind, "#455a64"),
    )


def agenda(days: list, zone: tzinfo | None) -> list[dict]:
    out = []
    for day in days:
        count = len(day.activities)
        label = f"{count} activit" + ("y" if count == 1 else "ies")
        out.append(row(f"{day.day:%A %d.%m.}", label, colour="#0d47a1"))
        out += [activity(a, zone) for a in day.activities]
    return out


def customer_360(view: Any, zone: tzinfo | None) -> list[dict]:
    out = []
    for c in view.contacts:
        title = c["name"] or "Contact"
        if c.get("role"):
            title += f" · {c['role']}"
        key = f"contact:{c['id']}" if c.get("id") else ""
        out.append(row(title, f"{c['phone']}  {c['email']}".strip(), key=key))
    for a in view.addresses:
        title = ADDRESS_TITLES.get(a["kind"], "Address")
        key = f"address:{a['id']}" if a.get("id") else ""
        out.append(row(title, a["line"], key=key))
    credit = "no credit limit"
    if view.credit_limit is not None:
        credit = f"limit {format_money(view.credit_limit)}, left {format_money(view.credit_left)}"
    out.append(row(f"Prices: {view.price_list}", credit))
    balance = f"Open balance {format_money(view.open_balance)}"
    out.append(
        row(
            balance,
            f"open orders {format_money(view.open_orders)}",
            colour="#b34700" if view.open_balance.minor else "#2e7d32",
        )
    )
    for o in view.offers:
        valid = f"valid to {o.offer.valid_until:%d.%m.%Y}"
        total = money(o.offer.total_minor, o.offer.currency)
        key = f"offer:{o.offer.offer_id}"
        out.append(row(f"Offer {o.number}", f"{total} · {valid}", key=key, colour="#6a1b9a"))
    for d in view.deals:
        stage = d["stage"]
        detail = f"{stage.get('name', '?')} · {deal_figures(d)}"
        out.append(row(f"Deal: {d['title']}", detail, colour=stage.get("colour") or "#1565c0"))
    for o in view.orders[:5]:
        total = money(o.order.total_minor, o.order.currency)
        key = f"sales_order:{o.order.order_id}"
        out.append(row(f"Order {o.number}", f"{o.status} · {total}", key=key, colour="#1b7a34"))
    for i in view.invoices[:5]:
        due = f" · due {i['due_date']:%d.%m.%Y}" if i.get("due_date") else ""
        detail = f"{money(i['total_minor'], i['currency'])}{due} · tap: print + PDF"
        out.append(row(f"Invoice {i['label']}", detail, key=f"invoice:{i['id']}", colour="#c62828"))
    out += [activity(a, zone, with_day=True) | {"key": ""} for a in view.activities[:5]]
    if view.customer.get("notes"):
        out.append(row("Notes", view.customer["notes"]))
    return out


def labels(d: dict) -> str:
    return "  ".join(f"#{label}" for label in d.get("labels") or [])


def deal_figures(d: dict) -> str:
    """Expected revenue, chance (the stage's unless the rep set one) and weighted value."""
    chance = f"{d['probability']} %" + (" (stage)" if d.get("probability_from_stage") else "")
    weighted = money(d.get("weighted_minor", 0), d["currency"])
    figures = f"{money(d['amount_minor'], d['currency'])} · {chance} · weighted {weighted}"
    tags = labels(d)
    return f"{figures} · {tags}" if tags else figures


def pipeline(stages: list[dict], deals: list[dict], *, selected: str = "") -> list[dict]:
    out = []
    for stage in stages:
        mine = [d for d in deals if d.get("stage_id") == stage["id"]]
        total = sum(int(d["amount_minor"]) for d in mine)
        weighted = sum(int(d.get("weighted_minor", 0)) for d in mine)
        colour = stage.get("colour") or "#1565c0"
        currency = mine[0]["currency"] if mine else "EUR"
        head = f"{stage['name']} ({stage['probability']} %)"
        count = f"{len(mine)} deal" + ("" if len(mine) == 1 else "s")
        sums = f"{count} · {money(total, currency)}"
        if mine and not (stage.get("is_won") or stage.get("is_lost")):
            sums += f" · weighted {money(weighted, currency)}"
        out.append(row(head, sums, colour=colour))
        for d in mine:
            mark = "> " if str(d["id"]) == selected else "   "
            out.append(row(f"{mark}{d['title']}", deal_figures(d), key=str(d["id"]), colour=colour))
    return out


def draft_line(line: Any, currency: str, *, taken: set[str] | None = None) -> dict:
    qty = f"{line.quantity.normalize():f}"
    optional = "optional · " if line.optional else ""
    detail = f"{optional}{qty} {line.unit} x {money(line.unit_price_minor, currency)}"
    colour = "#b34700" if line.optional else "#1565c0"
    if taken is not None:
        chosen = line.line_id in taken
        detail = ("taken · " if chosen else "left out · ") + detail
        colour = "#2e7d32" if chosen else "#455a64"
    return row(line.name, detail, key=line.line_id, colour=colour)


def product(p: dict) -> dict:
    return row(p["name"], p["sku"], key=str(p["product_id"]))
