"""High contrast, checked: WCAG 2 contrast ratios of the theme's text on its fills."""

from __future__ import annotations

import pytest

from kassa.terminal.ui import theme


def luminance(colour) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


FILLS = ("PRIMARY", "GO", "DANGER", "NEUTRAL", "WARN", "OK", "SELECTED", "PANEL_ALT", "PANEL")


@pytest.mark.parametrize("fill", FILLS)
def test_white_text_is_at_least_aa_on_every_fill(fill):
    assert contrast(theme.TEXT, getattr(theme, fill)) >= 4.5


def test_the_total_and_secondary_text_stand_out():
    assert contrast(theme.TOTAL, theme.PANEL_ALT) >= 7  # the amount due: AAA
    assert contrast(theme.TOTAL, theme.BG) >= 7
    for background in (theme.BG, theme.PANEL, theme.PANEL_ALT):
        assert contrast(theme.TEXT_DIM, background) >= 7
