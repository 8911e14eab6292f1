"""Typed values are bounded in length: by the form's own limit, or else by
the default for their type, so that nobody stores a novel as a name."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dossiers.eforms import DEFAULT_MAX_LENGTH, form_fields, typed_values_clean
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory

pytestmark = pytest.mark.django_db


def _field(name: str, type_: str, **validation) -> dict:
    return {"name": name, "type": type_, "label_vi": name, "label_en": name, "required": False,
            "validation": validation, "binding": None}  # fmt: skip


@pytest.fixture
def fields(citizen, hong_bang_ward):
    form = FormDefinitionFactory(fields=[
        _field("full_name", "string"), _field("reason", "text"),
        _field("code", "string", max_length=10),
    ])  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form,
                           preview_confirmed_at=timezone.now())  # fmt: skip
    return form_fields(dossier=draft)


def test_a_value_longer_than_its_types_default_is_refused(fields):
    line, paragraph = DEFAULT_MAX_LENGTH["string"], DEFAULT_MAX_LENGTH["text"]

    cleaned, errors = typed_values_clean(
        fields=fields, data={"full_name": "a" * (line + 1), "reason": "b" * (paragraph + 1)}
    )

    assert errors == {
        "full_name": f"Tối đa {line} ký tự. At most {line} characters.",
        "reason": f"Tối đa {paragraph} ký tự. At most {paragraph} characters.",
    }
    cleaned, errors = typed_values_clean(
        fields=fields, data={"full_name": "a" * line, "reason": "b" * paragraph}
    )
    assert errors == {} and len(cleaned["full_name"]) == line


def test_the_forms_own_limit_comes_before_the_default(fields):
    _cleaned, errors = typed_values_clean(fields=fields, data={"code": "x" * 11})

    assert errors == {"code": "Tối đa 10 ký tự. At most 10 characters."}
    assert {field.name: field.max_length for field in fields} == {
        "full_name": DEFAULT_MAX_LENGTH["string"], "reason": DEFAULT_MAX_LENGTH["text"],
        "code": 10,
    }  # fmt: skip
