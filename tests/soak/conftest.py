"""The soak reuses the end-to-end fixtures and helpers of tests/e2e.

tests/e2e's helpers (``sync_devices``, ``sync_head_office``, ``sync_fault_proxy``)
are put on the import path, and its fixtures (``postgres_cluster``,
``postgres_url``, ``server_process``) are loaded from tests/e2e/conftest.py
under a name of their own, so pytest's conftest handling does not mix the two.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
if str(E2E) not in sys.path:
    sys.path.insert(0, str(E2E))


def _load_e2e_fixtures():
    name = "kassa_soak_e2e_fixtures"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, E2E / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_e2e = _load_e2e_fixtures()
postgres_cluster = _e2e.postgres_cluster
postgres_url = _e2e.postgres_url
server_process = _e2e.server_process
