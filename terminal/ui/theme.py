"""The terminal's look: high-contrast colours, type sizes and touch-target sizes.

Every size is in density-independent units (``dp``/``sp``) so the same screens work
from a 1024x600 tablet to a 1920x1080 monitor. kv files read these names through
``#:import theme kassa.terminal.ui.theme``; Python code uses them directly.
Colours are RGBA tuples in 0..1, picked for contrast on a dark background
(white on ``BG`` is above 15:1; every button text is above 4.5:1 on its fill).
"""

from __future__ import annotations

from kivy.metrics import dp, sp


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """``"#1e88e5"`` as a Kivy colour tuple."""
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


# -- colours --------------------------------------------------------------
BG = rgba("#0f1419")  # window background
PANEL = rgba("#1c242c")  # cart, lists, cards
PANEL_ALT = rgba("#26313b")  # alternate rows, inputs
LINE = rgba("#3a4753")  # separators
TEXT = rgba("#ffffff")
TEXT_DIM = rgba("#b8c4ce")  # secondary text, still > 9:1 on BG
TOTAL = rgba("#ffd54f")  # the amount due: the brightest thing on screen
SELECTED = rgba("#0d47a1")

PRIMARY = rgba("#1565c0")  # normal actions
GO = rgba("#1b7a34")  # pay, confirm, open
DANGER = rgba("#c62828")  # void, cancel, refund
NEUTRAL = rgba("#455a64")  # back, secondary
WARN = rgba("#b34700")  # attention, pending (white on it: 5.5:1)
OK = rgba("#2e7d32")

# -- type -------------------------------------------------------------------
FONT_SMALL = sp(15)
FONT = sp(19)
FONT_BIG = sp(26)
FONT_HUGE = sp(48)  # the total

# -- sizes --------------------------------------------------------------------
TOUCH = dp(48)  # the smallest anything touchable may be
BUTTON = dp(60)  # ordinary buttons
KEY = dp(64)  # keypad keys (minimum; they grow with the space)
ROW = dp(52)  # a cart or list row
STATUS_BAR = dp(48)  # tappable: opens the details
PAD = dp(8)
GAP = dp(6)
