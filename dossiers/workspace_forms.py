"""Forms of the official workspace: they parse input only; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.models import DossierStatus
from dossiers.queue_search import SEARCH_ERRORS, SEARCH_MAX_LENGTH, search_parse
from dossiers.workspace import WORKSPACE_ACTIONS
from dossiers.workspace_selectors import ALL_STATUSES, Deadline, QueueFilters, Sort
from portal.core.keys import key_or_none


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Find by dossier code, personal ID number or applicant's name"),
        max_length=SEARCH_MAX_LENGTH, required=False, error_messages=SEARCH_ERRORS,
    )  # fmt: skip
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Still to handle")), (ALL_STATUSES, _("All statuses"))]
        + [c for c in DossierStatus.choices if c[0] != DossierStatus.DRAFT],
    )  # fmt: skip
    deadline = forms.ChoiceField(
        label=_("Deadline"), required=False,
        choices=[("", _("Any deadline")), (Deadline.DUE_SOON, _("Due within 2 working days")),
                 (Deadline.OVERDUE, _("Overdue"))],
    )  # fmt: skip
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[(Sort.DUE, _("Due date, soonest first")),
                 (Sort.SUBMITTED, _("Submitted, oldest first")),
                 (Sort.SUBMITTED_DESC, _("Submitted, newest first"))],
    )  # fmt: skip

    def __init__(self, *args, procedures: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", _("All procedures"))] + [
            (code, f"{code} · {name}") for code, name in procedures
        ]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data
        return QueueFilters(
            procedure=data["procedure"], status=data["status"], deadline=data["deadline"],
            mine=data["mine"], sort=data["sort"] or Sort.DUE, search=search_parse(data["q"]),
        )  # fmt: skip


# The longest reason a move or a supplement request keeps (the page's textarea says so too).
REASON_MAX_LENGTH = 1000


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in WORKSPACE_ACTIONS])
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH, required=False)


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, empty_label=_("Choose an official…"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip

    def __init__(self, *args, officials, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = officials
        self.fields["to"].label_from_instance = lambda user: user.full_name or user.username


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("receive", _("Receive")), ("assign_to_me", _("Assign to me"))]
    )
    dossiers = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any id parses; the selector decides which of them the user may touch.
        raw = self.data.getlist("dossiers") if hasattr(self.data, "getlist") else []
        self.fields["dossiers"].choices = [(value, value) for value in raw if key_or_none(value)]


class RefetchForm(forms.Form):
    source = forms.CharField(max_length=64)


class VerifyForm(forms.Form):
    component = forms.IntegerField(min_value=1, max_value=2**31 - 1)
