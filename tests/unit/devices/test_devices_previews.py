"""Every layout has committed previews in docs/receipts (``kassa devices previews``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kassa.devices.layout.samples import all_documents

RECEIPTS = Path(__file__).resolve().parents[3] / "docs" / "receipts"


@pytest.mark.parametrize("name", sorted(all_documents()))
@pytest.mark.parametrize("columns", [48, 32])
def test_preview_is_committed_at_the_paper_width(name, columns):
    path = RECEIPTS / f"{name}_{columns}.png"
    assert path.exists(), f"run: kassa devices previews --out docs/receipts ({path.name} missing)"
    with Image.open(path) as image:
        assert image.width == columns * 12 + 2 * 24 + 16
