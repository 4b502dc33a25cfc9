"""Enumerations of the domain. Values are the stored strings; labels are the Chinese names the
street office uses (the UI translates them for other languages)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class CaseState(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    HANDLED = "handled"
    ESCALATED = "escalated"
    CLOSED = "closed"
    REJECTED = "rejected"
    VOIDED = "voided"
    SHELVED = "shelved"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_terminal(self) -> bool:
        return self in (CaseState.REJECTED, CaseState.VOIDED, CaseState.SHELVED)


_STATE_LABELS = {
    CaseState.REPORTED: "待受理",
    CaseState.ACCEPTED: "待派遣",
    CaseState.DISPATCHED: "处置中",
    CaseState.HANDLED: "待核查",
    CaseState.ESCALATED: "已上报",
    CaseState.CLOSED: "已办结",
    CaseState.REJECTED: "不予受理",
    CaseState.VOIDED: "已作废",
    CaseState.SHELVED: "挂账",
}


class Role(StrEnum):
    DUTY_OFFICER = "duty_officer"
    SHIFT_LEADER = "shift_leader"
    INSPECTOR = "inspector"
    GRID_LEADER = "grid_leader"
    GRID_MEMBER = "grid_member"
    DEPARTMENT_LIAISON = "department_liaison"
    VIEWER = "viewer"
    ADMIN = "admin"
    # Actors that are not people of the street office: the district platform (arrives by sync)
    # and the supervision rules.
    DISTRICT = "district"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


# Roles at a command centre's desk: their account pushes the queued work of everyone in its
# street office (the outbox of a workstation holds the events of all who signed in there).
DESK_ROLES = frozenset({Role.DUTY_OFFICER, Role.SHIFT_LEADER, Role.INSPECTOR, Role.ADMIN})

_ROLE_LABELS = {
    Role.DUTY_OFFICER: "值班员",
    Role.SHIFT_LEADER: "值班长",
    Role.INSPECTOR: "督查员",
    Role.GRID_LEADER: "网格长",
    Role.GRID_MEMBER: "网格员",
    Role.DEPARTMENT_LIAISON: "部门联络员",
    Role.VIEWER: "查看",
    Role.ADMIN: "管理员",
    Role.DISTRICT: "区级平台",
    Role.SYSTEM: "系统",
}


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def label(self) -> str:
        return {"urgent": "紧急", "high": "重要", "normal": "一般", "low": "较低"}[self.value]


class Source(StrEnum):
    PATROL = "patrol"
    HOTLINE = "hotline"
    RECEPTION = "reception"
    ASSIGNED = "assigned"
    INSPECTION = "inspection"
    SATELLITE = "satellite"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.PATROL: "网格巡查",
    Source.HOTLINE: "市民热线",
    Source.RECEPTION: "代表接待点",
    Source.ASSIGNED: "上级交办",
    Source.INSPECTION: "督查发现",
    Source.SATELLITE: "卫星图斑",
}


class CategoryKind(StrEnum):
    LEDGER = "ledger"
    CITY = "city"
    SOCIAL = "social"
    SATELLITE = "satellite"

    @property
    def label(self) -> str:
        return {
            "ledger": "台账信息",
            "city": "城市提升",
            "social": "社情信息",
            "satellite": "卫星图斑核查",
        }[self.value]


class TimeUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"
    URGENT_HOURS = "urgent_hours"


class EscalationLevel(IntEnum):
    """Where a case is being handled; the timeline's lanes. Only DISTRICT sets 已上报."""

    GRID = 1
    COMMUNITY = 2
    STREET = 3
    DISTRICT = 4

    @property
    def label(self) -> str:
        return {1: "网格", 2: "社区", 3: "街道", 4: "区级"}[int(self)]


class HandlerKind(StrEnum):
    GRID_LEADER = "grid_leader"
    DEPARTMENT = "department"
    JOINT = "joint"
