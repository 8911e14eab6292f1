"""The request to generate a report again for a past period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.dashboards.periods import INVALID_DATE
from portal.dashboards.reports_models import ReportKind


class ReportRegenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"), choices=ReportKind.choices,
        error_messages={
            "required": _("Chọn loại báo cáo. Choose the kind of report."),
            "invalid_choice": _("Chọn loại báo cáo. Choose the kind of report."),
        },
    )  # fmt: skip
    unit = forms.CharField(
        label=_("Unit"), max_length=32,
        error_messages={"required": _("Chọn đơn vị. Choose the unit.")},
    )  # fmt: skip
    # Any day of the week (Thursday to Wednesday) or month selects it.
    day = forms.DateField(
        label=_("A day of the period"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Cần chọn một ngày trong kỳ báo cáo. A day of the period is required."),
            "invalid": INVALID_DATE,
        },
    )  # fmt: skip
