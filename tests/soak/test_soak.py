"""The soak: many terminals through server restarts, a database restart and a bad network.

Terminals (a real device database and the real sync engine each) sell and sync
against two server processes sharing one PostgreSQL database, half of them
through a proxy that drops connections and answers 500, while head office
changes prices and the servers and PostgreSQL are restarted, killed and
crashed on a schedule. Afterwards every sale is on the server exactly once
(counted by id and by terminal and seq, no gaps, in each terminal's order) and
every terminal holds head office's latest prices.

By default this is the short form (CI, about a minute); ``python -m tests.soak``
(``make soak``) runs it long and writes the figures to docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from soak_chaos import CYCLE
from soak_plan import SoakPlan
from soak_report import summary
from soak_run import run_soak

PLAN = SoakPlan.from_env()

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.timeout(PLAN.timeout),
]


def test_every_sale_arrives_once_and_every_terminal_has_the_latest_prices(
    tmp_path, postgres_cluster, postgres_url, server_process
):
    result = run_soak(
        PLAN,
        workdir=tmp_path,
        database_url=postgres_url,
        pg_socket_dir=postgres_cluster.socket_dir,
        server_process=server_process,
    )
    if PLAN.figures is not None:
        PLAN.figures.write_text(json.dumps(asdict(result), default=str, indent=2))
    print(summary(result))

    assert result.errors == []
    assert result.unsettled == []
    ledger = result.ledger
    assert ledger.lost == 0
    assert ledger.duplicated_by_id == 0 and ledger.duplicated_by_seq == 0
    assert ledger.gaps == 0 and ledger.out_of_order == 0
    assert ledger.unexpected == 0 and ledger.not_stored == 0
    assert ledger.pushed == ledger.recorded >= PLAN.terminals * 10
    assert result.price_mismatches == []
    # the faults really happened: each kind at least once, and the proxies broke requests
    assert {injected.kind for injected in result.injected} == set(CYCLE)
    assert sum(result.proxy_faults.values()) >= 5
    assert result.syncs_failed > 0  # terminals felt the outages and carried on
    assert result.price_changes >= 3 and result.price_changes_by_command >= 1
