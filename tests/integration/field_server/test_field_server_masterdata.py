"""Pipelines, stages and sales targets: API, CSV import (whole file or nothing), device pull."""

from __future__ import annotations

from pathlib import Path

import pytest

from kassa.server.csvio import ImportFailed, import_file

DOCS = Path(__file__).resolve().parents[3] / "docs" / "csv"


def test_stages_belong_to_a_pipeline_and_reach_the_tablet_with_their_colour(world):
    stages = world.get("pipeline-stages")
    assert [(s["code"], s["colour"], s["is_won"]) for s in stages][:2] == [
        ("LEAD", "#90A4AE", False),
        ("LOST", "#C62828", False),
    ]
    [pipeline] = world.get("pipelines")
    assert {s["pipeline_id"] for s in stages} == {pipeline["id"]}
    pulled = {c["table"] for c in world.pull_all()}
    assert {"pipelines", "pipeline_stages", "sales_orders"} - pulled == {"sales_orders"}
    bad = world.client.post(
        "/api/v1/pipeline-stages",
        json={"code": "X", "name": "X", "pipeline_id": world.store["id"]},
        headers=world.headers,
    )
    assert bad.status_code == 422 and "pipeline_id" in bad.json()["message"]
    bad = world.client.post(
        "/api/v1/pipeline-stages", json={"code": "Y", "name": "Y", "colour": "red"},
        headers=world.headers,
    )  # fmt: skip
    assert bad.status_code == 422


def test_a_target_is_keyed_by_rep_and_period_start(world):
    target = {"user_id": world.rep_row["id"], "period_start": "2026-03-01",
              "period_end": "2026-03-31", "amount_minor": 100000, "currency": "EUR"}  # fmt: skip
    world.create("sales-targets", **target)
    again = world.client.post("/api/v1/sales-targets", json=target, headers=world.headers)
    assert again.status_code == 409 and "already exists" in again.json()["message"]


def test_the_sample_files_import_and_a_second_import_updates(world, field_db):
    for kind in ("stores", "roles", "users", "pipelines", "pipeline-stages", "sales-targets"):
        import_file(field_db, kind=kind, path=DOCS / f"{kind}.csv")
    again = import_file(field_db, kind="sales-targets", path=DOCS / "sales-targets.csv")
    assert (again.created, again.updated) == (0, 2)
    targets = [t for t in world.get("sales-targets") if t["currency"] == "EUR"]
    assert sorted(t["amount_minor"] for t in targets) == [2500000, 3000000]
    [b2b] = [p for p in world.get("pipelines") if p["code"] == "B2B"]
    won = [s for s in world.get("pipeline-stages") if s["code"] == "WON"]
    assert won[0]["pipeline_id"] == b2b["id"] and won[0]["colour"] == "#2E7D32"


def test_a_bad_stage_file_names_line_and_column_and_writes_nothing(world, field_db, tmp_path):
    path = tmp_path / "stages.csv"
    path.write_text(
        "code,name,pipeline,colour,won\nNEW,New,B2B,#123456,true\nODD,Odd,NOPE,#000000,maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(field_db, kind="pipeline-stages", path=path)
    text = str(failed.value)
    assert "line 3, column pipeline: no pipeline with code 'NOPE'" in text
    assert "line 3, column won: 'maybe' is not true or false" in text
    assert "NEW" not in {s["code"] for s in world.get("pipeline-stages")}


def test_a_stage_cannot_be_won_and_lost(world):
    both = world.client.post(
        "/api/v1/pipeline-stages",
        json={"code": "ODD", "name": "Odd", "is_won": True, "is_lost": True},
        headers=world.headers,
    )
    assert both.status_code == 422 and "won or lost, not both" in both.text


def test_a_viewer_reads_reports_but_cannot_invoice_or_move_orders(world, field_db, clock):
    from kassa.server.office import create_user, open_session

    with field_db.write() as session:
        user = create_user(session, username="clerk", password="viewer pass", role="viewer")
        token = open_session(session, user=user, now=clock())
    headers = {"Authorization": f"Bearer {token}"}
    period = {"from": "2026-03-01", "to": "2026-03-31"}
    assert world.client.get("/api/v1/reports/win-rate", params=period, headers=headers).is_success
    refused = world.client.post("/api/v1/invoices/issue", json={}, headers=headers)
    assert refused.status_code == 403 and "needs an admin" in refused.json()["message"]
    tablet = {"Authorization": f"Bearer {world.tablet['token']}"}
    assert world.client.get("/api/v1/sales-orders", headers=tablet).status_code in (401, 403)
