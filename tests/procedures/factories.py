"""Factories for the catalog: sectors, procedures, components, replacements, forms, lists."""

from __future__ import annotations

import copy
import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from procedures.models import (
    ComponentRequirement,
    DossierComponent,
    ElectronicReplacement,
    FormDefinition,
    OnlineServiceLevel,
    Procedure,
    ProcedureLevel,
    ReplacementList,
    ReplacementListEntry,
    ReplacementListStatus,
    Sector,
)
from tests.accounts.factories import CenterStaffFactory, WardFactory


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "ho-tich"
    name = "Hộ tịch"
    name_en = "Civil status"


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    sector = factory.SubFactory(SectorFactory)
    level = ProcedureLevel.COMMUNE
    agency_kinds = ["commune_committee"]
    processing_days = 3
    online_level = OnlineServiceLevel.FULL
    result_type = "Trích lục"
    steps = ["Nộp hồ sơ", "Tiếp nhận", "Trả kết quả"]


class FormDefinitionFactory(DjangoModelFactory):
    class Meta:
        model = FormDefinition

    code = factory.Sequence(lambda n: f"form-{n}")
    title = "Tờ khai"
    fields = [
        {"name": "full_name", "type": "string", "label_vi": "Họ và tên",
         "label_en": "Full name", "required": True, "validation": {"max_length": 255},
         "binding": "population.full_name"},
        {"name": "phone", "type": "string", "label_vi": "Số điện thoại",
         "label_en": "Phone number", "required": False, "validation": {"pattern": r"^0\d{9}$"},
         "binding": None},
    ]  # fmt: skip


# The e-form fields the dossier tests build their forms from; most of them make
# up the residence procedure's e-form (tờ khai thay đổi thông tin cư trú).
_EFORM_FIELDS = {
    "full_name": {"name": "full_name", "type": "string", "label_vi": "Họ và tên",
                  "label_en": "Full name", "required": True, "validation": {"max_length": 255},
                  "binding": "population.full_name"},
    "permanent_address": {"name": "permanent_address", "type": "string",
                          "label_vi": "Nơi thường trú", "label_en": "Permanent residence",
                          "required": True, "validation": {},
                          "binding": "population.permanent_address"},
    "phone": {"name": "phone", "type": "phone", "label_vi": "Số điện thoại", "label_en": "Phone",
              "required": True, "validation": {}, "binding": None},
    "reason": {"name": "reason", "type": "text", "label_vi": "Lý do", "label_en": "Reason",
               "required": True, "validation": {"max_length": 200}, "binding": None},
    "request": {"name": "request", "type": "text", "label_vi": "Nội dung đề nghị",
                "label_en": "Request", "required": True, "validation": {}, "binding": None},
}  # fmt: skip


def eform_field(name: str, /, **overrides) -> dict:
    """A fresh copy of the e-form field `name`, its keys (its name too) replaced by `overrides`."""
    return copy.deepcopy(_EFORM_FIELDS[name]) | overrides


def eform_fields(*names: str) -> list[dict]:
    """Fresh copies of the e-form fields named, in that order."""
    return [eform_field(name) for name in names]


def residence_form_fields() -> list[dict]:
    """The residence e-form: full name and permanent residence bound to the National
    Population Database, and the phone number the applicant types."""
    return eform_fields("full_name", "permanent_address", "phone")


class DossierComponentFactory(DjangoModelFactory):
    class Meta:
        model = DossierComponent

    procedure = factory.SubFactory(ProcedureFactory)
    code = factory.Sequence(lambda n: f"component-{n}")
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Giấy tờ {n}")
    requirement = ComponentRequirement.REQUIRED


class ElectronicReplacementFactory(DjangoModelFactory):
    class Meta:
        model = ElectronicReplacement

    component = factory.SubFactory(DossierComponentFactory)
    document_type = "residence_confirmation"
    fields = ["permanent_address"]
    legal_basis = "Nghị quyết 66.7/2025/NQ-CP"
    effective_date = datetime.date(2025, 11, 15)


class ReplacementListFactory(DjangoModelFactory):
    class Meta:
        model = ReplacementList

    agency = factory.SubFactory(WardFactory)
    version = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(CenterStaffFactory)


class ReplacementListEntryFactory(DjangoModelFactory):
    """An entry with the text of its replacement, as the publication services copy it."""

    class Meta:
        model = ReplacementListEntry

    replacement_list = factory.SubFactory(ReplacementListFactory)
    replacement = factory.SubFactory(ElectronicReplacementFactory)
    procedure_code = factory.SelfAttribute("replacement.component.procedure.code")
    procedure_name = factory.SelfAttribute("replacement.component.procedure.name")
    sector_name = factory.SelfAttribute("replacement.component.procedure.sector.name")
    component_code = factory.SelfAttribute("replacement.component.code")
    component_name = factory.SelfAttribute("replacement.component.name")
    document_type = factory.SelfAttribute("replacement.document_type")
    source = factory.SelfAttribute("replacement.source")
    fields = factory.SelfAttribute("replacement.fields")
    legal_basis = factory.SelfAttribute("replacement.legal_basis")
    effective_date = factory.SelfAttribute("replacement.effective_date")


class PublishedReplacementListFactory(ReplacementListFactory):
    """A list as the public sees it: published, with a title and an effective date."""

    status = ReplacementListStatus.PUBLISHED
    title = "Danh mục thành phần hồ sơ được thay thế bằng dữ liệu điện tử"
    effective_date = datetime.date(2026, 1, 1)
    published_at = factory.LazyFunction(timezone.now)


def published_list_with_entries(*, agency, entries: int, **fields) -> ReplacementList:
    """A published list of `agency` with that many entries, each on its own procedure."""
    published = PublishedReplacementListFactory(agency=agency, **fields)
    ReplacementListEntryFactory.create_batch(entries, replacement_list=published)
    return published
