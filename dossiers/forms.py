"""Forms of the citizen journey: whose procedure and where, authorisations, withdrawal."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from dossiers.models import ENTERPRISE_CODE_PATTERN, ActingBasis
from portal.accounts.models import Agency, personal_id_validator


class DossierStartForm(forms.Form):
    """Whose procedure it is, and which unit receives it."""

    acting_basis = forms.ChoiceField(
        label=_("Whose procedure is it?"),
        choices=[
            (ActingBasis.SELF, _("My own")),
            (ActingBasis.PARENT, _("My child's (from my household record)")),
            (ActingBasis.AUTHORISATION, _("Someone who authorised me")),
        ],  # fmt: skip
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=ActingBasis.SELF,
    )
    subject_personal_id = forms.CharField(
        label=_("Their personal identification number"),
        required=False,
        max_length=12,
        validators=[personal_id_validator],
        help_text=_("12 digits. Needed only when the procedure is not your own."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # For a parent who typed no ID: the child chosen from their household record.
    child = forms.CharField(required=False, max_length=12, validators=[personal_id_validator])
    # For a business procedure: the enterprise the applicant legally represents.
    enterprise_code = forms.CharField(
        label=_("Enterprise code"),
        required=False,
        max_length=10,
        validators=[
            RegexValidator(ENTERPRISE_CODE_PATTERN, _("An enterprise code has 10 digits."))
        ],
    )
    agency = forms.ModelChoiceField(label=_("Receiving unit"), queryset=Agency.objects.none())

    def __init__(self, *args, units, for_business: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = units
        if for_business:
            self.fields["acting_basis"].choices = [
                *self.fields["acting_basis"].choices,
                (
                    ActingBasis.LEGAL_REPRESENTATIVE,
                    _("My enterprise's, as its legal representative"),
                ),
            ]

    def clean(self):
        data = super().clean()
        if data.get("acting_basis") == ActingBasis.LEGAL_REPRESENTATIVE:
            if not data.get("enterprise_code"):
                self.add_error(
                    "enterprise_code",
                    _("Chọn doanh nghiệp bạn đại diện. Choose the enterprise you represent."),
                )
            data["subject_personal_id"] = data.get("enterprise_code") or ""
            return data
        if data.get("acting_basis") == ActingBasis.PARENT and not data.get("subject_personal_id"):
            if data.get("child"):
                data["subject_personal_id"] = data["child"]
                return data
            self.add_error(
                "subject_personal_id",
                _(
                    "Chọn con của bạn trong danh sách hộ gia đình, hoặc nhập số định danh cá "
                    "nhân của con. Choose your child from your household, or enter their "
                    "personal ID."
                ),
            )
            return data
        if data.get("acting_basis") != ActingBasis.SELF and not data.get("subject_personal_id"):
            self.add_error(
                "subject_personal_id",
                _("Nhập số định danh cá nhân của người này. Enter this person's personal ID."),
            )
        return data


class AuthorisationForm(forms.Form):
    agent_personal_id = forms.CharField(
        label=_("Personal identification number of the person you authorise"),
        max_length=12,
        validators=[personal_id_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    procedure_code = forms.CharField(
        label=_("Procedure code (empty: any procedure)"), required=False, max_length=32
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
