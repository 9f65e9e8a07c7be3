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

import pytest
from soak_plan import SoakPlan
from soak_report import section, summary
from soak_run import run_soak
from soak_verdict import problems

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
    found = problems(result)
    if PLAN.report is not None:
        PLAN.report.write_text(section(result, problems=found), encoding="utf-8")
    print(summary(result))
    assert found == []
