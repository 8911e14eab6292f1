"""Access to the dossier APIs: the client credentials of an agency's own
case-management system, and the keys that make a citizen's retried request
create one dossier only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyApiClient(models.Model):
    """An agency's case-management system allowed to drive its queue through
    the agency API (hệ thống một cửa điện tử của cơ quan). Scoped to exactly
    one agency. Only a hash of the secret is kept; the secret is shown once,
    when the client is created. Every action is recorded in the name of the
    client's service account (an inactive official of the agency who cannot
    log in and is never offered as an assignee), so that the dossier history,
    compliance events and access log name the client like any other actor."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="api_clients",
        verbose_name=_("agency"),
    )  # fmt: skip
    name = models.CharField(_("system name"), max_length=120)
    client_id = models.CharField(_("client ID"), max_length=64, unique=True)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=256)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agency_api_client",
        verbose_name=_("acts as"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency API client")
        verbose_name_plural = _("agency API clients")
        ordering = ["agency__path", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyKey(models.Model):
    """The dossier a citizen's request with an Idempotency-Key header created:
    the same key again returns it instead of creating another."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    # What the first request asked for: the same key with another request is refused.
    request_hash = models.CharField(max_length=64)
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
