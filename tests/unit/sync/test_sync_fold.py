"""Accent folding: what a cashier types matches what the label says."""

from __future__ import annotations

import pytest

from kassa.sync.replica.fold import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Crème Brûlée", "creme brulee"),
        ("Weißbier", "weissbier"),
        ("Smørrebrød", "smorrebrod"),
        ("Łódź", "lodz"),
        ("Æble Œuf", "aeble oeuf"),
        ("ÀÉÎÕÜ ñ ç", "aeiou n c"),
        ("SKU-12/A", "sku-12/a"),
        ("ﬁlet", "filet"),  # a ligature from a PDF price list
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
