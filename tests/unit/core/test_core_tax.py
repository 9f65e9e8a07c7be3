"""Tax: price modes, per-line vs per-document rounding, the per-rate breakdown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.money import InvalidAmount, Money
from kassa.core.tax import (
    PriceMode,
    TaxRate,
    TaxRounding,
    apply_tax,
    breakdown,
    merge_breakdowns,
)

R19, R7, R0, R2_6, R8_1 = (
    TaxRate("A", Decimal("19")),
    TaxRate("B", Decimal("7")),
    TaxRate("Z", Decimal("0")),
    TaxRate("R", Decimal("2.6")),
    TaxRate("N", Decimal("8.1")),
)


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def _triples(results):
    return [(format(r.net.amount), format(r.tax.amount), format(r.gross.amount)) for r in results]


@pytest.mark.parametrize(
    ("amount", "rate", "mode", "net", "tax", "gross"),
    [
        # gross 1.19 at 19%: tax = 119 * 19 / 119 = 19 cents exactly
        ("1.19", R19, PriceMode.GROSS, "1.00", "0.19", "1.19"),
        # gross 0.99 at 19%: tax = 99 * 19 / 119 = 15.806 -> 16
        ("0.99", R19, PriceMode.GROSS, "0.83", "0.16", "0.99"),
        # gross 2.99 at 7%: tax = 299 * 7 / 107 = 19.56 -> 20
        ("2.99", R7, PriceMode.GROSS, "2.79", "0.20", "2.99"),
        # net 10.00 at 8.1% (CH): tax = 1000 * 8.1 / 100 = 81
        ("10.00", R8_1, PriceMode.NET, "10.00", "0.81", "10.81"),
        # net 0.50 at 7%: tax = 50 * 7 / 100 = 3.5 -> half up -> 4
        ("0.50", R7, PriceMode.NET, "0.50", "0.04", "0.54"),
        # net -0.50 at 7% (a return): -3.5 -> half away from zero -> -4
        ("-0.50", R7, PriceMode.NET, "-0.50", "-0.04", "-0.54"),
        # 0% rate: no tax
        ("5.00", R0, PriceMode.GROSS, "5.00", "0.00", "5.00"),
    ],
)
def test_single_line_worked_examples(amount, rate, mode, net, tax, gross):
    for rounding in TaxRounding:  # one line: both policies agree
        (result,) = apply_tax([(eur(amount), rate)], mode=mode, rounding=rounding)
        assert _triples([result]) == [(net, tax, gross)]


def test_per_line_and_per_document_rounding_differ():
    lines = [(eur("0.99"), R19)] * 3
    # per line: each 99 * 19 / 119 = 15.806 -> 16; 3 * 16 = 48
    per_line = apply_tax(lines, mode=PriceMode.GROSS, rounding=TaxRounding.PER_LINE)
    assert [r.tax for r in per_line] == [eur("0.16")] * 3
    # per document: 297 * 19 / 119 = 47.42 -> 47, apportioned 16 + 16 + 15
    per_doc = apply_tax(lines, mode=PriceMode.GROSS, rounding=TaxRounding.PER_DOCUMENT)
    assert [r.tax for r in per_doc] == [eur("0.16"), eur("0.16"), eur("0.15")]
    # gross prices are what the customer pays either way
    assert [r.gross for r in per_doc] == [eur("0.99")] * 3


def test_per_document_net_mode_changes_the_grand_total():
    lines = [(eur("0.05"), R19)] * 10
    # per line: 5 * 0.19 = 0.95 -> 1 cent each: tax 0.10, total 0.60
    per_line = apply_tax(lines, mode=PriceMode.NET, rounding=TaxRounding.PER_LINE)
    assert sum(r.gross.minor for r in per_line) == 60
    # per document: 50 * 0.19 = 9.5 -> 10 cents: the same here; at 7%: 3.5 -> 4 vs 10 * 0
    lines7 = [(eur("0.05"), R7)] * 10
    # per line: 5 * 0.07 = 0.35 -> 0 each; tax 0.00
    assert (
        sum(
            r.tax.minor
            for r in apply_tax(lines7, mode=PriceMode.NET, rounding=TaxRounding.PER_LINE)
        )
        == 0
    )
    # per document: 50 * 0.07 = 3.5 -> 4 cents
    assert (
        sum(
            r.tax.minor
            for r in apply_tax(lines7, mode=PriceMode.NET, rounding=TaxRounding.PER_DOCUMENT)
        )
        == 4
    )


def test_breakdown_several_rates_highest_first():
    items = [(eur("11.90"), R19), (eur("10.70"), R7), (eur("1.19"), R19), (eur("3.00"), R0)]
    taxed = apply_tax(items, mode=PriceMode.GROSS, rounding=TaxRounding.PER_DOCUMENT)
    rows = breakdown(zip([r for _, r in items], taxed, strict=True), "EUR")
    # 19%: gross 13.09, tax 1309 * 19 / 119 = 209 -> net 11.00
    # 7%: gross 10.70, tax 1070 * 7 / 107 = 70 -> net 10.00
    # 0%: gross 3.00, tax 0
    assert [(r.rate.code, r.net, r.tax, r.gross) for r in rows] == [
        ("A", eur("11.00"), eur("2.09"), eur("13.09")),
        ("B", eur("10.00"), eur("0.70"), eur("10.70")),
        ("Z", eur("3.00"), eur("0.00"), eur("3.00")),
    ]
    merged = merge_breakdowns([rows, rows[:1]], "EUR")
    assert merged[0].tax == eur("4.18") and merged[1] == rows[1]


def test_rate_validation():
    assert TaxRate("A", "19").percent == Decimal("19")
    with pytest.raises(ValueError, match="from 0 up to 999"):
        TaxRate("A", Decimal("-1"))
    with pytest.raises(InvalidAmount, match="never a float"):
        TaxRate("A", 19.0)
    with pytest.raises(ValueError, match="needs a code"):
        TaxRate("", Decimal("19"))


RATES = [R19, R7, R0, R2_6, R8_1, TaxRate("K", Decimal("21")), TaxRate("L", Decimal("5.5"))]


@given(
    lines=st.lists(
        st.tuples(st.integers(-(10**7), 10**7), st.sampled_from(RATES)), min_size=1, max_size=30
    ),
    mode=st.sampled_from(PriceMode),
    rounding=st.sampled_from(TaxRounding),
)
def test_breakdown_sums_to_the_tax_and_lines_to_the_total(lines, mode, rounding):
    items = [(Money(m, "EUR"), rate) for m, rate in lines]
    taxed = apply_tax(items, mode=mode, rounding=rounding)
    for (amount, rate), t in zip(items, taxed, strict=True):
        assert t.net + t.tax == t.gross
        assert (t.gross if mode is PriceMode.GROSS else t.net) == amount
        if rounding is TaxRounding.PER_LINE:  # each line's tax is its own rounded tax
            assert abs(t.tax.minor - rate.exact_tax(amount.minor, mode)) <= Decimal("0.5")
    rows = breakdown(zip([r for _, r in items], taxed, strict=True), "EUR")
    assert sum(r.tax.minor for r in rows) == sum(t.tax.minor for t in taxed)
    assert sum(r.gross.minor for r in rows) == sum(t.gross.minor for t in taxed)
    assert sum(r.net.minor for r in rows) == sum(t.net.minor for t in taxed)
    for row in rows:
        assert row.net + row.tax == row.gross
        if rounding is TaxRounding.PER_DOCUMENT:  # one rounding per rate
            base = row.gross if mode is PriceMode.GROSS else row.net
            assert abs(row.tax.minor - row.rate.exact_tax(base.minor, mode)) <= Decimal("0.5")
