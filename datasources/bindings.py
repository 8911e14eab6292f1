"""A form field's binding: which source field prefills it, from whose record.

- "population.full_name": the dossier's subject's record (the person the
  case is about).
- "applicant:population.full_name": the applicant's own record, whoever the
  subject is (the requester's name on a declaration about someone else).
- "applicant[sex=male]:population.full_name": the applicant's own record,
  only when that record holds this value (a birth declaration's father part
  is the applicant's when the register records the applicant as a man).
- "applicant[form.relationship=Cha,sex=male]:population.full_name": the
  applicant's own record, only when the applicant states so on the form (the
  form's "relationship" field holds "Cha": a grandparent or another relative
  may declare a birth too, and then no parent part is theirs); the record must
  then hold the value the other condition names: a statement the record
  contradicts (a woman stating she is the father) is refused on the form.

A dossier's prefill keeps the applicant's own record as a part of its own,
"applicant:population", unless the applicant is the subject: then both read
the same record, once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasources import registry

APPLICANT = "applicant"
_PART_PREFIX = f"{APPLICANT}:"
_SYNTAX = re.compile(
    r"(?:(?P<whose>applicant)(?:\[(?P<conditions>[^\]]+)\])?:)?"
    r"(?P<source>[a-z0-9_]+)\.(?P<field>[a-z0-9_]+)"
)
_CONDITION = re.compile(r"(?P<stated>form\.)?(?P<name>[a-z0-9_]+)=(?P<value>[^\]\s,=]+)")


@dataclass(frozen=True)
class Binding:
    source: str
    field: str
    # Read from the applicant's own record, not the subject's.
    applicant: bool = False
    # Applies only when that record's `when_field` (same source) holds `when_value`.
    when_field: str = ""
    when_value: str = ""
    # Applies only when the form's own field `stated_field` holds `stated_value`.
    stated_field: str = ""
    stated_value: str = ""

    @property
    def part(self) -> str:
        """The prefill part it reads, before folding (see module docstring)."""
        return applicant_part(self.source) if self.applicant else self.source

    @property
    def fields_needed(self) -> list[str]:
        """The source fields a prefill must read for it: its own and its condition's."""
        return [self.field, self.when_field] if self.when_field else [self.field]

    @property
    def key(self) -> str:
        """The source field it reads, "source.field", as correction reports name a value."""
        return f"{self.source}.{self.field}"


def binding_parse(text: object) -> Binding | None:
    """The binding a form field's "binding" names; None for none or a malformed one."""
    if not isinstance(text, str):
        return None
    found = _SYNTAX.fullmatch(text)
    if found is None:
        return None
    conditions: dict[bool, tuple[str, str]] = {}
    for condition in (found["conditions"] or "").split(",") if found["conditions"] else []:
        parsed = _CONDITION.fullmatch(condition.strip())
        stated = bool(parsed and parsed["stated"])
        if parsed is None or stated in conditions:  # at most one of each kind
            return None
        conditions[stated] = (parsed["name"], parsed["value"])
    when_field, when_value = conditions.get(False, ("", ""))
    stated_field, stated_value = conditions.get(True, ("", ""))
    return Binding(
        source=found["source"], field=found["field"], applicant=bool(found["whose"]),
        when_field=when_field, when_value=when_value,
        stated_field=stated_field, stated_value=stated_value,
    )  # fmt: skip


def binding_check(binding: Binding) -> None:
    """Raises UnknownSource, UnknownField when the registry does not know what it reads."""
    known = registry.source(binding.source)
    known.checked_fields(binding.fields_needed)


def applicant_part(source_code: str) -> str:
    return f"{_PART_PREFIX}{source_code}"


def part_source(part: str) -> tuple[str, bool]:
    """The source a prefill part reads, and whether it is the applicant's own record."""
    if part.startswith(_PART_PREFIX):
        return part[len(_PART_PREFIX) :], True
    return part, False
