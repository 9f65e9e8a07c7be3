"""The soak's own tools: its plan from the environment, and writing only its own section."""

from __future__ import annotations

import pytest
from soak_plan import LONG_FORM, SoakPlan
from soak_report import write_section

DOCUMENT = """# Reliability

## Device

device text

## Soak

old figures

## Transport

transport text
"""


def test_the_soak_section_is_replaced_and_the_others_are_kept(tmp_path):
    path = tmp_path / "RELIABILITY.md"
    path.write_text(DOCUMENT)
    write_section(path, "## Soak\n\nnew figures\n")
    write_section(path, "## Soak\n\nnewer figures\n")
    assert path.read_text() == DOCUMENT.replace("old figures", "newer figures")


def test_a_missing_soak_section_is_appended(tmp_path):
    path = tmp_path / "RELIABILITY.md"
    path.write_text("# Reliability\n\n## Device\n\ntext\n")
    write_section(path, "## Soak\n\nfigures\n")
    assert path.read_text() == "# Reliability\n\n## Device\n\ntext\n\n## Soak\n\nfigures\n"


def test_the_long_form_comes_from_the_environment():
    plan = SoakPlan.from_env(LONG_FORM)
    assert (plan.terminals, plan.seconds, plan.form) == (20, 600.0, "long")
    assert SoakPlan.from_env({}).form == "short"


@pytest.mark.parametrize("raw", ["many", "-3", "0"])
def test_a_bad_setting_is_refused_with_its_name(raw):
    with pytest.raises(ValueError, match="KASSA_SOAK_TERMINALS"):
        SoakPlan.from_env({"KASSA_SOAK_TERMINALS": raw})
