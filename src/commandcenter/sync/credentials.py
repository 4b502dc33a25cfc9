"""Where the platform's token is kept between runs: the OS keyring when it is a real one
(Secret Service, KWallet, macOS Keychain, Windows Credential Locker). A plaintext backend (such
as keyrings.alt's files) is refused, and where there is none the token lives in memory for the
session only and the app says so. The token is never written to a log."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import TokenStoreError

log = logging.getLogger(__name__)
SERVICE = "commandcenter"

# Backends that keep secrets encrypted by the operating system; anything else is refused.
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
    }
)


class TokenStore(Protocol):
    persistent: bool
    why: str

    def get(self, account: str) -> str | None: ...
    def set(self, account: str, token: str) -> None: ...
    def delete(self, account: str) -> None: ...


def backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_secure(backend: Any) -> bool:
    """Whether a keyring backend keeps secrets encrypted (a chainer: all of its backends)."""
    chained = getattr(backend, "backends", None) or ()
    if backend_name(backend) == "keyring.backends.chainer.ChainerBackend":
        return bool(chained) and all(is_secure(b) for b in chained)
    return backend_name(backend) in SECURE_BACKENDS


@dataclass
class MemoryTokens:
    """Kept for this session only."""

    why: str
    persistent: bool = False

    def __post_init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def get(self, account: str) -> str | None:
        return self._tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self._tokens[account] = token

    def delete(self, account: str) -> None:
        self._tokens.pop(account, None)

    def __repr__(self) -> str:  # never the tokens
        return f"MemoryTokens({len(self._tokens)} kept)"


class KeyringTokens:
    persistent = True

    def __init__(self, backend: Any, service: str = SERVICE) -> None:
        if not is_secure(backend):
            raise TokenStoreError(
                f"the keyring backend {backend_name(backend)} does not encrypt what it keeps; "
                "a token is never stored in plaintext",
                backend=backend_name(backend),
            )
        self.backend = backend
        self.service = service
        self.why = f"kept in the system keyring ({backend_name(backend)})"

    def get(self, account: str) -> str | None:
        try:
            value = self.backend.get_password(self.service, account)
        except Exception as exc:  # a locked or vanished keyring
            log.warning("the keyring cannot be read: %s", type(exc).__name__)
            return None
        return value if isinstance(value, str) else None

    def set(self, account: str, token: str) -> None:
        try:
            self.backend.set_password(self.service, account, token)
        except Exception as exc:
            raise TokenStoreError(f"the keyring refused the token: {type(exc).__name__}") from None

    def delete(self, account: str) -> None:
        with contextlib.suppress(Exception):
            self.backend.delete_password(self.service, account)

    def __repr__(self) -> str:
        return f"KeyringTokens({backend_name(self.backend)})"


def token_store(backend: Any | None = None) -> TokenStore:
    """The system keyring if it is a secure one; otherwise memory, saying why."""
    if backend is None:
        try:
            import keyring

            backend = keyring.get_keyring()
        except Exception as exc:
            return MemoryTokens(
                f"no system keyring ({type(exc).__name__}): token kept for this session only"
            )
    if is_secure(backend):
        return KeyringTokens(backend)
    name = backend_name(backend)
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        why = "no system keyring: the token is kept for this session only"
    else:
        why = (
            f"the system keyring ({name}) is not encrypted: the token is kept for this session only"
        )
    log.info(why)
    return MemoryTokens(why)
