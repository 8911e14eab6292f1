"""The procedure catalog (thủ tục hành chính) and each agency's published list
of dossier components replaced by electronic data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from datasources.bindings import binding_parse
from datasources.documents import document_type


class Sector(models.Model):
    """A domain procedures belong to (lĩnh vực): civil status, residence, land…"""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")


class ConcernedPerson(models.TextChoices):
    """Someone a procedure concerns who is neither the applicant nor a person
    they act for, named by the applicant at start (người được nêu trong hồ sơ)."""

    NONE = "", _("Nobody else")
    DECEASED = "deceased", _("The deceased")


class ResultDelivery(models.TextChoices):
    """A way the result reaches the applicant (hình thức nhận kết quả): online in
    their document store, at the one-stop desk, or by the public postal service
    to an address (dịch vụ bưu chính công ích, Decision 45/2016/QĐ-TTg)."""

    ONLINE = "online", _("Online, in the citizen's document store")
    COUNTER = "counter", _("At the one-stop desk")
    POST = "post", _("By post to an address")


def every_result_delivery() -> list[str]:
    return list(ResultDelivery.values)


class OnlineServiceLevel(models.TextChoices):
    FULL = "full", _("Full online public service")
    PARTIAL = "partial", _("Partial online public service")


class Procedure(models.Model):
    """An administrative procedure from the national catalog, e.g. 1.001193
    (Đăng ký khai sinh)."""

    code = models.CharField(_("national code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("sector")
    )
    level = models.CharField(_("level"), max_length=16, choices=ProcedureLevel.choices)
    # AgencyKind values of the bodies that carry the procedure out.
    agency_kinds = models.JSONField(_("implementing agency kinds"), default=list)
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    fee_vnd = models.PositiveIntegerField(_("fee (VND)"), default=0)
    # Online submission is often charged less (Circular 75/2022/TT-BTC: 10.000
    # instead of 20.000 đồng for a permanent residence); empty: the same fee.
    fee_online_vnd = models.PositiveIntegerField(_("fee online (VND)"), null=True, blank=True)
    fee_note = models.CharField(_("fees and charges"), max_length=500, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    online_level = models.CharField(
        _("online service level"), max_length=16, choices=OnlineServiceLevel.choices
    )
    result_type = models.CharField(_("result"), max_length=500)
    # The paper the result is, when it is one of the document types (a birth
    # registration issues a birth certificate): what it may later stand for.
    result_document_type = models.CharField(_("result document type"), max_length=64, blank=True)
    steps = models.JSONField(_("steps"), default=list)
    # The ResultDelivery values the applicant may choose among; the catalog's
    # procedures all return online, at the desk or by post.
    result_deliveries = models.JSONField(
        _("ways to receive the result"), default=every_result_delivery
    )
    active = models.BooleanField(_("active"), default=True)
    # The person the applicant names at start whose records the dossier reads
    # for the papers about them (the deceased's death record), see dossiers/concerned.py.
    concerns = models.CharField(
        _("concerns"), max_length=16, choices=ConcernedPerson.choices, blank=True, default=""
    )
    # Accent-free, lower-case text of code, name and components, kept by the
    # catalog services, so that search is diacritic-insensitive on every database.
    search_document = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]
        indexes = [models.Index(fields=["sector", "level", "active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[choice.value for choice in ProcedureLevel]),
                name="procedure_level_known",
            ),
            models.CheckConstraint(
                condition=Q(online_level__in=[choice.value for choice in OnlineServiceLevel]),
                name="procedure_online_level_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def online_fee_vnd(self) -> int:
        """What a dossier submitted online pays."""
        return self.fee_vnd if self.fee_online_vnd is None else self.fee_online_vnd

    @property
    def implementing_agencies(self) -> list[str]:
        """The kinds of body that carry it out, by their names in the page's language."""
        from portal.accounts.models import AgencyKind

        return [AgencyKind(kind).label for kind in self.agency_kinds if kind in AgencyKind.values]

    @property
    def result_delivery_ways(self) -> list[ResultDelivery]:
        """The ways the result can be received, in the order of the choices."""
        offered = set(self.result_deliveries or ())
        return [way for way in ResultDelivery if way.value in offered]


