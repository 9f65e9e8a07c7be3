"""Who is at the terminal: PIN login, lockout, lock screen, switching, approvals.

PINs are checked against the synced users' argon2 hashes (verify only; hashes are
made at head office, with the parameters each hash carries). ``max_tries`` wrong
PINs in a row lock the PIN pad for ``lockout``, doubling with each lockout in a
row up to ``MAX_LOCKOUT`` (a 4-digit PIN then takes years to guess at the pad);
a good PIN resets both. The count survives a restart (kept in ``LocalState``)
and each lockout is recorded as a ``security_event`` fact. A clock set back
never makes a lockout longer than its length.

A PIN alone does not say whose it is, so each active user's hash is tried in
turn (an argon2 verify is tens to hundreds of milliseconds): users who signed
in on this terminal recently are tried first, so the usual login costs one
verify; ``login(pin, user_id=...)`` (pick the name, then the PIN) always does.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kassa.terminal.services.errors import (
    LockedOut,
    NotAllowed,
    NotSaved,
    NotSignedIn,
    WrongPin,
)
from kassa.terminal.services.events import SignedIn
from kassa.terminal.services.ports import Clock, FactLog, LocalState, UserDirectory, UserRecord
from kassa.terminal.services.roles import DEFAULT_LIMITS, Approval, Operator, Role, RoleLimits

log = logging.getLogger(__name__)
_STATE = ("auth", "tries")
_RECENT = ("auth", "recent")
RECENT_USERS = 10
MAX_LOCKOUT = timedelta(hours=1)


class Auth:
    def __init__(
        self,
        *,
        users: UserDirectory,
        state: LocalState,
        facts: FactLog,
        clock: Clock,
        limits: Mapping[str, RoleLimits] | None = None,
        max_tries: int = 5,
        lockout: timedelta = timedelta(minutes=1),
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._users, self._state, self._facts, self._clock = users, state, facts, clock
        self._limits = {**DEFAULT_LIMITS, **(limits or {})}
        self._max_tries, self._lockout = max_tries, lockout
        self._hasher = hasher or PasswordHasher()
        self._operator: Operator | None = None
        self._locked = False

    # -- state the lock screen shows -------------------------------------
    @property
    def operator(self) -> Operator | None:
        """Who is signed in (also while the screen is locked), or None."""
        return self._operator

    @property
    def locked(self) -> bool:
        return self._locked or self._operator is None

    def require(self) -> Operator:
        """The signed-in, unlocked operator; raises ``NotSignedIn`` otherwise."""
        if self._operator is None or self._locked:
            raise NotSignedIn("The terminal is locked: sign in with your PIN")
        return self._operator

    def now(self) -> datetime:
        return self._clock.now()

    def limits_for(self, role: str) -> RoleLimits:
        return self._limits.get(role, RoleLimits(can_sell=False))

    def people(self) -> list[tuple[uuid.UUID, str, str]]:
        """(user id, name, role) of everyone who may sign in here, by name: the names
        the sign-in screen shows (tap a name, then the PIN: one hash to verify)."""
        active = (user for user in self._users.users() if user.active)
        return [
            (user.id, user.name, user.role)
            for user in sorted(active, key=lambda user: user.name.casefold())
        ]

    # -- use cases --------------------------------------------------------
    def login(self, pin: str, *, user_id: uuid.UUID | None = None) -> SignedIn:
        """Sign in (or switch cashier) with a PIN; ``user_id`` narrows it to one user."""
        user = self._match(pin, user_id=user_id, managers_only=False)
        self._operator = self._as_operator(user)
        self._locked = False
        return SignedIn(self._operator)

    def lock(self) -> None:
        """Lock the screen; the operator stays until someone signs in."""
        self._locked = True

    def unlock(self, pin: str) -> SignedIn:
        """Unlock with any user's PIN; another user's PIN switches the cashier."""
        return self.login(pin)

    def logout(self) -> None:
        self._operator, self._locked = None, False

    def approve(self, pin: str, *, action: str) -> Approval:
        """A manager's approval of ``action`` by their PIN (counts toward lockout)."""
        user = self._match(pin, user_id=None, managers_only=True)
        return Approval(action=action, manager=self._as_operator(user), at=self._clock.now())

    # -- internals --------------------------------------------------------
    def _as_operator(self, user: UserRecord) -> Operator:
        role = Role(user.role) if user.role in Role._value2member_map_ else None
        if role is None:
            raise NotAllowed(f"{user.name} has the unknown role {user.role!r}; ask head office")
        return Operator(user.id, user.name, role, self.limits_for(role))

    def _match(self, pin: str, *, user_id: uuid.UUID | None, managers_only: bool) -> UserRecord:
        now = self._clock.now()
        tries = dict(self._state.get(kind=_STATE[0], key=_STATE[1]) or {"count": 0})
        until = self._until(tries, now)
        if until is not None and until > now:
            raise LockedOut(
                f"Too many wrong PINs: try again in {_wait(until - now)} or ask a manager",
                until=until,
            )
        if not pin or not pin.isdigit():
            raise WrongPin("A PIN is digits only: type it again", attempts_left=self._left(tries))
        for user in self._candidates(user_id=user_id, managers_only=managers_only):
            if self._verify(user.pin_hash, pin):
                try:  # bookkeeping only: a full disk must not keep the manager out
                    if tries != {"count": 0}:
                        self._state.put(kind=_STATE[0], key=_STATE[1], value={"count": 0})
                    self._note_recent(user.id)
                except NotSaved:
                    log.warning("could not save the PIN pad's state after a good PIN")
                return user
        return self._wrong(tries, now, managers_only=managers_only)

    def _candidates(self, *, user_id: uuid.UUID | None, managers_only: bool) -> list[UserRecord]:
        """Who the PIN may be, most recently signed-in on this terminal first."""
        recent = list((self._state.get(kind=_RECENT[0], key=_RECENT[1]) or {}).get("ids", ()))
        rank = {user: place for place, user in enumerate(recent)}
        users = [
            user
            for user in self._users.users()
            if user.active
            and (user_id is None or user.id == user_id)
            and (not managers_only or self.limits_for(user.role).can_approve)
        ]
        return sorted(users, key=lambda user: rank.get(str(user.id), len(rank)))

    def _note_recent(self, user: uuid.UUID) -> None:
        saved = list((self._state.get(kind=_RECENT[0], key=_RECENT[1]) or {}).get("ids", ()))
        ids = [str(user), *(other for other in saved if other != str(user))][:RECENT_USERS]
        if ids != saved:
            self._state.put(kind=_RECENT[0], key=_RECENT[1], value={"ids": ids})

    def _lockout_for(self, lockouts: int) -> timedelta:
        """The n-th lockout in a row lasts twice the one before, up to ``MAX_LOCKOUT``."""
        return min(self._lockout * 2 ** max(0, lockouts - 1), max(MAX_LOCKOUT, self._lockout))

    def _until(self, tries: dict, now: datetime) -> datetime | None:
        """The end of the lockout; re-anchored when the clock went back past its start."""
        if not tries.get("until"):
            return None
        until = datetime.fromisoformat(tries["until"])
        longest = self._lockout_for(int(tries.get("lockouts", 1)))
        if until - now > longest:
            until = now + longest
            tries["until"] = until.isoformat()
            self._state.put(kind=_STATE[0], key=_STATE[1], value=tries)
        return until

    def _verify(self, pin_hash: str, pin: str) -> bool:
        try:
            return self._hasher.verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False

    def _left(self, tries: Mapping[str, object]) -> int:
        return max(0, self._max_tries - int(tries.get("count", 0)))

    def _wrong(self, tries: dict, now: datetime, *, managers_only: bool) -> UserRecord:
        count = int(tries.get("count", 0)) + 1
        if count >= self._max_tries:
            lockouts = int(tries.get("lockouts", 0)) + 1
            length = self._lockout_for(lockouts)
            until = now + length
            self._state.put(
                kind=_STATE[0],
                key=_STATE[1],
                value={"count": 0, "until": until.isoformat(), "lockouts": lockouts},
            )
            self._facts.record(
                type="security_event",
                payload={
                    "event": "pin_lockout",
                    "tries": count,
                    "until": until.isoformat(),
                    "lockouts_in_a_row": lockouts,
                    "seconds": int(length.total_seconds()),
                },
            )
            raise LockedOut(
                f"{count} wrong PINs: the PIN pad is locked for {_wait(length)}",
                until=until,
            )
        self._state.put(kind=_STATE[0], key=_STATE[1], value={**tries, "count": count})
        who = "a manager's PIN" if managers_only else "a PIN"
        left = self._max_tries - count
        raise WrongPin(f"That is not {who}: {left} tries left before lockout", attempts_left=left)


def _wait(length: timedelta) -> str:
    """``45 s``, ``2 min``: a wait the cashier reads without knowing the clock's zone."""
    seconds = max(1, math.ceil(length.total_seconds()))
    return f"{seconds} s" if seconds < 90 else f"{math.ceil(seconds / 60)} min"
