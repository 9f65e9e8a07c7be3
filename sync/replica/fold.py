"""Accent folding for search: the text a shopper types matches the text on the label.

``fold("Crème Brûlée")`` is ``"creme brulee"``: Unicode compatibility
decomposition, combining marks dropped, case folded, and the Latin letters that
do not decompose (``ø``, ``ł``, ``đ``, ``æ``, ``œ``, ``ß``...) spelled in ASCII.
The same function folds the indexed text (through the SQL function
``kassa_fold`` the replica registers on every connection) and the query, so
both sides always agree.
"""

from __future__ import annotations

import unicodedata

# Letters NFKD leaves alone, as a person typing on a plain keyboard spells them.
_EXTRA = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ŀ": "l",
    }
)


def fold(text: str | None) -> str:
    """``text`` lower-cased with its accents removed (``None`` folds to ``""``)."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_EXTRA)
