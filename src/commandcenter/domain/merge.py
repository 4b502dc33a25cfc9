"""The merge rule of SPEC §4, the same on the district platform and on every client.

Status transitions apply in commit order, and one that is illegal against the state it meets is
a conflict; non-status events (supervision, extension and shelving requests, approvals of an
extension, raising the level) are kept as a union: one the case's state no longer allows is
recorded but does not move the projection. Events may arrive later than they happened (offline
work): the projection's `updated_at` never goes back."""

from __future__ import annotations

import dataclasses

from .errors import IllegalTransition, ValidationError
from .lifecycle import TRANSITIONS
from .projection import DeadlinePolicy, FoldEvent, Projection, apply_event

# Events that never change the state: merged as a union.
NON_STATUS = frozenset(tr.event for tr in TRANSITIONS if tr.target is None)


def merge(p: Projection, ev: FoldEvent, policy: DeadlinePolicy) -> Projection | None:
    """The projection after `ev` under the merge rule; None when a non-status event is kept
    without moving the projection. Raises IllegalTransition for a status event the state does
    not allow (the platform answers it as a conflict)."""
    try:
        after = apply_event(p, ev, policy)
    except (IllegalTransition, ValidationError, ValueError):
        if ev.type in NON_STATUS:
            return None
        raise
    if after.updated_at < p.updated_at:
        after = dataclasses.replace(after, updated_at=p.updated_at)
    return after