class FormDefinition(models.Model):
    """A versioned interactive e-form (biểu mẫu điện tử tương tác). Each field:
    {"name", "type", "label_vi", "label_en", "required", "validation": {...},
    "binding": "population.full_name" or null}; a binding says which source
    field prefills it, from whose record (datasources.bindings)."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255)
    fields = models.JSONField(_("fields"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="form_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def bindings(self) -> dict[str, list[str]]:
        """The source fields this form is prefilled from, per prefill part (a
        source, or the applicant's own record of one: "applicant:population"):
        what a draft's prefill must fetch."""
        needs: dict[str, list[str]] = {}
        for field in self.fields:
            binding = binding_parse(field.get("binding"))
            if binding:
                needed = needs.setdefault(binding.part, [])
                needed.extend(name for name in binding.fields_needed if name not in needed)
        return needs


class ComponentRequirement(models.TextChoices):
    REQUIRED = "required", _("Required")
    CONDITIONAL = "conditional", _("Conditional")


class DossierComponent(models.Model):
    """One document or form a procedure requires (thành phần hồ sơ)."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="components",
        verbose_name=_("procedure"),
    )  # fmt: skip
    code = models.SlugField(_("code"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    requirement = models.CharField(
        _("requirement"), max_length=16, choices=ComponentRequirement.choices,
        default=ComponentRequirement.REQUIRED,
    )  # fmt: skip
    condition = models.CharField(_("condition"), max_length=500, blank=True)
    # The paper asked for, when it is one of the document types and no
    # replacement names it already (an old birth certificate to correct).
    document_type = models.CharField(_("document type"), max_length=64, blank=True)
    form = models.ForeignKey(
        FormDefinition, on_delete=models.PROTECT, null=True, blank=True,
        related_name="components", verbose_name=_("e-form"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["procedure", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "code"], name="component_code_once"),
            models.CheckConstraint(
                condition=Q(requirement="required") | ~Q(condition=""),
                name="conditional_component_states_condition",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def document_types(self) -> frozenset[str]:
        """The document types this component is a paper of: its own, and those of
        the data that replaces it (or will), whose paper is what it asks for."""
        replacements = getattr(self, "replacements_all", None)
        if replacements is None:
            replacements = self.replacements.all()
        return frozenset({self.document_type, *(r.document_type for r in replacements)} - {""})


class ElectronicReplacement(models.Model):
    """A component that data from a source replaces (thay thế bằng dữ liệu điện
    tử): the applicant no longer brings it, from the effective date on."""

    component = models.ForeignKey(
        DossierComponent, on_delete=models.CASCADE, related_name="replacements",
        verbose_name=_("dossier component"),
    )  # fmt: skip
    # A code of datasources.documents; its source is the one that answers.
    document_type = models.CharField(_("document type"), max_length=64)
    source = models.CharField(_("data source"), max_length=64, editable=False)
    fields = models.JSONField(_("replacing fields"), default=list)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    effective_date = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("electronic replacement")
        verbose_name_plural = _("electronic replacements")
        ordering = ["component", "document_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "document_type"], name="replacement_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component} ← {self.document_type}"

    def save(self, *args, **kwargs) -> None:
        # Derived data: the source is the document type's, never set apart from it.
        self.source = document_type(self.document_type).source_code
        super().save(*args, **kwargs)


class ReplacementListStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("replacement list", "Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


OPEN_LIST_STATUSES = ["draft", "submitted", "approved"]


class ReplacementList(models.Model):
    """An agency's versioned list of dossier components replaced by electronic
    data (danh mục thành phần hồ sơ được thay thế). Only a published version
    is public; publishing the next one supersedes it."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="replacement_lists",
        verbose_name=_("agency"),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReplacementListStatus.choices,
        default=ReplacementListStatus.DRAFT,
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=255, blank=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("drafted by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("replacement list")
        verbose_name_plural = _("replacement lists")
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="list_version_once"),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="published"),
                name="one_published_list_per_agency",
            ),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status__in=OPEN_LIST_STATUSES),
                name="one_open_list_per_agency",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.agency} v{self.version}"


class ReplacementListEntry(models.Model):
    """One replaced component on a list. The text is copied when the entry is
    added, so that a published list reads the same whatever later happens to
    the catalog."""

    replacement_list = models.ForeignKey(
        ReplacementList, on_delete=models.CASCADE, related_name="entries"
    )
    replacement = models.ForeignKey(
        ElectronicReplacement, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="list_entries",
    )  # fmt: skip
    procedure_code = models.CharField(_("procedure code"), max_length=32)
    procedure_name = models.CharField(_("procedure"), max_length=500)
    sector_name = models.CharField(_("sector"), max_length=255)
    component_code = models.SlugField(max_length=64)
    component_name = models.CharField(_("dossier component"), max_length=500)
    document_type = models.CharField(_("document type"), max_length=64)
    source = models.CharField(_("data source"), max_length=64)
    fields = models.JSONField(_("replacing fields"), default=list)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    effective_date = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("replacement list entry")
        verbose_name_plural = _("replacement list entries")
        ordering = ["procedure_code", "component_code", "document_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["replacement_list", "procedure_code", "component_code", "document_type"],
                name="list_entry_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure_code} {self.component_name}"

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the entry across versions of a list (for the diff)."""
        return (self.procedure_code, self.component_code, self.document_type)


class ReplacementListEvent(models.Model):
    """A step of a list's publication workflow, with who took it and why."""

    replacement_list = models.ForeignKey(
        ReplacementList, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("replacement list event")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.replacement_list}: {self.action}"
