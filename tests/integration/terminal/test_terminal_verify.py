"""``kassa verify``: the journal chain and the number series, as a person runs it."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from kassa.cli import app
from kassa.terminal.services.events import Tender


def _sell_three(rig) -> None:
    for _ in range(3):
        rig.pos.sale.scan("96385074")
        rig.pos.sale.checkout([Tender("cash", rig.eur("5"))])


def test_verify_passes_on_a_clean_device_and_finds_a_changed_receipt(open_rig, tmp_path):
    _sell_three(open_rig)
    env = {"KASSA_DATA_DIR": str(tmp_path), "KASSA_CONFIG": str(tmp_path / "none.toml")}
    runner = CliRunner()
    ok = runner.invoke(app, ["verify"], env=env)
    assert ok.exit_code == 0, ok.output
    assert "3 receipt" in ok.output and "journal verifies" in ok.output

    db = sqlite3.connect(tmp_path / "device.sqlite3")
    db.execute("DROP TRIGGER fact_no_update")  # what someone editing the file would do
    db.execute(
        "UPDATE fact SET payload = replace(payload, '\"total\":249', '\"total\":149') "
        "WHERE number = 'S01-T01-000002'"
    )
    db.commit()
    db.close()
    bad = runner.invoke(app, ["verify"], env=env)
    assert bad.exit_code == 1
    assert "PROBLEM: journal: hash mismatch" in bad.output


def test_verify_says_where_it_looked_when_there_is_no_database(tmp_path):
    result = CliRunner().invoke(app, ["verify"], env={"KASSA_DATA_DIR": str(tmp_path / "empty")})
    assert result.exit_code == 1 and "no device database" in result.output
