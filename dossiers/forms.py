"""Forms of the citizen journey: whose procedure and where, authorisations, withdrawal."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from dossiers.concerned import ConcernedStatement, StatedRelation
from dossiers.models import ENTERPRISE_CODE_PATTERN, ActingBasis
from portal.accounts.models import Agency, personal_id_validator
from portal.core.vietnamese import vietnamese_sorted


def deceased_fields(*, required: bool = True) -> dict[str, forms.Field]:
    """The fields naming the deceased a procedure concerns (dossiers/concerned.py),
    at start online and at the counter (not `required` where the procedure is
    chosen on the same form: deceased_required_check); what they name is
    checked by the service."""
    fields = {
        "deceased_personal_id": forms.CharField(
            label=_("The deceased's personal identification number"), max_length=32,
            help_text=_("12 digits, as on their citizen ID card or death certificate."),
            error_messages={"required": _("Nhập số định danh cá nhân của người đã mất. "
                                          "Enter the deceased's personal ID number.")},
        ),
        "deceased_full_name": forms.CharField(
            label=_("The deceased's full name"), max_length=255,
            error_messages={"required": _("Nhập họ, chữ đệm và tên của người đã mất. "
                                          "Enter the deceased's full name.")},
        ),
        "deceased_relation": forms.ChoiceField(
            label=_("The deceased was the applicant's"),
            choices=[("", _("Choose…")), *StatedRelation.choices],
            help_text=_("As you state it: the official examines the right to the support."),
            error_messages={"required": _("Chọn người đã mất là gì của người nộp hồ sơ. "
                                          "Choose what the deceased was to the applicant."),
                            "invalid_choice": _("Chọn người đã mất là gì của người nộp hồ sơ. "
                                                "Choose what the deceased was to the applicant.")},
        ),
    }  # fmt: skip
    for field in fields.values():
        field.required = required
    return fields


def deceased_required_check(form: forms.Form, concerns: str) -> None:
    """On a form that names the procedure too: the deceased's fields are
    required once the procedure chosen concerns a deceased person."""
    if not concerns:
        return
    for name, field in deceased_fields().items():
        if not form.cleaned_data.get(name) and name not in form.errors:
            form.add_error(name, field.error_messages["required"])


def deceased_statement(data: dict) -> ConcernedStatement | None:
    """Whom the cleaned `data` names as the deceased; None when it names nobody."""
    if not data.get("deceased_personal_id"):
        return None
    return ConcernedStatement(
        personal_id=data["deceased_personal_id"].strip(),
        full_name=data["deceased_full_name"].strip(), relation=data["deceased_relation"],
    )  # fmt: skip


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
    child = forms.CharField(label=_("My children"), required=False, max_length=12,
                            validators=[personal_id_validator])  # fmt: skip
    # Posted with the household's children once they were shown, so that only
    # then is "no child chosen" an error rather than the list still to show.
    children_offered = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # For a business procedure: the enterprise the applicant legally represents.
    enterprise_code = forms.CharField(
        label=_("My enterprises"),  # as the list the page shows is headed
        required=False,
        max_length=10,
        validators=[
            RegexValidator(ENTERPRISE_CODE_PATTERN, _("An enterprise code has 10 digits."))
        ],
    )
    agency = forms.ModelChoiceField(label=_("Receiving unit"), queryset=Agency.objects.none())

    def __init__(self, *args, units, for_business: bool = False, concerns: str = "",
                 **kwargs) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = units
        if concerns:  # the procedure concerns the deceased, whom the applicant names
            self.fields.update(deceased_fields())
        if for_business:
            self.fields["acting_basis"].choices = [
                *self.fields["acting_basis"].choices,
                (
                    ActingBasis.LEGAL_REPRESENTATIVE,
                    _("My enterprise's, as its legal representative"),
                ),
            ]

    def children_not_yet_offered(self) -> bool:
        """A parent's procedure posted with no number and no child, before the
        household's children were shown: the list is the next step, not an error."""
        return (
            self.data.get("acting_basis") == ActingBasis.PARENT
            and not self.data.get("subject_personal_id", "").strip()
            and not self.data.get("child")
            and not self.data.get("children_offered")
        )

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
            # Said beside the list of children, where the choice was missed.
            self.add_error(
                "child",
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


class ProcedureByNameField(forms.ChoiceField):
    """A procedure chosen by its name, grouped by sector; what is posted is its
    code (as 1.001193), also accepted typed, around spaces."""

    def to_python(self, value):
        return super().to_python(value).strip()


class AuthorisationForm(forms.Form):
    agent_personal_id = forms.CharField(
        label=_("Personal identification number of the person you authorise"),
        max_length=12,
        validators=[personal_id_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    procedure_code = ProcedureByNameField(
        label=_("For which procedure"),
        required=False,
        help_text=_("Choose it by its name, or leave “Any procedure” to authorise them for all."),
        error_messages={
            "invalid_choice": _(
                "Không có thủ tục này; hãy chọn thủ tục trong danh sách. "
                "Unknown procedure; choose one from the list."
            )
        },
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, procedures, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.procedures = {procedure.code: procedure for procedure in procedures}
        by_sector: dict[str, list[tuple[str, str]]] = {}
        for procedure in self.procedures.values():
            by_sector.setdefault(procedure.sector.name, []).append(
                (procedure.code, f"{procedure.name} ({procedure.code})")
            )
        self.fields["procedure_code"].choices = [
            ("", _("Any procedure")),
            *(
                (sector, vietnamese_sorted(choices, key=lambda choice: choice[1]))
                for sector, choices in vietnamese_sorted(by_sector.items(), key=lambda s: s[0])
            ),
        ]

    def clean_procedure_code(self):
        """The procedure chosen, or None for any."""
        return self.procedures.get(self.cleaned_data["procedure_code"])


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
