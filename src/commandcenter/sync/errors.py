"""What can go wrong talking to the district platform, each with a stable code and a message
that names the problem. None of them carries a token or a password."""

from __future__ import annotations

from ..domain.errors import DomainError


class SyncError(DomainError):
    code = "sync_failed"


class Offline(SyncError):
    """The platform could not be reached (refused, reset, timed out, cut short) after retries."""

    code = "offline"


class ServerBusy(SyncError):
    """The platform answered 429 or 5xx after retries (or asked to wait longer than we do)."""

    code = "server_busy"

    def __init__(self, message: str, *, retry_after: float | None = None, status: int = 0) -> None:
        super().__init__(message, retry_after=retry_after, status=status)
        self.retry_after = retry_after
        self.status = status


class SignInThrottled(ServerBusy):
    """429 at sign-in: the account (or this address) is held back after failed sign-ins; the
    password was not checked. Not retried: waiting is the person's to decide."""

    code = "sign_in_throttled"


class SignInRequired(SyncError):
    """401: no token, or it expired or was revoked. Sign in again; never retried."""

    code = "sign_in_required"


class BadCredentials(SyncError):
    code = "bad_credentials"


class Refused(SyncError):
    """A 4xx the platform explains with a reason (not retried)."""

    code = "refused"

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(
            f"the platform refused the request ({status} {reason}): {message}",
            status=status,
            reason=reason,
        )
        self.status = status
        self.reason = reason


class MalformedResponse(SyncError):
    """The platform's answer is not what the protocol says: refused whole, nothing written."""

    code = "malformed_response"


class TokenStoreError(SyncError):
    code = "token_store"
