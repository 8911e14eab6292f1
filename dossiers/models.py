"""Dossiers (hồ sơ) and the data prefilled into them, with its provenance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import personal_id_validator


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Newly submitted")
    RECEIVED = "received", _("Received")
    REFUSED_AT_RECEPTION = "refused_at_reception", _("Refused at reception")
    IN_PROCESSING = "in_processing", _("In processing")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation requested")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    PROCESSING_STOPPED = "processing_stopped", _("Processing stopped")
    RESULT_READY = "result_ready", _("Processed, result ready")
    RESULT_RETURNED = "result_returned", _("Result returned")
    NOT_RESOLVED = "not_resolved", _("Not resolved")


# Dossiers the unit has finished with: the queue shows them only when asked.
QUEUE_CLOSED_STATUSES = (
    "not_resolved", "processing_stopped", "refused_at_reception", "result_returned", "withdrawn",
)  # fmt: skip
# Closed with no result coming: a due date no longer promises anything.
CLOSED_WITHOUT_RESULT_STATUSES = (
    "not_resolved", "processing_stopped", "refused_at_reception", "withdrawn",
)  # fmt: skip


class ActingBasis(models.TextChoices):
    SELF = "self", _("For oneself")
    PARENT = "parent", _("As parent of a child")
    AUTHORISATION = "authorisation", _("Under an authorisation")
    LEGAL_REPRESENTATIVE = "legal_representative", _("As a business's legal representative")


# Whose procedure a dossier is: a person (12-digit personal ID) or, for a
# business's legal representative, an enterprise (10-digit enterprise code,
# which is also its tax code).
ENTERPRISE_CODE_PATTERN = r"^\d{10}$"
subject_validator = RegexValidator(
    regex=r"^(\d{12}|\d{10})$",
    message=_(
        "Nhập số định danh cá nhân (12 chữ số) hoặc mã số doanh nghiệp (10 chữ số). "
        "Enter a personal ID number (12 digits) or an enterprise code (10 digits)."
    ),
)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the one-stop desk")


class Dossier(models.Model):
    """One application for one procedure (hồ sơ). The applicant submits it;
    the subject is whose procedure it is (the same person, a child, a principal)."""

    # Issued at submission: <unit code>-YYMMDD-NNNN (Circular 01/2018/TT-VPCP).
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers",
        verbose_name=_("procedure"),
    )  # fmt: skip
    # The e-form version the applicant filled in: later versions do not change it.
    form = models.ForeignKey(
        "procedures.FormDefinition", on_delete=models.PROTECT, null=True, blank=True,
        related_name="dossiers", verbose_name=_("e-form"),
    )  # fmt: skip
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="dossiers",
        verbose_name=_("receiving unit"),
    )  # fmt: skip
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers",
        verbose_name=_("applicant"),
    )  # fmt: skip
    # An enterprise's code when the applicant acts as its legal representative.
    subject_personal_id = models.CharField(
        _("subject's personal ID or enterprise code"), max_length=12,
        validators=[subject_validator],
    )  # fmt: skip
    acting_basis = models.CharField(
        _("acting as"), max_length=32, choices=ActingBasis.choices, default=ActingBasis.SELF
    )
    authorisation = models.ForeignKey(
        "dossiers.Authorisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="dossiers", verbose_name=_("authorisation"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=32, choices=DossierStatus.choices, default=DossierStatus.DRAFT,
        db_index=True,
    )  # fmt: skip
    # What the applicant typed: only fields no source holds.
    form_values = models.JSONField(_("form values"), default=dict, blank=True)
    preview_confirmed_at = models.DateTimeField(_("data confirmed"), null=True, blank=True)
    fee_vnd = models.PositiveIntegerField(_("fee (VND)"), default=0)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    # A walk-in applicant's consent to reading their data, taken at the counter.
    counter_consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assigned_dossiers", verbose_name=_("assigned to"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [
            # The official's queue (workspace_selectors) reads one unit's dossiers:
            # counts per status and the deadline filters, each sort, the procedures.
            models.Index(fields=["agency", "status", "due_date"], name="dossier_queue_status_idx"),
            models.Index(
                fields=["agency", "due_date", "submitted_at", "id"], name="dossier_queue_due_idx"
            ),
            models.Index(
                fields=["agency", "submitted_at", "id"], name="dossier_queue_submitted_idx"
            ),
            models.Index(
                fields=["agency", "procedure", "status"], name="dossier_queue_procedure_idx"
            ),
            # The default queue (what still needs the unit) by due date, however
            # much closed history the unit has.
            models.Index(
                fields=["agency", "due_date", "submitted_at", "id"],
                name="dossier_queue_open_idx",
                condition=~models.Q(status__in=QUEUE_CLOSED_STATUSES),
            ),
            models.Index(fields=["applicant", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.reference}"

    @property
    def reference(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def subject_is_enterprise(self) -> bool:
        return self.acting_basis == ActingBasis.LEGAL_REPRESENTATIVE

    @property
    def is_closed(self) -> bool:
        """Finished with, one way or another: nothing more is handled on it."""
        return self.status in QUEUE_CLOSED_STATUSES

    @property
    def result_awaited(self) -> bool:
        """A result is still to come (or came): its due date means something."""
        return self.status not in CLOSED_WITHOUT_RESULT_STATUSES


class DossierEvent(models.Model):
    """One step in a dossier's history: the move, who made it, and why. Append-only."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=32, choices=DossierStatus.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("by"),
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.from_status} → {self.to_status}"


