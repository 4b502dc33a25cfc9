"""Who a request acts for: the account's person, roles and street office."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.enums import DESK_ROLES, Role


@dataclass(frozen=True, slots=True)
class Principal:
    username: str
    person: str
    name: str
    roles: frozenset[Role]
    # The street office (level-1 grid code); None for an account of the district.
    street: str | None

    @property
    def is_district(self) -> bool:
        return self.street is None

    @property
    def at_desk(self) -> bool:
        """A command centre's account: pushes the work of its street's people (an outbox holds
        the events of everyone who signed in at that workstation)."""
        return self.is_district or bool(self.roles & DESK_ROLES)

    def sees(self, street: str | None) -> bool:
        return street is None or self.street is None or street == self.street
