"""Plausible event histories for generated cases. Each history is a path through the lifecycle
table (domain/lifecycle.py), timed with the working calendar, cut off at the end of the period:
recent cases are still open, some are overdue, reworked, escalated or rejected."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..domain.enums import EscalationLevel, HandlerKind, Role, Source, TimeUnit
from ..domain.lifecycle import EventType
from ..domain.model import Category
from ..domain.projection import DeadlinePolicy
from . import texts

E = EventType


@dataclass(slots=True)
class SimEvent:
    type: EventType
    at: datetime
    actor: str | None
    role: Role
    note: str = ""
    payload: dict = field(default_factory=dict)
    photo: str | None = None  # "before" or "after"


@dataclass(frozen=True, slots=True)
class Staff:
    """Who works a case in one street office."""

    duty_officers: Sequence[str]
    shift_leaders: Sequence[str]
    inspectors: Sequence[str]
    liaisons: dict[str, str]  # department code -> liaison person code


@dataclass(frozen=True, slots=True)
class CaseContext:
    category: Category
    source: Source
    reported_at: datetime
    reporter: tuple[str | None, Role]
    grid_leader: str | None
    end: datetime
    policy: DeadlinePolicy
    duplicate_of: str | None
    with_photos: bool


class HistoryBuilder:
    def __init__(self, staff: Staff, rng: random.Random) -> None:
        self.staff = staff
        self.rng = rng

    def _pick(self, people: Sequence[str]) -> str:
        return people[self.rng.randrange(len(people))]

    def _desk_delay(
        self, t: datetime, cal_policy: DeadlinePolicy, lo: float, hi: float
    ) -> datetime:
        return cal_policy.calendar.add_working_minutes(t, self.rng.uniform(lo, hi))

    def build(self, ctx: CaseContext) -> list[SimEvent]:
        rng, staff = self.rng, self.staff
        cat = ctx.category
        reporter, reporter_role = ctx.reporter
        events = [
            SimEvent(
                E.REPORT,
                ctx.reported_at,
                reporter,
                reporter_role,
                photo="before" if ctx.with_photos else None,
            )
        ]
        t = self._desk_delay(ctx.reported_at, ctx.policy, 3, 150)
        if t > ctx.end:
            return events
        r = rng.random()
        if ctx.duplicate_of is not None:
            events.append(
                SimEvent(
                    E.REJECT_DUPLICATE,
                    t,
                    self._pick(staff.duty_officers),
                    Role.DUTY_OFFICER,
                    f"与案件{ctx.duplicate_of}重复",
                    {"duplicate_of": ctx.duplicate_of},
                )
            )
            return events
        if r > 0.975:
            events.append(
                SimEvent(
                    E.REJECT_INVALID,
                    t,
                    self._pick(staff.shift_leaders),
                    Role.SHIFT_LEADER,
                    texts.reject_reason(rng),
                )
            )
            return events
        events.append(SimEvent(E.ACCEPT, t, self._pick(staff.duty_officers), Role.DUTY_OFFICER))
        # Most cases are dispatched within the hour; some wait for a department to be found.
        slow = rng.random() < 0.15
        t = (
            self._desk_delay(t, ctx.policy, 60, 600)
            if slow
            else self._desk_delay(t, ctx.policy, 2, 110)
        )
        if t > ctx.end:
            return events
        if rng.random() < 0.004:
            events.append(
                SimEvent(E.VOID, t, self._pick(staff.shift_leaders), Role.SHIFT_LEADER, "重复录入")
            )
            return events
        escalate_p = 0.12 if cat.kind.value in ("satellite", "ledger") else 0.008
        if rng.random() < escalate_p:
            return self._escalated(ctx, events, t)
        handler = self._handler(ctx)
        events.append(
            SimEvent(
                E.DISPATCH, t, self._pick(staff.duty_officers), Role.DUTY_OFFICER, payload=handler
            )
        )
        self._handling(ctx, events, t, handler)
        return events

    def _handler(self, ctx: CaseContext) -> dict:
        cat = ctx.category
        rng = self.rng
        if cat.department is None or (ctx.grid_leader and rng.random() < 0.25):
            return {"handler_kind": HandlerKind.GRID_LEADER.value, "person": ctx.grid_leader}
        if (
            cat.kind.value == "ledger"
            and cat.priority.value in ("high", "urgent")
            and (rng.random() < 0.35)
        ):
            others = [d for d in ("CGZF", "SCJG", "GA", "AJ", "XF") if d != cat.department]
            depts = ["ZHZF", cat.department, *rng.sample(others, rng.randint(0, 2))]
            return {
                "handler_kind": HandlerKind.JOINT.value,
                "person": self.staff.liaisons.get("ZHZF"),
                "departments": depts,
            }
        return {
            "handler_kind": HandlerKind.DEPARTMENT.value,
            "person": self.staff.liaisons.get(cat.department),
            "departments": [cat.department],
        }

    def _escalated(self, ctx: CaseContext, events: list[SimEvent], t: datetime) -> list[SimEvent]:
        rng = self.rng
        events.append(
            SimEvent(
                E.ESCALATE,
                t,
                self._pick(self.staff.duty_officers),
                Role.DUTY_OFFICER,
                texts.escalation_reason(ctx.category.code, rng),
                {"level": int(EscalationLevel.DISTRICT)},
            )
        )
        t = t + timedelta(hours=rng.uniform(4, 24 * 12))
        if t > ctx.end:
            return events
        if rng.random() < 0.3:
            events.append(SimEvent(E.DISTRICT_CLOSE, t, None, Role.DISTRICT, "区级平台已办结"))
            return events
        dept = ctx.category.department or "ZHZF"
        handler = {
            "handler_kind": HandlerKind.DEPARTMENT.value,
            "person": self.staff.liaisons.get(dept),
            "departments": [dept],
        }
        events.append(SimEvent(E.DISTRICT_DISPATCH, t, None, Role.DISTRICT, payload=handler))
        self._handling(ctx, events, t, handler, EscalationLevel.DISTRICT)
        return events

    def _finish_time(self, policy: DeadlinePolicy, start: datetime, due: datetime) -> datetime:
        """When the handler reports done: mostly in time, some late, a few very late."""
        r = self.rng.random()
        if r < 0.72:
            share = self.rng.uniform(0.08, 0.8)
        elif r < 0.9:
            share = self.rng.uniform(0.8, 1.0)
        else:
            share = self.rng.uniform(1.02, 3.5)
        _, unit = policy.handle_limit
        if unit in (TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS):
            used = policy.calendar.working_minutes_between(start, due)
            return policy.calendar.add_working_minutes(start, max(1.0, used * share))
        return start + (due - start) * share

    def _handling(
        self,
        ctx: CaseContext,
        events: list[SimEvent],
        t: datetime,
        handler: dict,
        level: EscalationLevel = EscalationLevel.GRID,
    ) -> None:
        rng, staff, policy = self.rng, self.staff, ctx.policy
        actor = handler.get("person") or self._pick(staff.duty_officers)
        actor_role = (
            Role.GRID_LEADER
            if handler["handler_kind"] == HandlerKind.GRID_LEADER.value
            else Role.DEPARTMENT_LIAISON
        )
        for round_no in range(3):
            _, due = policy.window(t, *policy.handle_limit)
            finish = self._finish_time(policy, t, due)
            if round_no == 0 and rng.random() < 0.03:
                ask = policy.calendar.add_working_minutes(t, 30)
                if ask < due and ask < ctx.end:
                    days = rng.choice((2, 3, 5))
                    events.append(
                        SimEvent(
                            E.EXTENSION_REQUEST,
                            ask,
                            actor,
                            actor_role,
                            texts.extension_reason(rng),
                            {"days": days},
                        )
                    )
                    ok = policy.calendar.add_working_minutes(ask, rng.uniform(20, 200))
                    if ok > ctx.end or ok > due:
                        return
                    events.append(
                        SimEvent(
                            E.EXTENSION_APPROVE,
                            ok,
                            self._pick(staff.shift_leaders),
                            Role.SHIFT_LEADER,
                            f"同意延期{days}个工作日",
                            {"days": days},
                        )
                    )
                    due = policy.calendar.deadline(due, days, TimeUnit.WORKING_DAYS)
                    finish = max(finish, ok + timedelta(minutes=30))
            if round_no == 0 and rng.random() < 0.008:
                ask = policy.calendar.add_working_minutes(max(t, events[-1].at), 60)
                ok = policy.calendar.add_working_minutes(ask, 120)
                if ok < ctx.end:
                    events.append(
                        SimEvent(E.SHELVE_REQUEST, ask, actor, actor_role, texts.shelve_reason(rng))
                    )
                    events.append(
                        SimEvent(
                            E.SHELVE_APPROVE,
                            ok,
                            self._pick(staff.shift_leaders),
                            Role.SHIFT_LEADER,
                            "同意挂账，纳入长期整改计划",
                        )
                    )
                    return
            if finish > due:
                # 超时督办, then one level up per further working day late (grid -> street).
                mark = due + timedelta(minutes=rng.randint(1, 20))
                if mark < ctx.end and mark < finish:
                    events.append(
                        SimEvent(E.SUPERVISE, mark, None, Role.SYSTEM, texts.supervision_note(rng))
                    )
                    step = due
                    while level < EscalationLevel.STREET:
                        step = policy.calendar.add_working_minutes(step, 420)
                        if step >= finish or step >= ctx.end:
                            break
                        level = EscalationLevel(level + 1)
                        events.append(
                            SimEvent(
                                E.RAISE_LEVEL,
                                step,
                                None,
                                Role.SYSTEM,
                                f"超期未办结，提级至{level.label}",
                                {"level": int(level)},
                            )
                        )
            if finish > ctx.end:
                return
            on_behalf = rng.random() < 0.05
            events.append(
                SimEvent(
                    E.HANDLE,
                    finish,
                    self._pick(staff.duty_officers) if on_behalf else actor,
                    Role.DUTY_OFFICER if on_behalf else actor_role,
                    texts.handling_note(ctx.category.code, rng),
                    photo="after" if ctx.with_photos else None,
                )
            )
            t = policy.calendar.add_working_minutes(finish, rng.uniform(20, 600))
            if t > ctx.end:
                return
            if rng.random() < (0.09 if round_no == 0 else 0.04):
                events.append(
                    SimEvent(
                        E.REWORK,
                        t,
                        self._pick(staff.inspectors),
                        Role.INSPECTOR,
                        texts.rework_reason(rng),
                    )
                )
                continue
            if rng.random() < 0.12:
                events.append(
                    SimEvent(E.CLOSE, t, self._pick(staff.shift_leaders), Role.SHIFT_LEADER)
                )
            else:
                events.append(
                    SimEvent(E.VERIFY_PASS, t, self._pick(staff.inspectors), Role.INSPECTOR)
                )
            return
