"""One sync with the district platform: push the outbox (photos first, resumable and idempotent
by hash; then the events in the order they were recorded, each with its own idempotency key),
then pull the feed page by page, each page applied in one transaction with the cursor, then
fetch the photos the pulled cases show. Conflicts and rejections stay local, unfolded, listed.

No Qt, no threads of its own but the one that reads the next page while this one is written:
the app runs `sync()` on a worker."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.clock import office_now
from ..domain.enums import DESK_ROLES, Role
from ..protocol import MAX_JSON_BODY, MAX_PAGE, ChangePage, Event, EventResult
from ..store.blobs import BlobStore
from ..store.case_numbers import CaseNumbers
from ..store.local_accounts import LocalAccount
from ..store.sync_store import SyncStore
from .api import PlatformApi
from .convert import event_of, outcome_of, pulled_page
from .errors import BadCredentials, MalformedResponse, Refused, SignInRequired, SyncError

log = logging.getLogger(__name__)

PUSH_BATCH = 200
# A batch's JSON stays well under the platform's 1 MiB limit.
PUSH_BYTES = MAX_JSON_BODY // 2


@dataclass(frozen=True, slots=True)
class SignedIn:
    username: str
    person: str
    name: str
    roles: frozenset[Role]
    street: str | None
    token: str | None  # None: signed in offline (nothing is pushed until an online sign-in)
    expires_at: datetime | None
    online: bool

    @property
    def at_desk(self) -> bool:
        return self.street is None or bool(self.roles & DESK_ROLES)

    def __repr__(self) -> str:  # never the token
        return f"SignedIn({self.username}, {self.person}, online={self.online})"


@dataclass
class SyncReport:
    pushed: int = 0
    sent: int = 0
    refused: int = 0
    later: int = 0
    pages: int = 0
    pulled: int = 0
    confirmed: int = 0
    reference: int = 0  # departments, categories, grids and people written
    photos: int = 0
    errors: list[str] = field(default_factory=list)


class SyncEngine:
    def __init__(
        self,
        store: SyncStore,
        api: PlatformApi,
        blobs: BlobStore,
        *,
        page_limit: int = MAX_PAGE,
        push_batch: int = PUSH_BATCH,
        photos_per_sync: int = 200,
    ) -> None:
        self.store = store
        self.api = api
        self.blobs = blobs
        self.page_limit = page_limit
        self.push_batch = push_batch
        self.photos_per_sync = photos_per_sync
        self.numbers = CaseNumbers(store.engine)
        self.who: SignedIn | None = None
        self._lock = threading.Lock()

    # -- signing in -------------------------------------------------------------------------
    def sign_in(self, username: str, password: str, now: datetime) -> SignedIn:
        """Online: the platform checks the password; this database is tied to the platform
        and the person's street, and a salted hash is kept for signing in offline later."""
        session = self.api.sign_in(username, password, self.numbers.workstation_id())
        person = session.person
        self.store.bind(self.api.server, person.street)
        self.numbers.remember(session.numbering.letter, session.numbering.prefixes)
        self.store.accounts.remember(
            username, person.code, person.street, password, self.api.server, now
        )
        self.who = SignedIn(
            username=username,
            person=person.code,
            name=person.name,
            roles=frozenset(person.roles),
            street=person.street,
            token=session.token,
            expires_at=session.expires_at,
            online=True,
        )
        return self.who

    def resume(
        self,
        username: str,
        token: str,
        account: LocalAccount,
        roles: frozenset[Role],
        name: str = "",
    ) -> SignedIn:
        """Use a token kept from an earlier sign-in (the platform answers 401 if it expired)."""
        self.who = SignedIn(
            username, account.person, name, roles, account.street, token, None, True
        )
        return self.who

    def sign_in_offline(
        self, username: str, password: str, roles: frozenset[Role], name: str = ""
    ) -> SignedIn:
        """Against the hash kept at this workstation's last online sign-in; the work done is
        queued and pushed after the next online sign-in."""
        account = self.store.accounts.check(username, password)
        if account is None:
            raise BadCredentials(
                f"{username} cannot sign in offline: wrong password, or never signed in online "
                "on this workstation"
            )
        if account.server != self.api.server:
            raise BadCredentials(
                f"{username} signed in here for {account.server}, not this platform"
            )
        self.who = SignedIn(
            username, account.person, name, roles, account.street, None, None, False
        )
        return self.who

    def _token(self) -> str:
        if self.who is None or self.who.token is None:
            raise SignInRequired("sign in online to sync")
        return self.who.token

    # -- one sync ----------------------------------------------------------------------------
    def sync(self, *, on_page: Callable[[int], None] | None = None) -> SyncReport:
        """Push, pull, fetch photos; raises SyncError (what was done stays done)."""
        with self._lock:
            report = SyncReport()
            self.push(report)
            self.pull(report, on_page=on_page)
            if report.pages and self.who is not None:
                self.store.describe_street(self.who.street)
            self.fetch_photos(report)
            self.store.set_meta({"last_sync": office_now().isoformat(timespec="seconds")})
            return report

    # -- push ------------------------------------------------------------------------------
    def push(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        token = self._token()
        assert self.who is not None
        after = 0
        while True:
            queued = self.store.queued(
                self.push_batch, actor=self.who.person, at_desk=self.who.at_desk, after=after
            )
            if not queued:
                return report
            events: list[Event] = []
            size = 0
            unsendable: list[tuple[int, str]] = []
            for q in queued:
                try:
                    ev = event_of(q.body)
                except ValueError as exc:
                    unsendable.append((q.outbox_id, f"cannot be sent: {str(exc)[:300]}"))
                    after = q.outbox_id
                    continue
                size += len(ev.model_dump_json()) + 1
                if events and size > PUSH_BYTES:
                    break
                events.append(ev)
                after = q.outbox_id
            for outbox_id, why in unsendable:
                self.store.note_failure([outbox_id], why)
                report.errors.append(why)
            if not events:
                continue
            self._upload_photos(token, events)
            try:
                results = self.api.push(token, events)
            except Refused as exc:
                if (exc.status == 422 and exc.reason == "idempotency_mismatch") or exc.status in (
                    400,
                    413,
                ):
                    results = self._one_by_one(token, events)
                else:
                    raise
            except SyncError as exc:
                self.store.note_failure([q.outbox_id for q in queued], str(exc))
                raise
            counts = self.store.record_outcomes([outcome_of(r) for r in results])
            report.pushed += len(events)
            report.sent += counts.get("sent", 0)
            report.refused += counts.get("conflict", 0) + counts.get("rejected", 0)
            report.later += counts.get("later", 0)
            # Progress, one line a step written (`commandcenter -v sync`; tests kill on it).
            log.info("pushed %d events (%d so far)", len(events), report.pushed)

    def _one_by_one(self, token: str, events: list[Event]) -> list[EventResult]:
        """A batch the platform refused whole: each event alone, so one bad event is refused
        (listed) and the rest go through."""
        results: list[EventResult] = []
        for ev in events:
            try:
                results.extend(self.api.push(token, [ev]))
            except Refused as exc:
                if exc.status not in (400, 413, 422):
                    raise
                results.append(
                    EventResult(
                        uuid=str(ev.uuid),
                        status="rejected",
                        reason=exc.reason[:32],
                        message=str(exc),
                    )
                )
        return results

    def _upload_photos(self, token: str, events: list[Event]) -> None:
        seen: set[str] = set()
        for ev in events:
            for a in ev.attachments:
                if a.sha256 in seen:
                    continue
                seen.add(a.sha256)
                if not self.blobs.exists(a.sha256):
                    continue  # the platform answers attachment_missing; the event waits
                self.api.upload(token, a.sha256, a.mime, self.blobs.get(a.sha256))

    # -- pull ------------------------------------------------------------------------------
    def pull(
        self, report: SyncReport | None = None, *, on_page: Callable[[int], None] | None = None
    ) -> SyncReport:
        """Every page after the cursor; the next page is read while this one is written."""
        report = report or SyncReport()
        token = self._token()
        cursor = self.store.meta().get("cursor")
        with ThreadPoolExecutor(1, thread_name_prefix="sync-read") as reader:
            pending: Future[ChangePage] = reader.submit(self._page, token, cursor)
            while True:
                try:
                    page = pending.result()
                except Refused as exc:
                    if exc.reason == "bad_cursor" and cursor is not None:
                        log.warning("the platform does not know our cursor: pulling from the start")
                        cursor = None
                        self.store.set_meta({"cursor": None})
                        pending = reader.submit(self._page, token, None)
                        continue
                    raise
                if page.more:
                    pending = reader.submit(self._page, token, page.next)
                try:
                    pulled = pulled_page(page)
                except (OverflowError, ValueError) as exc:
                    raise MalformedResponse(
                        f"the platform sent a malformed page of changes: {exc}"
                    ) from None
                done = self.store.apply_page(pulled, page.next)
                cursor = page.next
                report.pages += 1
                report.pulled += done.new_events
                report.confirmed += done.confirmed
                report.reference += done.reference
                log.info("pulled page %d (%d new events)", report.pages, done.new_events)
                if on_page is not None:
                    on_page(report.pages)
                if not page.more:
                    return report

    def _page(self, token: str, cursor: str | None) -> ChangePage:
        return self.api.changes(token, cursor, self.page_limit)

    def fetch_photos(self, report: SyncReport | None = None) -> SyncReport:
        """Photos the cases refer to and this workstation lacks (a few per sync)."""
        report = report or SyncReport()
        token = self._token()
        missing = [h for h in self.store.attachment_hashes() if not self.blobs.exists(h)]
        for sha in missing[: self.photos_per_sync]:
            try:
                data = self.api.download(token, sha)
            except Refused as exc:
                if exc.status == 404:
                    continue
                raise
            except MalformedResponse as exc:
                report.errors.append(str(exc))
                continue
            self.blobs.put(data)
            report.photos += 1
        return report
