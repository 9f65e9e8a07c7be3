"""Signing in, locking and unlocking: the PIN pad's view-model.

After a sign-in the cashier lands on the sale screen, or on the shift screen when
no shift is open yet (a sale needs an open shift).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.services.errors import NotAllowed
from kassa.terminal.ui.viewmodels.base import ViewModel
from kassa.terminal.ui.viewmodels.shell import ShellViewModel


class SessionViewModel(ViewModel):
    pin = StringProperty("")
    locked_by = StringProperty("")  # who was signed in when the screen was locked
    login_note = StringProperty("")  # shown under the PIN pad's hint (the demo's PINs)
    people = ListProperty([])  # the names to tap: [{"user_id", "text", "chosen"}]
    chosen_name = StringProperty("")  # the name tapped ("" for PIN only)

    def __init__(
        self, *, auth: Any, shell: ShellViewModel, shift_is_open: Any, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.auth = auth
        self.shell = shell
        self._shift_is_open = shift_is_open  # () -> bool, runs on the worker
        self.open_field = None  # set by kassa.terminal.ui.field: a rep's sign-in opens it
        self._people: list[tuple[Any, str, str]] = []
        self._chosen: Any = None  # the user id of the name tapped

    # -- the names on the sign-in screen -----------------------------------
    def load_people(self) -> None:
        self.call(self.auth.people, then=self._show_people)

    def _show_people(self, people: list[tuple[Any, str, str]]) -> None:
        self._people = people
        self._mark()

    def choose(self, user_id: Any) -> None:
        """Tap a name (again to undo it): the PIN is then checked for that person only."""
        self._chosen = None if user_id == self._chosen else user_id
        self.pin, self.error = "", ""
        self._mark()

    def _mark(self) -> None:
        people, chosen = self._people, self._chosen
        self.people = [
            {
                "user_id": user_id,
                "name": f"person_{name}",
                "text": f"{name}\n[size=15sp]{role}[/size]",
                "chosen": user_id == chosen,
            }
            for user_id, name, role in people
        ]
        self.chosen_name = next((name for uid, name, _ in people if uid == chosen), "")

    # -- signing in -----------------------------------------------------------
    def sign_in(self, pin: str | None = None) -> None:
        pin = self.pin if pin is None else pin
        self.pin = ""
        if not pin:
            self.error = "Type your PIN on the keypad, then press Sign in"
            return
        self.call(self._sign_in, pin, self._chosen, then=self._signed_in)

    def _sign_in(self, pin: str, user_id: Any = None) -> tuple[Any, bool]:
        signed = self.auth.login(pin, user_id=user_id)
        operator = signed.operator
        if operator.role == "rep" and self.open_field is not None:
            return signed, "field"
        if not operator.limits.can_sell:
            self.auth.logout()
            raise NotAllowed(
                f"{operator.name} ({operator.role}) may not sell at the till; "
                "a cashier or manager signs in here"
            )
        return signed, self._shift_is_open()

    def _signed_in(self, result: tuple[Any, bool]) -> None:
        signed, shift_open = result
        operator = signed.operator
        self.shell.operator_text = f"{operator.name} · {operator.role}"
        self.locked_by = ""
        self._chosen = None
        self._mark()
        if shift_open == "field":
            self.open_field()
            return
        self.shell.go("sell" if shift_open else "shift")

    def lock(self) -> None:
        operator = self.auth.operator
        self.locked_by = operator.name if operator is not None else ""
        self.call(self.auth.lock, then=lambda _r: self.shell.go("lock"))

    def sign_out(self) -> None:
        self.call(self.auth.logout, then=lambda _r: self._signed_out())

    def _signed_out(self) -> None:
        self.shell.operator_text = ""
        self.locked_by = ""
        self.shell.go("login")
