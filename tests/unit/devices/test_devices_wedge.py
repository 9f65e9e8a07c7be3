"""Keyboard-wedge scans are told from typing by keystroke timing."""

from __future__ import annotations

import random

import pytest

from kassa.devices.scanner.wedge import Scanned, Typed, WedgeDetector


def _type(detector: WedgeDetector, text: str, gaps_ms) -> list:
    events, at = [], 10.0
    for char, gap in zip(text, gaps_ms, strict=True):
        at += gap / 1000
        events += detector.feed(char, at)
    events += detector.flush(at + 1)
    return events


def test_scanner_speed_keys_ending_in_enter_are_one_scan_and_the_enter_is_swallowed():
    events = _type(WedgeDetector(threshold_ms=30), "4006381333931\r", [4] * 14)
    assert events == [Scanned("4006381333931")]


def test_a_person_typing_is_typing_and_their_enter_passes_through():
    events = _type(
        WedgeDetector(threshold_ms=30), "4006381\r", [110, 95, 130, 90, 85, 120, 100, 140]
    )
    assert "".join(e.text for e in events) == "4006381\r"
    assert all(isinstance(e, Typed) for e in events)


def test_fast_typing_with_rollover_is_not_taken_for_a_scan():
    rng = random.Random(7)
    detector = WedgeDetector(threshold_ms=30, min_length=6)
    text = "12345678901234\r"
    for _ in range(200):
        # a fast typist: 35-70 ms apart, and now and then two keys rolled over 10 ms apart
        gaps = [rng.choice([10, 35, 45, 55, 70]) for _ in text]
        events = _type(detector, text, gaps)
        assert not any(isinstance(e, Scanned) for e in events), gaps
        assert "".join(e.text for e in events) == text


def test_a_short_fast_burst_is_typing_not_a_scan():
    events = _type(WedgeDetector(threshold_ms=30, min_length=6), "42\r", [5, 5, 5])
    assert events == [Typed("42\r")]


def test_typing_right_before_a_scan_is_released_first():
    detector = WedgeDetector(threshold_ms=30)
    events = _type(detector, "q" + "96385074\r", [0] + [3] * 9)
    assert events == [Scanned("q96385074")]  # 3 ms after "q": indistinguishable
    events = _type(detector, "q" + "96385074\r", [0, 200] + [3] * 8)
    assert events == [Typed("q"), Scanned("96385074")]


def test_the_threshold_is_a_setting_for_scanners_with_inter_key_delay():
    slow_scanner = [40] * 14
    assert _type(WedgeDetector(threshold_ms=30), "4006381333931\r", slow_scanner)[0] != Scanned(
        "4006381333931"
    )
    assert _type(WedgeDetector(threshold_ms=50), "4006381333931\r", slow_scanner) == [
        Scanned("4006381333931")
    ]


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="wedge_threshold_ms"):
        WedgeDetector(threshold_ms=0)
