"""Opens the real app with ``kassa.terminal.ui.app.run`` in its own process, signs in
with a typed PIN, prints what the window shows, and closes the app.

Run by test_ui_app_run.py: ``python app_probe.py <data dir>`` (a seeded device database).
"""

from __future__ import annotations

import sys
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock

from kassa.terminal.bootstrap import build_pos
from kassa.terminal.ui.app import run


def probe(_dt: float) -> None:
    from kivy.core.window import Window

    terminal = App.get_running_app().terminal
    print("screen", terminal.frame.manager.current, "size", tuple(Window.size), flush=True)
    for char in "9999":  # the manager's PIN, as a person types it
        Window.dispatch("on_key_down", ord(char), 0, char, [])
    Window.dispatch("on_key_down", 13, 0, None, [])
    Clock.schedule_interval(lambda _dt: done(terminal), 0.1)


def done(terminal) -> bool | None:
    if terminal.worker.busy or terminal.frame.manager.current == "login":
        return None
    print("screen", terminal.frame.manager.current, terminal.shell.operator_text, flush=True)
    App.get_running_app().stop()
    return False


def main() -> None:
    pos = build_pos({}, data_dir=Path(sys.argv[1]))
    Clock.schedule_once(probe, 0.5)
    try:
        run(pos, size=(1024, 600), on_screen_keyboard=False, login_note="probe")
    finally:
        pos.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
