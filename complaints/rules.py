"""Routing rules as service-center staff keep them: the rules that send
complaints to agencies of their province, added, changed, reordered or
switched off."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.exceptions import ComplaintInvalid
from complaints.models import RoutingRule
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.core.vietnamese import person_order, vietnamese_order
from procedures.models import Procedure, Sector


def rules_editable_by(*, user: User) -> QuerySet[RoutingRule]:
    """Service-center staff see and edit the rules routing to their province."""
    if not user.is_authenticated or user.role != Role.CENTER_STAFF:
        return RoutingRule.objects.none()
    return RoutingRule.objects.filter(
        target_agency__in=agencies_visible_to(user=user)
    ).select_related("sector", "procedure", "unit", "target_agency", "target_official")


class InvalidMarkedBoundField(forms.BoundField):
    """A field whose control, when refused, carries Bootstrap's `is-invalid`,
    so that its error shows in red under it like the portal's other forms."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            classes = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class RoutingRuleForm(forms.ModelForm):
    bound_field_class = InvalidMarkedBoundField

    class Meta:
        model = RoutingRule
        fields = ["position", "category", "sector", "procedure", "unit", "target_agency",
                  "target_official", "active", "note"]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = agencies_visible_to(user=user).order_by("kind", vietnamese_order("name"), "id")
        self.fields["unit"].queryset = agencies
        self.fields["target_agency"].queryset = agencies
        self.fields["target_official"].queryset = User.objects.filter(
            agency__in=agencies,
            is_active=True,
            role__in=(Role.OFFICIAL, Role.CENTER_STAFF, Role.LEADER),
        ).order_by(*person_order("full_name"), "id")
        self.fields["sector"].queryset = Sector.objects.order_by(vietnamese_order("name"), "id")
        self.fields["procedure"].queryset = Procedure.objects.filter(active=True).order_by("code")
        self.fields["category"].required = False
        self.fields["unit"].help_text = gettext_lazy("Empty: any unit of the province.")
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        official, agency = data.get("target_official"), data.get("target_agency")
        if official and agency and official.agency_id != agency.pk:
            self.add_error("target_official", _(
                "Cán bộ phải thuộc cơ quan nhận phản ánh. "
                "The official must belong to the agency complaints go to."
            ))  # fmt: skip
        return data


@transaction.atomic
def routing_rule_save(*, form: RoutingRuleForm, by: User) -> RoutingRule:
    if not form.is_valid():
        raise ComplaintInvalid(_("Quy tắc chưa hợp lệ. The rule is not valid."))
    rule = form.save(commit=False)
    if rule.pk and not rules_editable_by(user=by).filter(pk=rule.pk).exists():
        raise ComplaintInvalid(_("Bạn không sửa được quy tắc này. You cannot edit this rule."))
    rule.save()
    return rule
