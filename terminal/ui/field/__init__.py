"""The rep's field-sales screens in the same Kivy app as the till.

``attach(terminal)`` (called by ``kassa.terminal.ui.terminal.Terminal``) builds the
field services on the terminal's ``Pos`` (``kassa.terminal.services.field``), the
``FieldViewModel`` and the screens, and lets a rep's sign-in open the field-sales
home. A ``Pos`` without a device replica (no field services) gets no field screens.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def attach(terminal: Any) -> list:
    """The field screens for ``terminal`` (empty when its Pos has no replica)."""
    extras = getattr(terminal.pos, "extras", {})
    if "replica" not in extras or "identity" not in extras:
        return []
    from kassa.terminal.services.field import field_sales_for
    from kassa.terminal.ui.field.screens import field_screens
    from kassa.terminal.ui.field.viewmodel import FieldViewModel

    services = extras.get("field") or field_sales_for(terminal.pos)
    extras["field"] = services
    vm = FieldViewModel(field=services, shell=terminal.shell, worker=terminal.worker)
    terminal.field = vm
    terminal.session.open_field = vm.open_home
    return field_screens(vm=vm, session=terminal.session)
