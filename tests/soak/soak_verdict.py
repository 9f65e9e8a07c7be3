"""What a soak must show, as a list of problems (empty: it passed).

Nothing lost, nothing doubled, no gaps, every terminal holding the latest
prices, no unexpected error anywhere, and proof that the faults happened: each
kind at least once, requests broken by the proxies, sync runs that gave up.
"""

from __future__ import annotations

from soak_chaos import CYCLE
from soak_run import SoakResult


def problems(result: SoakResult) -> list[str]:
    ledger, plan = result.ledger, result.plan
    found = [f"error: {error}" for error in result.errors]
    found += [f"still pending after the run: {name}" for name in result.unsettled]
    checks = {
        f"{ledger.lost} document(s) lost": ledger.lost == 0,
        f"{ledger.duplicated_by_id} duplicated by id": ledger.duplicated_by_id == 0,
        f"{ledger.duplicated_by_seq} duplicated by (terminal, seq)": ledger.duplicated_by_seq == 0,
        f"{ledger.gaps} gap(s) in the terminals' seqs": ledger.gaps == 0,
        f"{ledger.out_of_order} terminal(s) out of order": ledger.out_of_order == 0,
        f"{ledger.unexpected} fact(s) no terminal recorded": ledger.unexpected == 0,
        f"{ledger.not_stored} fact(s) quarantined": ledger.not_stored == 0,
        f"only {ledger.recorded} documents recorded": ledger.recorded >= 10 * plan.terminals,
        f"{ledger.pushed} pushed of {ledger.recorded}": ledger.pushed == ledger.recorded,
        "a fault kind never happened": {i.kind for i in result.injected} == set(CYCLE),
        "the proxies broke fewer than 5 requests": sum(result.proxy_faults.values()) >= 5,
        "no sync run ever gave up: the faults were not felt": result.syncs_failed > 0,
        "head office changed prices fewer than 3 times": result.price_changes >= 3,
        "no price change through `kassa server import`": result.price_changes_by_command >= 1,
    }
    found += [message for message, ok in checks.items() if not ok]
    found += [f"journal does not verify on {name}" for name in result.broken_journals]
    return found + [f"prices: {mismatch}" for mismatch in result.price_mismatches]
