"""The period a dashboard shows: this week, this month, or a chosen range."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A longer range is refused: a year of days is what a trend can show.
MAX_DAYS = 366


class PeriodKind:
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


PERIOD_CHOICES = [
    (PeriodKind.WEEK, gettext_lazy("This week")),
    (PeriodKind.MONTH, gettext_lazy("This month")),
    (PeriodKind.CUSTOM, gettext_lazy("Chosen dates")),
]


@dataclass(frozen=True)
class Period:
    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def query(self) -> dict[str, str]:
        """The GET parameters that select this period again (for links)."""
        if self.kind == PeriodKind.CUSTOM:
            return {"period": self.kind, "from": self.first.isoformat(),
                    "to": self.last.isoformat()}  # fmt: skip
        return {"period": self.kind}


INVALID_DATE = gettext_lazy("Nhập ngày theo dạng năm-tháng-ngày. Enter a date as year-month-day.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"), choices=PERIOD_CHOICES, required=False,
        error_messages={"invalid_choice": gettext_lazy(
            "Chọn tuần này, tháng này hoặc khoảng ngày. "
            "Choose this week, this month or a range of dates."
        )},
    )  # fmt: skip
    # "from" is a Python keyword: the fields are named start and end.
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=_date_input(),
                            error_messages={"invalid": INVALID_DATE})  # fmt: skip
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=_date_input(),
                          error_messages={"invalid": INVALID_DATE})  # fmt: skip

    def add_prefix(self, field_name: str) -> str:
        # The fields are read from ?from= and ?to=.
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != PeriodKind.CUSTOM:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        if not start or not end:
            raise forms.ValidationError(
                _("Chọn cả ngày bắt đầu và ngày kết thúc. Choose both a start and an end date.")
            )
        if start > end:
            self.add_error("end", _(
                "Ngày kết thúc phải từ ngày bắt đầu trở đi. The end date must not be before the "
                "start date."
            ))  # fmt: skip
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("end", _(
                "Chọn tối đa %(days)d ngày. Choose at most %(days)d days."
            ) % {"days": MAX_DAYS})  # fmt: skip
        return cleaned

    def chosen(self) -> Period:
        """The period chosen (this month when none is); call after is_valid()."""
        today = timezone.localdate()
        kind = self.cleaned_data.get("period") or PeriodKind.MONTH
        if kind == PeriodKind.WEEK:
            return Period(kind, today - datetime.timedelta(days=today.weekday()), today)
        if kind == PeriodKind.CUSTOM:
            return Period(kind, self.cleaned_data["start"], self.cleaned_data["end"])
        return Period(PeriodKind.MONTH, today.replace(day=1), today)


def default_period() -> Period:
    today = timezone.localdate()
    return Period(PeriodKind.MONTH, today.replace(day=1), today)
