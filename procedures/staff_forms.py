"""Forms of the staff pages of replacement lists: they parse what was typed;
the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from datasources.documents import UnknownDocumentType, document_type
from procedures.models import ElectronicReplacement, ProcedureLevel, Sector


def _document_name(code: str) -> str:
    try:
        return document_type(code).name
    except UnknownDocumentType:
        return code


class EntryAddForm(forms.Form):
    """A catalog replacement to put on the draft, among those not on it yet,
    grouped by procedure. Each choice names its procedure too: procedures share
    near-identical component names, and a closed select shows only the option,
    never its group."""

    replacement = forms.TypedChoiceField(label=_("Component replaced by data"), coerce=int)

    def __init__(self, *args, available, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.available: dict[int, ElectronicReplacement] = {r.pk: r for r in available}
        groups: dict[str, list[tuple[int, str]]] = {}
        for replacement in self.available.values():
            procedure = replacement.component.procedure
            groups.setdefault(f"{procedure.code} {procedure.name}", []).append(
                (replacement.pk,
                 f"{procedure.code} · {Truncator(procedure.name).chars(60)} · "
                 f"{replacement.component.name} ← {_document_name(replacement.document_type)}")
            )  # fmt: skip
        self.groups = list(groups.items())
        self.fields["replacement"].choices = [("", _("Choose…")), *self.groups]

    def clean_replacement(self) -> ElectronicReplacement:
        return self.available[self.cleaned_data["replacement"]]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    effective_date = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"effective_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CoverageFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *ProcedureLevel.choices]
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), required=False, queryset=Sector.objects.none(),
        empty_label=_("All sectors"), to_field_name="code",
    )  # fmt: skip
    candidates_only = forms.BooleanField(label=_("Only procedures with candidates"), required=False)

    def __init__(self, *args, sectors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors
