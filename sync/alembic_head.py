"""The head revision of an Alembic ``versions`` folder, read without importing Alembic.

Importing Alembic costs 0.2-1 s at every start, and a migration is rarely due:
the device (``kassa.sync.replica.migrate``) and the server (``kassa.server.schema``)
compare the database's ``alembic_version`` with ``script_head`` and import Alembic
only when they differ. The head is the one revision no other revision names as its
``down_revision``. Anything unusual (no revision file, a merge revision, a line this
reader does not understand, two heads) gives None, and Alembic decides.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


@lru_cache(maxsize=4)
def script_head(versions: Path) -> str | None:
    """The head revision of the migration files in ``versions`` (None: not sure)."""
    revisions: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name == "__init__.py":
            continue
        try:
            found = dict(_LINE.findall(path.read_text(encoding="utf-8")))
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError, OSError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None  # a merge revision names a tuple: leave it to Alembic
        revisions[revision] = down
    heads = set(revisions) - set(revisions.values())
    return heads.pop() if len(heads) == 1 else None
