"""Dossiers (hồ sơ): their states, who acts for whom, their history and codes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import personal_id_validator
from procedures.models import ResultDelivery


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Newly submitted")
    RECEIVED = "received", _("Received")
    REFUSED_AT_RECEPTION = "refused_at_reception", _("Refused at reception")
    IN_PROCESSING = "in_processing", _("In processing")
    # Examined and proposed by the official (trình ký); the unit's leader signs the result.
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting the leader's signature")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation requested")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    PROCESSING_STOPPED = "processing_stopped", _("Processing stopped")
    RESULT_READY = "result_ready", _("Processed, result ready")
    RESULT_RETURNED = "result_returned", _("Result returned")
    NOT_RESOLVED = "not_resolved", _("Not resolved")


class ProposedOutcome(models.TextChoices):
    """What the official proposed for the leader to sign (trình ký): the result,
    or the refusal to resolve the dossier (từ chối giải quyết) with its reason."""

    APPROVE = "approve", _("Approve: issue the result")
    NOT_RESOLVE = "not_resolve", _("Refuse: not resolved")


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


def started_on(dossier: Dossier) -> str:
    """The day the dossier was started, as people read dates (dd/mm/yyyy)."""
    return timezone.localtime(dossier.created_at).strftime("%d/%m/%Y")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the one-stop desk")


# The look-up key's letters: none that reads as another (0/O, 1/I/L), so that
# it is typed back right from paper; 8 of them are about 40 bits.
LOOKUP_KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_KEY_LENGTH = 8


def lookup_key_new() -> str:
    """A random look-up key (mã tra cứu), printed on the receipt beside the code."""
    return "".join(secrets.choice(LOOKUP_KEY_ALPHABET) for _ in range(LOOKUP_KEY_LENGTH))


class Dossier(models.Model):
    """One application for one procedure (hồ sơ). The applicant submits it;
    the subject is whose procedure it is (the same person, a child, a principal)."""

    # Issued at submission: <unit code>-YYMMDD-NNNN (Circular 01/2018/TT-VPCP).
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    # With the code, it opens the public look-up (dossiers/lookup.py) to whoever
    # holds the receipt, account or not; the code alone is guessable, this is not.
    lookup_key = models.CharField(
        _("look-up key"), max_length=LOOKUP_KEY_LENGTH, default=lookup_key_new, editable=False
    )
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
    # The person the procedure concerns besides the subject (the deceased, for
    # funeral support), as the applicant named them: their ID and name, and
    # what the applicant states they are to them (checked by the official).
    concerned_personal_id = models.CharField(
        _("concerned person's personal ID"), max_length=12, blank=True, default="",
        validators=[personal_id_validator],
    )  # fmt: skip
    concerned_full_name = models.CharField(
        _("concerned person's full name"), max_length=255, blank=True, default=""
    )
    concerned_relation = models.CharField(
        _("applicant's stated relation to them"), max_length=64, blank=True, default=""
    )
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
    # Set by each proposal for signature; empty for a dossier proposed before
    # refusals were signed too, which were all approvals.
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=16, choices=ProposedOutcome.choices, blank=True,
        default="",
    )  # fmt: skip
    # How the applicant chose to receive the result, at submission; empty for a
    # dossier submitted before the choice was asked: returned as the official picks.
    result_delivery = models.CharField(
        _("result delivery"), max_length=16, choices=ResultDelivery.choices, blank=True,
        default="",
    )  # fmt: skip
    delivery_address = models.CharField(_("delivery address"), max_length=500, blank=True)
    # The postal service's tracking number, recorded as the result is handed to it.
    postal_tracking_number = models.CharField(
        _("postal tracking number"), max_length=64, blank=True
    )
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
            # The queue's search by personal ID: the subject's here, the
            # applicant's through the index above.
            models.Index(fields=["subject_personal_id"], name="dossier_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.reference}"

    @property
    def reference(self) -> str:
        """The key other records quote (compliance events): the code, or the row's number."""
        return self.code or f"#{self.pk}"

    @property
    def reference_shown(self) -> str:
        """How the dossier is named to people: its code, or while it has none
        (a draft) the day it was started; its number means nothing to them."""
        if self.code:
            return self.code
        return _("draft of %(date)s") % {"date": started_on(self)}

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

    @property
    def has_receipt(self) -> bool:
        """Its receipt and appointment slip stands: submitted (so it has a code)
        and not refused at reception. A refused dossier was never received and
        no result is due: its refusal slip stands instead."""
        return (
            bool(self.code)
            and self.submitted_at is not None
            and self.status != DossierStatus.REFUSED_AT_RECEPTION
        )

    @property
    def taken_at_the_desk(self) -> bool:
        """A draft the one-stop desk is taking: the official's to complete and submit."""
        return self.channel == Channel.COUNTER and self.status == DossierStatus.DRAFT


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
