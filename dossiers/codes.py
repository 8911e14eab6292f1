"""Dossier codes: `<unit code>-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP), numbered
per receiving unit and day."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from dossiers.models import DossierCodeCounter
from portal.accounts.models import Agency


def _counter_ensure(*, agency: Agency, day: datetime.date) -> None:
    if DossierCodeCounter.objects.filter(agency=agency, day=day).exists():
        return
    try:
        with transaction.atomic():  # a savepoint: losing the race to create is fine
            DossierCodeCounter.objects.create(agency=agency, day=day)
    except IntegrityError:
        pass


@transaction.atomic
def dossier_code_issue(*, agency: Agency, day: datetime.date) -> str:
    """The next code of this unit for this day. The increment is one UPDATE,
    which holds the counter's row lock until the caller's transaction ends:
    concurrent submissions queue on it, so no two get the same number and a
    rolled-back submission gives its number back."""
    _counter_ensure(agency=agency, day=day)
    counter = DossierCodeCounter.objects.filter(agency=agency, day=day)
    counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"
