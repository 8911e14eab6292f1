from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from datasources.purposes import PurposeKind
from datasources.registry import all_sources
from portal.accounts.models import Role, personal_id_validator


def _source_choices():
    return [("", _("All sources"))] + [(s.code, s.name) for s in all_sources()]


# Drawn like every other field of the portal, each above its label's width.
_SELECT = {"class": "form-select"}
_DATE = {"type": "date", "class": "form-control"}


class AccessLogFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), required=False, choices=_source_choices,
                               widget=forms.Select(attrs=_SELECT))  # fmt: skip
    purpose_type = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[("", _("All purposes")), *PurposeKind.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=_DATE)
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=_DATE))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(
                _("Ngày bắt đầu phải trước ngày kết thúc. The start date must come first.")
            )
        return data


class CorrectionFilterForm(forms.Form):
    """The owner's queue narrowed to one source or one person."""

    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=_source_choices,
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": _(
            "Chọn một nguồn dữ liệu trong danh sách. Choose a data source from the list."
        )},
    )  # fmt: skip
    subject = forms.CharField(
        label=_("Personal ID"), required=False, max_length=12, validators=[personal_id_validator],
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                      "autocomplete": "off"}),
        error_messages={"max_length": personal_id_validator.message},
    )  # fmt: skip
    overdue = forms.BooleanField(
        label=_("Overdue only"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.role == Role.DATA_OWNER:
            # The owner's queue holds only its own databases: the others are no choice.
            code = user.agency.code if user.agency_id else None
            source_field = cast(forms.ChoiceField, self.fields["source"])
            source_field.choices = [("", _("All sources"))] + [
                (source.code, source.name)
                for source in all_sources()
                if source.owner_agency_code == code
            ]


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Correct")), ("reject", _("Reject"))])
    corrected_value = forms.CharField(label=_("Corrected value"), required=False)
    note = forms.CharField(
        label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and not data.get("corrected_value"):
            self.add_error("corrected_value", _("Nhập giá trị đúng. Enter the correct value."))
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", _("Nêu lý do từ chối. Give the reason."))
        return data
