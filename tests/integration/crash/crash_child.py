"""The process the crash test kills: sells through the terminal's services, for ever.

Run as ``python crash_child.py DATA_DIR``: it imports everything once (a
"zygote"), then for each line ``go SEED`` on stdin forks a seller and answers
``PID <pid>``. A seller builds the services with ``kassa.terminal.bootstrap``
(device database, durable print queue, no printer, no server), writes
``READY`` and then sells for ever, writing ``SALE <number>`` to stdout with one
``os.write`` only after ``checkout`` returned. The test SIGKILLs the seller.
Forking from a warm process keeps each of the 200+ runs short.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from kassa.core.money import Money
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.events import Tender

BARCODES = ("4006381333931", "96385074", "036000291452", "4012345000023", "4012345000030")


class NoSync:
    def nudge(self) -> None:
        return None

    def state(self):  # pragma: no cover - not read here
        return None


def sell_for_ever(data_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    pos = build_pos({}, data_dir=data_dir, overrides={"sync": NoSync()})
    pos.auth.login("1111")
    os.write(1, b"READY\n")
    while True:
        for _ in range(rng.randint(1, 4)):
            pos.sale.scan(rng.choice(BARCODES))
        total = pos.sale.view().total
        how = rng.choice(("cash", "card", "split"))
        if how == "cash":
            tenders = [Tender("cash", total + Money.of("5", "EUR"))]
        elif how == "card":
            tenders = [Tender("card", total, f"R{rng.randint(1, 999999)}")]
        else:
            card = Money(total.minor // 2, total.currency)
            tenders = [Tender("card", card, "S1"), Tender("cash", total - card)]
        done = pos.sale.checkout(tenders)
        os.write(1, f"SALE {done.number}\n".encode())


def main() -> None:
    data_dir = Path(sys.argv[1])
    for line in sys.stdin:
        command, _, seed = line.strip().partition(" ")
        if command != "go":
            continue
        pid = os.fork()
        if pid == 0:  # the seller
            try:
                sell_for_ever(data_dir, int(seed))
            except BaseException as exc:  # a crash of the seller itself is a test failure
                os.write(1, f"ERROR {type(exc).__name__}: {exc}\n".encode())
            finally:
                os._exit(3)
        os.write(1, f"PID {pid}\n".encode())
        os.waitpid(pid, 0)  # reaped after the test killed it
        os.write(1, b"DEAD\n")


if __name__ == "__main__":
    main()
