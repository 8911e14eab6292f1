"""Complaints (phản ánh, kiến nghị): a citizen reports being asked for what the
state already holds, or another failing of a unit; each is routed to the
agency responsible, handled within a deadline and its outcome disclosed."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import StoredEmail


class ComplaintCategory(models.TextChoices):
    REPROVIDE_DATA = "reprovide_data", _("Asked to re-provide data held in a database or VNeID")
    CERTIFIED_COPY = (
        "certified_copy",
        _("Asked for a certified copy when the original can be checked"),
    )
    WRONG_DATA = "wrong_data", _("Wrong or outdated data in a database")
    LATE_PROCESSING = "late_processing", _("Late processing")
    CONDUCT = "conduct", _("Conduct of an official")
    OTHER = "other", _("Other")


class ComplaintChannel(models.TextChoices):
    ONLINE = "online", _("Online, logged in")
    ANONYMOUS = "anonymous", _("Online, without logging in")
    HOTLINE = "hotline", _("Hotline call")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received, being routed")
    ROUTED = "routed", _("Routed to the responsible agency")
    IN_HANDLING = "in_handling", _("Being handled")
    AWAITING_REPORTER = "awaiting_reporter", _("Waiting for more from the reporter")
    CONCLUDED = "concluded", _("Concluded")


class ComplaintOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    WITHHELD = "withheld", _("Withheld")


def tracking_token_new() -> str:
    return secrets.token_urlsafe(16)


class Complaint(models.Model):
    """One report. The reporter is a logged-in citizen, or someone known only
    by the contact details they left (online or through the hotline)."""

    # PAKN-YYMMDD-NNNN, numbered per day.
    code = models.CharField(_("reference code"), max_length=24, unique=True)
    # With the code, lets a reporter without an account follow the complaint.
    tracking_token = models.CharField(max_length=32, default=tracking_token_new, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=ComplaintCategory.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=ComplaintChannel.choices)
    description = models.TextField(_("what happened"))
    # Where it happened: the unit the complaint is about.
    unit = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="complaints_about",
        verbose_name=_("unit concerned"),
    )  # fmt: skip
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name=_("procedure"),
    )  # fmt: skip
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name=_("dossier"),
    )  # fmt: skip
    # What the official asked for, in the reporter's words, and who asked.
    requested_item = models.CharField(_("what you were asked for"), max_length=500, blank=True)
    official_named = models.CharField(_("official who asked"), max_length=255, blank=True)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name=_("reporter"),
    )  # fmt: skip
    reporter_name = models.CharField(_("reporter's name"), max_length=255, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    # Hotline staff who entered a call on the reporter's behalf.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints_entered", verbose_name=_("entered by"),
    )  # fmt: skip

    status = models.CharField(
        _("status"), max_length=32, choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED, db_index=True,
    )  # fmt: skip
    responsible_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints_handled", verbose_name=_("responsible agency"),
    )  # fmt: skip
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints_assigned", verbose_name=_("handled by"),
    )  # fmt: skip
    # Set when the complaint is filed or reclassified; cleared once routed, so
    # a routing task run twice (or re-dispatched by the sweeper) routes once.
    routing_due = models.BooleanField(default=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    due_date = models.DateField(_("handling due"), db_index=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ComplaintOutcome.choices, blank=True
    )
    response = models.TextField(_("response to the reporter"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("reporter's rating"), null=True, blank=True)
    # Public disclosure of the outcome, after a review that keeps personal data out.
    disclosure_status = models.CharField(
        _("disclosure"), max_length=16, choices=DisclosureStatus.choices, blank=True,
        db_index=True,
    )  # fmt: skip
    disclosed_text = models.TextField(_("published answer"), blank=True)
    disclosed_at = models.DateTimeField(_("published at"), null=True, blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Deadline follow-up (complaints.follow_up): a reminder the working day before;
    # then escalation to those who may act on it (1) and, at three times the
    # deadline, to the leaders who oversee it and the service centre (2).
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation"), default=0)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["responsible_agency", "status", "due_date"])]

    def __str__(self) -> str:
        return self.code

    @property
    def reporter_display(self) -> str:
        if self.reporter_id:
            return self.reporter.full_name or self.reporter.username
        return self.reporter_name


class ComplaintCodeCounter(models.Model):
    """The last number given to a complaint on a day."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class RoutingRule(models.Model):
    """Where complaints go (Signalen's idea): rules are tried in order and the
    first that matches wins. An empty condition matches anything; a unit
    matches complaints about it and every unit under it."""

    position = models.PositiveIntegerField(_("order"), db_index=True)
    category = models.CharField(
        _("category"), max_length=32, choices=ComplaintCategory.choices, blank=True
    )
    sector = models.ForeignKey(
        "procedures.Sector", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("sector"),
    )  # fmt: skip
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("procedure"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("unit (and the units under it)"),
    )  # fmt: skip
    target_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("route to agency"),
    )  # fmt: skip
    target_official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("and to official"),
    )  # fmt: skip
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"#{self.position} → {self.target_agency}"


