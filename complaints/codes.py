"""Complaint reference codes: PAKN-YYMMDD-NNNN, numbered per day."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from complaints.models import ComplaintCodeCounter

PREFIX = "PAKN"


@transaction.atomic
def complaint_code_issue(*, day: datetime.date) -> str:
    """The next code of the day. One UPDATE holds the counter's row lock until
    the caller's transaction ends, so concurrent filings never share a number."""
    if not ComplaintCodeCounter.objects.filter(day=day).exists():
        try:
            with transaction.atomic():  # losing the race to create the row is fine
                ComplaintCodeCounter.objects.create(day=day)
        except IntegrityError:
            pass
    counter = ComplaintCodeCounter.objects.filter(day=day)
    counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    return f"{PREFIX}-{day:%y%m%d}-{number:04d}"
