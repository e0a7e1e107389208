"""Words of the member roster (stored as these strings) and the arrival record."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class PersonnelCategory(StrEnum):
    """人员类别: decides how dues are computed."""

    IN_SERVICE = "在职"
    RETIRED = "离退休"
    STUDENT = "学生"
    FARMER = "农民"
    UNEMPLOYED = "下岗失业"
    OTHER = "其他"


class MemberClass(StrEnum):
    FULL = "正式"
    PROBATIONARY = "预备"


class StartKind(StrEnum):
    """How a stay in this branch began."""

    DEVELOPED = "本支部发展"
    TRANSFERRED_IN = "转入"
    REGISTERED = "建册登记"


class ExitKind(StrEnum):
    """How a stay in this branch ended."""

    TRANSFERRED_OUT = "转出"
    EXPELLED = "出党"
    DECEASED = "去世"
    OTHER = "其他"


#: Common values offered for 学历 (free text is allowed).
EDUCATION_LEVELS = ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中", "小学", "其他")


@dataclass(frozen=True)
class Arrival:
    """How a member came into this branch."""

    kind: str = StartKind.REGISTERED
    date: str | None = None  # defaults to the join date
    org: str = ""  # the organisation transferred from
    letter: str = ""  # 介绍信 number