class Routing(models.Model):
    """One routing of a complaint: automatic (by a rule, or the fallback) or
    manual (by a person, with a reason). The latest is in force."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="routings")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField(_("automatic"))
    # The rule that matched; empty for the fallback and for manual routing.
    rule = models.ForeignKey(RoutingRule, on_delete=models.SET_NULL, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.at:%Y-%m-%d %H:%M}"


# What the history says of an overdue complaint's escalation, before the names
# of those it was sent to (the event's note).
ESCALATION_LABELS = {
    "escalate_unit": _("Overdue: sent to those who may act on it"),
    "escalate_unit_oversight": _(
        "Overdue, and no one may act on it: sent to the leaders above the unit"
    ),
    "escalate_province": _(
        "Three times overdue: sent to the leaders who oversee it and to the province's "
        "service centre"
    ),
}


class ComplaintEvent(models.Model):
    """One step in a complaint's history, as the reporter and handlers see it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=32, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=ComplaintStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.at:%Y-%m-%d %H:%M}"

    @property
    def escalation_label(self) -> str:
        return str(ESCALATION_LABELS.get(self.action, ""))


class Violation(models.Model):
    """A breach of the once-only rule established by a substantiated complaint:
    against the unit, and the official where identified. Leaders act on it."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="violation")
    category = models.CharField(_("category"), max_length=32, choices=ComplaintCategory.choices)
    unit = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="violations",
        verbose_name=_("unit"),
    )  # fmt: skip
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="violations", verbose_name=_("official"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("established at"), auto_now_add=True, db_index=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self) -> str:
        return f"{self.unit}: {self.complaint}"


def evidence_storage_name(instance: ComplaintEvidence, filename: str) -> str:
    # A random name: the reporter's file name is kept apart and never reaches the disk.
    return f"complaints/{instance.complaint_id}/{uuid.uuid4().hex}"


class ComplaintEvidence(models.Model):
    """A file the reporter attached (a photo of the request, a note): served
    only to the reporter and to the complaint's handlers."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def held_evidence_storage_name(instance: HeldEvidence, filename: str) -> str:
    return f"complaints/held/{uuid.uuid4().hex}"


def held_evidence_token() -> str:
    return secrets.token_urlsafe(32)


class HeldEvidence(models.Model):
    """A file of evidence that passed the checks on a complaint form refused
    for something else: kept a short while so that the corrected form need not
    ask for it again. Only the session that sent it may claim it (the token is
    listed in that session); unclaimed, it is purged (complaints.held_evidence)."""

    token = models.CharField(max_length=64, unique=True, default=held_evidence_token)
    file = models.FileField(upload_to=held_evidence_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    held_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("evidence held for a form sent back")
        verbose_name_plural = _("evidence held for forms sent back")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReporterNotice(StoredEmail):
    """What a reporter without an account is told, stored as written before it
    is e-mailed to the address they left: a lost task or a mail server that is
    down cannot lose it, and a task delivered twice sends it once."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notices")
    title = models.TextField(_("title"))
    body = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("notice to the reporter")
        verbose_name_plural = _("notices to the reporter")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title