class Authorisation(models.Model):
    """A principal's authorisation (ủy quyền) for someone to do procedures on
    their behalf, recorded by the principal on the portal after logging in
    with VNeID, for one procedure or any, for a period."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authorisations_given",
        verbose_name=_("principal"),
    )  # fmt: skip
    agent_personal_id = models.CharField(
        _("authorised person's personal ID"), max_length=12, validators=[personal_id_validator]
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("procedure (empty: any)"),
    )  # fmt: skip
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agent_personal_id", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="authorisation_period_forward",
            )
        ]

    def __str__(self) -> str:
        return f"{self.principal_id} → {self.agent_personal_id}"


class ComponentEvidenceKind(models.TextChoices):
    DATA = "data", _("Replaced by electronic data")
    UPLOAD = "upload", _("Uploaded")
    DATA_GAP = "data_gap", _("Uploaded: the source holds no record")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ComponentEvidence(models.Model):
    """How one component of a dossier is satisfied: by data from a source (with
    the record and fetch time), by an upload, or by an upload because the
    source returned nothing for this person (a data gap, not a re-request)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("satisfied by"), max_length=16, choices=ComponentEvidenceKind.choices)
    source = models.CharField(_("data source"), max_length=64, blank=True)
    record_id = models.CharField(_("record"), max_length=64, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("component evidence")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "component"], name="evidence_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.component_id} {self.kind}"


def attachment_storage_name(instance: Attachment, filename: str) -> str:
    # A random name: the applicant's file name is kept apart and never reaches the disk.
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the applicant uploaded for a component, served only to those who
    may see the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierCodeCounter(models.Model):
    """The last sequence number a unit issued on a day: dossier codes are
    numbered per unit and day, without gaps or collisions."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_per_unit_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class PrefillStatus(models.TextChoices):
    PENDING = "pending", _("Fetching")
    OK = "ok", _("Data found")
    NOT_FOUND = "not_found", _("No record")
    UNAVAILABLE = "unavailable", _("Source unavailable")


class PrefillSnapshot(models.Model):
    """What the sources said for a dossier, when it was prefilled."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="prefill")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prefill snapshot")

    def __str__(self) -> str:
        return f"prefill of {self.dossier}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class PrefillSource(models.Model):
    """One source's part of a prefill: its status, and each value with its provenance."""

    snapshot = models.ForeignKey(PrefillSnapshot, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(max_length=64)
    fields = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=PrefillStatus.choices, default=PrefillStatus.PENDING
    )
    values = models.JSONField(default=dict, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("prefilled source")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "source"], name="prefill_source_once")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.status}"


class SourceRefetch(models.Model):
    """A source read again by an official for a submitted dossier (đọc lại
    nguồn dữ liệu): what the snapshot kept and what the source said then, each
    with its record and fetch time. Kept so that the comparison can be shown
    again without reading the person's data a second time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="refetches")
    source = models.CharField(_("data source"), max_length=64)
    fields = models.JSONField(default=list)
    status = models.CharField(_("outcome"), max_length=16)  # the re-read's FetchStatus
    snapshot_values = models.JSONField(default=dict, blank=True)
    snapshot_record_id = models.CharField(max_length=64, blank=True)
    snapshot_fetched_at = models.DateTimeField(null=True, blank=True)
    current_values = models.JSONField(default=dict, blank=True)
    current_record_id = models.CharField(max_length=64, blank=True)
    current_fetched_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("re-read by"),
    )  # fmt: skip
    read_at = models.DateTimeField(_("re-read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("source re-read")
        verbose_name_plural = _("source re-reads")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.source} ({self.read_at:%d/%m/%Y %H:%M})"


class SupplementRequest(models.Model):
    """The one request to complete a dossier (yêu cầu bổ sung, hoàn thiện hồ
    sơ), listing every missing item at once, as one-stop rules expect. Never a
    component replaced by data, except a recorded data gap."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    components = models.ManyToManyField(
        "procedures.DossierComponent", related_name="+", verbose_name=_("components asked for")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.created_at:%d/%m/%Y}"


class DataGap(models.Model):
    """The lawful exception to the once-only rule: the source returned nothing
    or wrong data for this subject, recorded by the official with the
    evidence. It opens a correction request to the database owner at once,
    and is counted apart on the dashboards."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="data_gaps")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("data source"), max_length=64)
    evidence = models.TextField(_("evidence"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    correction_request = models.ForeignKey(
        "datasources.CorrectionRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("data gap")
        verbose_name_plural = _("data gaps")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "component"], name="data_gap_once")
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.component_id} ({self.source})"


class ApologySlip(models.Model):
    """The apology and new appointment an overdue dossier needs before it can
    move on (phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    previous_due_date = models.DateField(_("previous due date"))
    new_due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("apology slip")
        verbose_name_plural = _("apology slips")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.new_due_date}"


def result_storage_name(instance: ResultDocument, filename: str) -> str:
    return f"results/{instance.dossier_id}/{uuid.uuid4().hex}.pdf"


class ResultDocument(models.Model):
    """The electronic result of a dossier (kết quả giải quyết), kept in the
    subject's document store for reuse."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    subject_personal_id = models.CharField(max_length=12, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    # The procedure's result document type when issued: the components it may stand for.
    document_type = models.CharField(_("document type"), max_length=64, blank=True)
    file = models.FileField(upload_to=result_storage_name, max_length=200)
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("result document")
        verbose_name_plural = _("result documents")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.title


class SatisfactionRating(models.Model):
    """How satisfied the applicant was, asked once the result is out (the
    satisfaction group of Decision 766/QĐ-TTg)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.rating}"
