"""The rep's field-sales screens in the same Kivy app as the till.

``attach(terminal)`` (called by ``kassa.terminal.ui.terminal.Terminal``) builds the
field services on the terminal's ``Pos`` (``kassa.terminal.services.field``), the
screens' view-models (``viewmodels``, joined by ``FieldNav``) and the screens
(``screens``, one kv file each), and lets a rep's sign-in open the field-sales
home. A ``Pos`` without a device replica gets no field screens.
"""

from __future__ import annotations

from typing import Any


def attach(terminal: Any) -> list:
    """The field screens for ``terminal`` (empty when its Pos has no replica)."""
    extras = getattr(terminal.pos, "extras", {})
    if "replica" not in extras or "identity" not in extras:
        return []
    from kassa.terminal.services.field import field_sales_for
    from kassa.terminal.ui.field.screens import field_screens
    from kassa.terminal.ui.field.viewmodels.nav import FieldNav

    services = extras.get("field") or field_sales_for(terminal.pos)
    extras["field"] = services
    nav = FieldNav(
        field=services, shell=terminal.shell, session=terminal.session, worker=terminal.worker
    )
    terminal.field = nav
    terminal.session.open_field = nav.open_home
    return field_screens(nav)
