"""EAN-13 codes with valid check digits, unique by number."""

from __future__ import annotations


def check_digit(digits: str) -> int:
    """The GS1 check digit of ``digits`` (12 for EAN-13): weights 3,1 from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def ean13(number: int, *, prefix: str = "40") -> str:
    """The ``number``-th code under a GS1 ``prefix`` (two digits: 40-44 are Germany)."""
    body = f"{prefix}{number:010d}"
    if len(body) != 12:
        raise ValueError(f"number {number} does not fit in an EAN-13 under prefix {prefix}")
    return body + str(check_digit(body))


def is_valid(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and check_digit(code[:12]) == int(code[12])
