"""The pull cursor is opaque text that round-trips and refuses anything else."""

from __future__ import annotations

import pytest

from kassa.core.ids import new_id
from kassa.server.cursor import BadCursor, Cursor


def test_a_cursor_round_trips_and_orders_by_version_then_row():
    epoch, store, row = new_id(), new_id(), new_id()
    cursor = Cursor(epoch, store, 42, row)
    text = cursor.encode()
    assert Cursor.decode(text) == cursor
    assert "=" not in text and "/" not in text and "+" not in text  # safe in a query string
    assert (
        Cursor(epoch, store, 42, None).key() < cursor.key() < Cursor(epoch, store, 43, None).key()
    )


@pytest.mark.parametrize("text", ["", "not-a-cursor", "W10", "WyJ4IiwieSIsMSwieiJd", "e30"])
def test_anything_else_is_a_bad_cursor(text):
    with pytest.raises(BadCursor):
        Cursor.decode(text)
