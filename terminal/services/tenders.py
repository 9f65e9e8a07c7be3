"""Settling a sale with one or more tenders, through ``kassa.core.payment.settle``.

Core's rules: card and other tenders are charged exactly and together never
exceed the total (change only in cash); the part due in cash is rounded by the
store's cash rounding and the excess cash is change; without cash the tenders
must add up to the total exactly. Here on top: the tender's method must be one
this terminal offers (synced payment methods), and a card needs its reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kassa.core import payment
from kassa.core.cash_rounding import CashRounding
from kassa.core.money import CurrencyMismatch, Money
from kassa.terminal.services.errors import PaymentError
from kassa.terminal.services.events import Tender
from kassa.terminal.services.ports import PaymentMethodRecord

DEFAULT_METHODS = (
    PaymentMethodRecord("cash", "Cash", "cash", opens_drawer=True),
    PaymentMethodRecord("card", "Card", "card"),
)
_KINDS = {"cash": payment.TenderKind.CASH, "card": payment.TenderKind.CARD}


@dataclass(frozen=True)
class Settlement:
    total: Money
    rounding: Money
    due: Money  # total + rounding
    tenders: tuple[Tender, ...]  # as given
    applied: tuple[payment.Tender, ...]  # as kept: cash net of change
    change: Money
    opens_drawer: bool


def cash_rounding(currency: str, step: int) -> CashRounding:
    return CashRounding(Money(step, currency)) if step > 1 else CashRounding()


def core_tender(tender: Tender, method: PaymentMethodRecord) -> payment.Tender:
    kind = _KINDS.get(method.kind, payment.TenderKind.OTHER)
    return payment.Tender(kind, tender.amount, method=method.code, reference=tender.reference)


def settle(
    total: Money,
    tenders: Sequence[Tender],
    *,
    methods: Mapping[str, PaymentMethodRecord],
    cash_step: int = 1,
) -> Settlement:
    if not tenders and total.is_zero():  # everything given away (100 % discount): no payment
        zero = Money.zero(total.currency)
        return Settlement(total, zero, total, (), (), zero, opens_drawer=False)
    if not tenders:
        raise PaymentError("Choose how the customer pays: add a cash or card payment")
    chosen = []
    for tender in tenders:
        method = methods.get(tender.method)
        if method is None:
            known = ", ".join(sorted(methods))
            raise PaymentError(f"Unknown payment method {tender.method!r}: use one of {known}")
        if tender.amount.minor <= 0:
            raise PaymentError(f"{method.name}: the amount must be more than zero")
        if method.kind == "card" and not tender.reference.strip():
            raise PaymentError(f"{method.name}: enter the card slip reference")
        chosen.append(method)
    try:
        done = payment.settle(
            total=total,
            tenders=[core_tender(t, m) for t, m in zip(tenders, chosen, strict=True)],
            cash_rounding=cash_rounding(total.currency.code, cash_step),
        )
    except (payment.PaymentError, CurrencyMismatch) as exc:
        raise PaymentError(str(exc)[:1].upper() + str(exc)[1:]) from None
    return Settlement(
        total=total,
        rounding=done.rounding,
        due=done.paid,
        tenders=tuple(tenders),
        applied=done.tenders,
        change=done.change,
        opens_drawer=any(m.opens_drawer for m in chosen),
    )


def tenders_payload(applied: Sequence[payment.Tender]) -> list[dict[str, object]]:
    """Tenders as a receipt fact holds them (as applied: cash net of change)."""
    return [
        {
            "method": t.method,
            "kind": t.kind.value,
            "amount": t.amount.minor,
            "reference": t.reference,
        }
        for t in applied
    ]


def tenders_from_payload(
    rows: Sequence[Mapping[str, object]], currency: str
) -> list[payment.Tender]:
    return [
        payment.Tender(
            payment.TenderKind(str(row["kind"])),
            Money(int(row["amount"]), currency),  # type: ignore[call-overload]
            method=str(row["method"]),
            reference=str(row.get("reference", "")),
        )
        for row in rows
    ]
