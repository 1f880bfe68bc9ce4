"""Where each app declares its personal data and its retention rules (the audit app imports no app).

An app lists them in ``<app>/personal_data.py``, which the audit app imports at start-up
(like admin.py). A personal-data section exports and erases what the app holds about one
registry person; a retention rule removes what has been kept longer than its setting allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataSection:
    """What one app holds about a person: ``export(person=)`` gives rows, ``erase(person=, by_user=)`` a count."""

    name: str
    label: str
    export: Callable[..., list[dict]]
    erase: Callable[..., int] | None = None
    order: int = 100


@dataclass(frozen=True)
class RetentionRule:
    """A rule removing data kept too long: ``apply(now=)`` returns references of what it removed."""

    name: str
    label: str
    apply: Callable[..., list[str]]


_SECTIONS: dict[str, PersonalDataSection] = {}
_RULES: dict[str, RetentionRule] = {}


def personal_data_register(section: PersonalDataSection) -> None:
    """Add (or replace, on a second import) an app's personal-data section."""
    _SECTIONS[section.name] = section


def personal_data_sections() -> list[PersonalDataSection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))


def retention_register(rule: RetentionRule) -> None:
    """Add (or replace) a retention rule."""
    _RULES[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.name)
