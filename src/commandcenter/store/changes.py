"""The `changes` table read as a feed: every write appends (seq, case_id) in its transaction, so
a reader that remembers the last seq it saw learns which cases changed since, whoever wrote them
(this window, another workstation's process, `tick`, sync)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from . import schema as t


class ChangeLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(t.changes.c.seq))).scalar() or 0)

    def since(self, seq: int, limit: int = 50_000) -> tuple[int, frozenset[int]]:
        """(the last seq read, the ids of cases changed after `seq`), at most `limit` changes;
        a reader calls again until the seq stops moving."""
        ch = t.changes.c
        query = select(ch.seq, ch.case_id).where(ch.seq > seq).order_by(ch.seq).limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return seq, frozenset()
        return int(rows[-1].seq), frozenset(int(r.case_id) for r in rows)
