"""Users (identified by their personal identification number) and the agency tree."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_PERSONAL_ID = r"^\d{12}$"
# Services match it directly; forms and models through the validator, whose
# regex stays the string (a compiled one would change the migrations' state).
PERSONAL_ID_RE = re.compile(_PERSONAL_ID)
personal_id_validator = RegexValidator(
    regex=_PERSONAL_ID,
    message=_(
        "Số định danh cá nhân phải gồm đúng 12 chữ số. "
        "The personal identification number must be exactly 12 digits."
    ),
    code="invalid_personal_id",
)


class AgencyKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Provincial People's Committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    SERVICE_CENTER = "service_center", _("Public administration service center")
    DATABASE_OWNER = "database_owner", _("Database-owner agency")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        """The agency and every agency under it."""
        return self.filter(path__startswith=agency.path)


class Agency(models.Model):
    """A public body (cơ quan): a People's Committee, a department, a service
    center or a database owner, placed in a tree over the administrative units."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialised path of codes ("31/" , "31/11737/"): subtree queries are one
    # indexed prefix match, whatever the depth.
    path = models.CharField(max_length=255, unique=True, editable=False)
    province_code = models.PositiveSmallIntegerField(_("province code"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("commune-level unit code"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "province_code"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is derived data, kept in step with code and parent.
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    OFFICIAL = "official", _("Official")
    CENTER_STAFF = "center_staff", _("Service-center staff")
    LEADER = "leader", _("Leader")
    DATA_OWNER = "data_owner", _("Database-owner agency staff")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLES_WITH_AGENCY = frozenset({Role.OFFICIAL, Role.CENTER_STAFF, Role.LEADER, Role.DATA_OWNER})
# A fixed order, so that the constraint below is the same at every run.
STAFF_ROLE_VALUES = ["official", "leader", "center_staff", "data_owner"]


class User(AbstractUser):
    """A person who uses the portal, identified across sources by their
    personal identification number (số định danh cá nhân)."""

    personal_id = models.CharField(
        _("personal identification number"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[personal_id_validator],
    )
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CITIZEN)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("agency"),
    )
    # Chức vụ, as the results a leader signs print it under the unit ("Chủ tịch", "Phó Chủ tịch").
    position = models.CharField(_("position"), max_length=100, blank=True)
    # VNeID assurance level of the last login (1: basic account, 2: verified in person).
    assurance_level = models.PositiveSmallIntegerField(_("assurance level"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]),
                name="user_role_known",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=STAFF_ROLE_VALUES) | Q(agency__isnull=False),
                name="user_staff_role_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in ROLES_WITH_AGENCY and self.agency_id is None:
            raise ValidationError(
                {"agency": _("Cán bộ phải thuộc một cơ quan. Staff must belong to an agency.")}
            )

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def is_staff_member(self) -> bool:
        return self.role in ROLES_WITH_AGENCY
