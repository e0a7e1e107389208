"""The settings registry: every value the rulebook leaves to local practice ([P]) or could not
confirm ([U]) is a typed setting with a default, a Chinese label and its tag, so the program
can say so wherever the value is shown. Areas define their settings in their rules modules;
values are stored per database (see ``app.common.service.ServiceBase.setting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from app.common.errors import UserError, ValidationError

#: Rulebook confidence tags (domain-rules.md §0).
TAG_LABELS = {"C": "已核实", "C-": "已核实（条文号待核）", "P": "地方规定", "U": "未经核实"}


_NO_CHOICES: Mapping[str, str] = MappingProxyType({})


class Setting(NamedTuple):  # made at start (the start-up budget: tests/ui/test_startup_check.py)
    """One setting.

    Attributes:
        key: stored key, e.g. ``dues.rounding``.
        label: what it is, in Chinese.
        default: the default as stored text.
        kind: "int" or "choice" (or "text").
        tag: the rulebook tag: "C", "P" (local practice) or "U" (unconfirmed).
        choices: for "choice": stored value -> Chinese label.
        minimum, maximum: for "int".
        unit: shown after an int (个月, 次, 分 …).
    """

    key: str
    label: str
    default: str
    kind: str = "int"
    tag: str = "P"
    choices: Mapping[str, str] = _NO_CHOICES
    minimum: int = 0
    maximum: int = 1_000_000
    unit: str = ""

    @property
    def unconfirmed(self) -> bool:
        return self.tag == "U"

    @property
    def note(self) -> str:
        """'（未经核实）' / '（地方规定）' / '' for display beside the value."""
        return f"（{TAG_LABELS[self.tag]}）" if self.tag in ("P", "U") else ""

    def parse(self, text: object) -> str:
        """The value as stored text; raises ValidationError (keyed by ``key``) when invalid."""
        raw = str(text).strip().translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
        if self.kind == "int":
            body = raw[1:] if raw.startswith("-") else raw
            if not body.isdigit() or len(body) > 12:
                raise ValidationError({self.key: f"{self.label}：“{raw[:30]}”不是整数"})
            value = int(raw)
            if not self.minimum <= value <= self.maximum:
                raise ValidationError({self.key: f"{self.label}：应在 {self.minimum}–{self.maximum} 之间"})
            return str(value)
        if self.kind == "choice":
            if raw in self.choices:
                return raw
            by_label = {v: k for k, v in self.choices.items()}
            if raw in by_label:
                return by_label[raw]
            options = "、".join(f"{k}（{v}）" for k, v in self.choices.items())
            raise ValidationError({self.key: f"{self.label}：取值“{raw[:30]}”不正确，可选 {options}"})
        if any(not ch.isprintable() for ch in raw) or len(raw) > 200:
            raise ValidationError({self.key: f"{self.label}：含有不可见字符或过长"})
        return raw

    def value(self, stored: str | None) -> int | str:
        """The typed value of stored text (the default when missing or no longer valid)."""
        text = self.default if stored is None else stored
        try:
            text = self.parse(text)
        except ValidationError:
            text = self.default
        return int(text) if self.kind == "int" else text

    def describe(self, value: int | str) -> str:
        if self.kind == "choice":
            return f"{value}（{self.choices.get(str(value), '')}）"
        return f"{value}{self.unit}"


_REGISTRY: dict[str, Setting] = {}


def define(setting: Setting) -> Setting:
    """Register ``setting`` (once per key) and return it."""
    existing = _REGISTRY.get(setting.key)
    if existing is not None and existing != setting:
        raise RuntimeError(f"setting {setting.key} defined twice")
    _REGISTRY[setting.key] = setting
    return setting


def get(key: str) -> Setting:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UserError(f"没有名为 {key} 的设置；可用的设置：" + "、".join(sorted(_REGISTRY))) from None


def all_settings(prefix: str = "") -> list[Setting]:
    return [s for k, s in sorted(_REGISTRY.items()) if k.startswith(prefix)]
