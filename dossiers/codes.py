"""Dossier codes: `<unit code>-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP), numbered
per receiving unit and day."""

from __future__ import annotations

import datetime

from django.db import connection

from dossiers.models import DossierCodeCounter
from portal.accounts.models import Agency

_COUNTER = DossierCodeCounter._meta.db_table
# One statement creates the unit's counter for the day or increments it
# (PostgreSQL and SQLite both speak this upsert), and says the new number.
_NEXT_NUMBER = (
    f'INSERT INTO "{_COUNTER}" ("agency_id", "day", "last") VALUES (%s, %s, 1) '
    f'ON CONFLICT ("agency_id", "day") DO UPDATE SET "last" = "{_COUNTER}"."last" + 1 '
    'RETURNING "last"'
)


def dossier_code_issue(*, agency: Agency, day: datetime.date) -> str:
    """The next code of this unit for this day. The increment is one upsert,
    which holds the counter's row lock until the caller's transaction ends:
    concurrent submissions queue on it, so no two get the same number and a
    rolled-back submission gives its number back."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_NUMBER, [agency.pk, connection.ops.adapt_datefield_value(day)])
        (number,) = cursor.fetchone()
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"
