"""The complaint form: what happened and where; contact details for a
reporter without an account (or a hotline caller)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import ComplaintCategory, ComplaintStatus
from complaints.selectors import ALL_STATUSES, ComplaintQueueFilters
from complaints.services import DESCRIPTION_MAX, EMAIL_MAX, OFFICIAL_NAMED_MAX, SHORT_TEXT_MAX
from dossiers.queue_search import SEARCH_ERRORS, SEARCH_MAX_LENGTH, search_parse
from portal.accounts.models import Agency

# The form's own refusals in both languages, as the service words the same
# rules (Django's own would read in the page's language only).
TEXT_ERRORS = {
    "max_length": _("Tối đa %(limit_value)d ký tự. At most %(limit_value)d characters."),
    "null_characters_not_allowed": _(
        "Nội dung có ký tự không hợp lệ (NUL). "
        "The text contains a character that is not allowed (NUL)."
    ),
}


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the complaint about?"), choices=ComplaintCategory.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Chọn loại phản ánh. Choose what the complaint is about."),
            "invalid_choice": _("Chọn loại phản ánh. Choose what the complaint is about."),
        },
    )  # fmt: skip
    description = forms.CharField(
        label=_("What happened"), max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When, where, and what you were asked for. At most 5,000 characters."),
        error_messages={
            **TEXT_ERRORS,
            "required": _("Hãy cho biết điều đã xảy ra. Tell us what happened."),
            "max_length": _(
                "Nội dung tối đa %(limit_value)d ký tự. "
                "The description is limited to %(limit_value)d characters."
            ),
        },
    )  # fmt: skip
    dossier = forms.ModelChoiceField(
        label=_("Your dossier concerned (optional)"), queryset=None, required=False,
        error_messages={
            "invalid_choice": _("Không tìm thấy hồ sơ của bạn. Your dossier was not found.")
        },
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        label=_("Unit concerned"), queryset=Agency.objects.none(), required=False,
        error_messages={"invalid_choice": _(
            "Chọn cơ quan, đơn vị trong danh sách của tỉnh, thành phố đã chọn. "
            "Choose the unit from the list of the province chosen."
        )},
    )  # fmt: skip
    requested_item = forms.CharField(
        label=_("What you were asked to provide (optional)"), max_length=SHORT_TEXT_MAX,
        required=False, error_messages=TEXT_ERRORS,
    )  # fmt: skip
    official_named = forms.CharField(
        label=_("Name or position of the official (optional)"), max_length=OFFICIAL_NAMED_MAX,
        required=False, error_messages=TEXT_ERRORS,
    )  # fmt: skip
    reporter_name = forms.CharField(
        label=_("Your full name"), max_length=255, required=False, error_messages=TEXT_ERRORS
    )
    reporter_phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, error_messages=TEXT_ERRORS
    )
    reporter_email = forms.EmailField(
        label=_("E-mail"), max_length=EMAIL_MAX, required=False,
        error_messages={**TEXT_ERRORS, "invalid": _(
            "Địa chỉ thư điện tử không hợp lệ. Enter a valid e-mail address."
        )},
    )  # fmt: skip

    def __init__(self, *args, units, dossiers, with_contact: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["dossier"].queryset = dossiers
        self.with_contact = with_contact
        if not with_contact:
            for name in ("reporter_name", "reporter_phone", "reporter_email"):
                del self.fields[name]


class ComplaintQueueForm(forms.Form):
    """The handlers' queue filters: parsed here, applied by complaint_queue."""

    q = forms.CharField(
        label=_("Find by complaint code, reporter's name or phone number"),
        max_length=SEARCH_MAX_LENGTH, required=False, error_messages=SEARCH_ERRORS,
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All open")), (ALL_STATUSES, _("All statuses, concluded too")),
                 *ComplaintStatus.choices],
    )  # fmt: skip
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def filters(self) -> ComplaintQueueFilters:
        data = self.cleaned_data
        return ComplaintQueueFilters(
            status=data["status"], mine=data["mine"], search=search_parse(data["q"], phones=True)
        )
