"""Document totals: worked examples per kind, refusals, and the invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.discount import Discount, DiscountTooLarge
from kassa.core.document import DocumentKind, InvalidLine, Line, compute_totals
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRate, TaxRounding

R19, R7, R10 = TaxRate("A", Decimal(19)), TaxRate("B", Decimal(7)), TaxRate("C", Decimal(10))
K = DocumentKind


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def line(qty: str, price: str, rate: TaxRate = R19, code: str = "EUR", **kw) -> Line:
    return Line(Decimal(qty), Money.of(price, code), rate, **kw)


def test_receipt_gross_per_line():
    totals = compute_totals(
        [
            line("2", "1.49", R7),  # 2.98; tax 298 * 7 / 107 = 19.50 -> 19 (19.495)
            line("0.750", "3.99", R7),  # 2.9925 -> 2.99; tax 299 * 7 / 107 = 19.56 -> 20
            # 11.90 less 10% (1.19) = 10.71; tax 1071 * 19 / 119 = 171 exactly
            line("1", "11.90", R19, discount=Discount.percent_off(10)),
        ],
        kind=K.RECEIPT,
        code="EUR",
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_LINE,
    )
    assert [(t.base, t.line_discount, t.tax, t.gross) for t in totals.lines] == [
        (eur("2.98"), eur("0"), eur("0.19"), eur("2.98")),
        (eur("2.99"), eur("0"), eur("0.20"), eur("2.99")),
        (eur("11.90"), eur("1.19"), eur("1.71"), eur("10.71")),
    ]
    # gross 2.98 + 2.99 + 10.71 = 16.68; tax 0.19 + 0.20 + 1.71 = 2.10; net 14.58
    assert (totals.total, totals.tax, totals.net) == (eur("16.68"), eur("2.10"), eur("14.58"))
    assert totals.line_discounts == eur("1.19")
    # 19%: 9.00 + 1.71 = 10.71; 7%: 5.58 + 0.39 = 5.97
    assert [(r.rate, r.net, r.tax, r.gross) for r in totals.breakdown] == [
        (R19, eur("9.00"), eur("1.71"), eur("10.71")),
        (R7, eur("5.58"), eur("0.39"), eur("5.97")),
    ]


def test_invoice_net_per_document_with_document_discount():
    totals = compute_totals(
        [line("10", "4.99", R19), line("3", "12.00", R7)],  # 49.90 and 36.00 net
        kind=K.INVOICE,
        code="EUR",
        mode=PriceMode.NET,
        rounding=TaxRounding.PER_DOCUMENT,
        document_discount=Discount.percent_off(5),  # 5% of 85.90 = 4.295 -> 4.30
    )
    assert totals.document_discount == eur("4.30")
    # spread 430 by 4990 : 3600 -> 249.79 and 180.21 -> 249 + 180, leftover cent to the .79
    assert [t.document_discount for t in totals.lines] == [eur("2.50"), eur("1.80")]
    # nets 47.40 and 34.20; tax 47.40 * 19% = 9.006 -> 9.01, 34.20 * 7% = 2.394 -> 2.39
    assert [(t.net, t.tax, t.gross) for t in totals.lines] == [
        (eur("47.40"), eur("9.01"), eur("56.41")),
        (eur("34.20"), eur("2.39"), eur("36.59")),
    ]
    # net 85.90 - 4.30 = 81.60; tax 11.40; gross 93.00
    assert (totals.net, totals.tax, totals.total) == (eur("81.60"), eur("11.40"), eur("93.00"))


def test_offer_counts_optional_lines_only_when_accepted():
    totals = compute_totals(
        [
            line("1", "100.00"),
            line("1", "50.00", optional=True, ref="extra-warranty"),
            line("1", "20.00", optional=True, accepted=True, ref="cable"),
        ],
        kind=K.OFFER,
        code="EUR",
        mode=PriceMode.NET,
        rounding=TaxRounding.PER_DOCUMENT,
    )
    # counted: 100.00 + 20.00 = 120.00 net, 19% tax 22.80, gross 142.80
    assert (totals.net, totals.tax, totals.total) == (eur("120.00"), eur("22.80"), eur("142.80"))
    assert [t.line.ref for t in totals.lines] == ["", "cable"]
    # the declined option is priced on its own: 50.00 + 9.50 = 59.50
    (option,) = totals.optional
    assert (option.line.ref, option.net, option.tax, option.gross) == (
        "extra-warranty",
        eur("50.00"),
        eur("9.50"),
        eur("59.50"),
    )


def test_return_and_exchange_receipts():
    ret = compute_totals(
        [line("-1", "11.90")],
        kind=K.RECEIPT,
        code="EUR",
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_LINE,
    )
    # a return is the sale negated: -11.90 gross, -1.90 tax, -10.00 net
    assert (ret.total, ret.tax, ret.net) == (eur("-11.90"), eur("-1.90"), eur("-10.00"))
    exchange = compute_totals(
        [line("1", "25.00"), line("-1", "11.90")],
        kind=K.RECEIPT,
        code="EUR",
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_LINE,
        document_discount=Discount.amount_off(eur("1.00")),
    )
    # the discount falls on the sold line only: 24.00; total 24.00 - 11.90 = 12.10
    assert [t.gross for t in exchange.lines] == [eur("24.00"), eur("-11.90")]
    # tax 2400 * 19 / 119 = 383.19 -> 383, and -190: 1.93
    assert (exchange.total, exchange.tax) == (eur("12.10"), eur("1.93"))


def test_zero_and_three_decimal_currencies():
    jpy = compute_totals(
        [line("3", "198", R10, code="JPY")],
        kind=K.RECEIPT,
        code="JPY",
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_DOCUMENT,
    )
    # 3 * 198 = 594 yen; tax 594 * 10 / 110 = 54 exactly; net 540
    assert (jpy.total, jpy.tax, jpy.net) == (Money(594, "JPY"), Money(54, "JPY"), Money(540, "JPY"))
    bhd = compute_totals(
        [line("3", "0.375", R10, code="BHD")],
        kind=K.INVOICE,
        code="BHD",
        mode=PriceMode.NET,
        rounding=TaxRounding.PER_LINE,
    )
    # 3 * 0.375 = 1.125 net; tax 1125 * 10% = 112.5 fils -> 113; gross 1.238
    assert (bhd.tax, bhd.total) == (Money.of("0.113", "BHD"), Money.of("1.238", "BHD"))


@pytest.mark.parametrize(
    ("lines", "kind", "message"),
    [
        ([line("0", "1.00")], K.RECEIPT, "line 1: quantity is zero"),
        (
            [line("1", "1"), line("-1", "1.00")],
            K.OFFER,
            "line 2: negative quantity -1 in kind 'offer'",
        ),
        ([line("-2", "1.00")], K.SALES_ORDER, "returns go on a receipt"),
        ([line("1", "1.00", code="USD")], K.RECEIPT, "price in USD, the document is in EUR"),
        ([line("1", "-1.00")], K.RECEIPT, "use a negative quantity"),
        ([line("1", "1.00", optional=True)], K.INVOICE, "optional lines belong to offers"),
    ],
)
def test_refused_lines(lines, kind, message):
    with pytest.raises(InvalidLine, match=message):
        compute_totals(
            lines, kind=kind, code="EUR", mode=PriceMode.GROSS, rounding=TaxRounding.PER_LINE
        )


def test_document_discount_larger_than_the_document_is_refused():
    with pytest.raises(DiscountTooLarge, match=r"more than the 1\.00 EUR"):
        compute_totals(
            [line("1", "1.00")],
            kind=K.RECEIPT,
            code="EUR",
            mode=PriceMode.GROSS,
            rounding=TaxRounding.PER_LINE,
            document_discount=Discount.amount_off(eur("1.01")),
        )


RATES = [R19, R7, R10, TaxRate("Z", Decimal(0)), TaxRate("N", Decimal("8.1"))]
lines_strategy = st.lists(
    st.builds(
        Line,
        quantity=st.decimals(min_value=-20, max_value=50, places=3).filter(lambda q: q != 0),
        unit_price=st.integers(0, 10**6).map(lambda m: Money(m, "EUR")),
        tax_rate=st.sampled_from(RATES),
        discount=st.one_of(
            st.none(), st.integers(0, 100).map(lambda p: Discount.percent_off(Decimal(p)))
        ),
    ),
    min_size=1,
    max_size=15,
)


@given(
    lines=lines_strategy,
    mode=st.sampled_from(PriceMode),
    rounding=st.sampled_from(TaxRounding),
    fraction=st.fractions(min_value=0, max_value=1),
)
def test_invariants(lines, mode, rounding, fraction):
    def totals(discount=None):
        return compute_totals(
            lines,
            kind=K.RECEIPT,
            code="EUR",
            mode=mode,
            rounding=rounding,
            document_discount=discount,
        )

    plain = totals()
    priced = [t.gross if mode is PriceMode.GROSS else t.net for t in plain.lines]
    room = sum(max(p.minor, 0) for p in priced)
    asked = Money(int(room * fraction), "EUR")
    after = totals(Discount.amount_off(asked))
    for t in (plain, after):
        # lines sum to the totals; the breakdown sums to the tax
        assert Money.sum((line.gross for line in t.lines), "EUR") == t.gross
        assert Money.sum((line.tax for line in t.lines), "EUR") == t.tax
        assert Money.sum((line.net for line in t.lines), "EUR") == t.net
        assert Money.sum((row.tax for row in t.breakdown), "EUR") == t.tax
        assert Money.sum((row.gross for row in t.breakdown), "EUR") == t.gross
        assert t.net + t.tax == t.gross
    # the document discount changes the total in the price mode by exactly what was asked
    if mode is PriceMode.GROSS:
        assert plain.gross - after.gross == asked
    else:
        assert plain.net - after.net == asked
    assert Money.sum((line.document_discount for line in after.lines), "EUR") == asked


def test_an_empty_document_totals_zero_and_refuses_an_amount_discount():
    empty = compute_totals(
        [], kind=K.RECEIPT, code="EUR", mode=PriceMode.GROSS, rounding=TaxRounding.PER_LINE
    )
    assert (empty.total, empty.tax, empty.breakdown, empty.lines) == (eur("0"), eur("0"), (), ())
    with pytest.raises(DiscountTooLarge):
        compute_totals(
            [],
            kind=K.RECEIPT,
            code="EUR",
            mode=PriceMode.GROSS,
            rounding=TaxRounding.PER_LINE,
            document_discount=Discount.amount_off(eur("0.01")),
        )
