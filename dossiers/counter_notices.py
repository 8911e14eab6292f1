"""The notice a citizen gets when the one-stop desk reads their national
records from their personal ID number for a counter draft: which unit, when
and for which procedure, with the way to "who used my data". Told once per
draft, whatever the number of sources read, and only to a citizen who has an
account: the access log keeps every read either way."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier
from portal.notifications.models import Notification
from portal.notifications.services import notify


def counter_data_read_notify(*, dossier: Dossier) -> Notification:
    """Tell the applicant of the counter draft that its unit read their data
    for it, at the consent's time (the reading starts with the draft)."""
    at = timezone.localtime(dossier.counter_consent_at or timezone.now())
    names = {
        "unit": dossier.agency.name,
        "procedure": dossier.procedure.name,
        "at": at.strftime("%H:%M %d/%m/%Y"),
    }
    return notify(
        user=dossier.applicant,
        title=_(
            "Dữ liệu của bạn được khai thác tại Bộ phận một cửa. "
            "Your data was read at the one-stop desk."
        ),
        body=_(
            "%(unit)s đã khai thác dữ liệu của bạn từ các cơ sở dữ liệu quốc gia theo số định "
            "danh cá nhân lúc %(at)s, với sự đồng ý của bạn, để tiếp nhận hồ sơ “%(procedure)s” "
            "tại quầy. Xem ai đã sử dụng dữ liệu của bạn. %(unit)s read your data from the "
            "national databases by your personal ID number at %(at)s, with your consent, to "
            "take a dossier for “%(procedure)s” at the desk. See who used your data."
        )
        % names,
        url=reverse("datasources:my-data-access"),
    )
