"""The cashier's touch terminal (Kivy). Entry point: ``kassa.terminal.ui.app.run(pos)``.

- ``app``: ``KassaApp`` and ``run`` (what ``kassa terminal`` calls);
- ``terminal``: ``Terminal``, the UI's composition for one ``Pos`` (view-models,
  screens, frame, scan router, one worker thread);
- ``viewmodels/``: what each screen shows, as Kivy properties, and the service calls
  behind it, always off the UI thread (``worker``);
- ``screens/``: one ``.kv`` per screen and a small ``Screen`` class bound to its
  view-model; ``frame`` (status bar, approval dialog), ``dialogs``, ``widgets``
  (touch buttons, keypad) and ``theme`` (colours, sizes in dp);
- ``scanner``: keyboard-wedge and serial scans routed to the screen on show.

Screens never touch SQL, HTTP or printers; the services (``kassa.terminal.services``)
do, on the worker thread. Screenshots of every screen: ``docs/screens/``.
"""
