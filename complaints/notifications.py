"""Telling the reporter: in the portal when they have an account, by e-mail
when they left an address."""

from __future__ import annotations

from django.db import transaction

from complaints.models import Complaint
from portal.notifications.services import notify


def reporter_notify(*, complaint: Complaint, title: str, body: str) -> None:
    from complaints.services import tracking_path

    if complaint.reporter_id:
        notify(user=complaint.reporter, title=title, body=body, url=tracking_path(complaint))
    elif complaint.reporter_email:
        from complaints.tasks import reporter_email_task

        transaction.on_commit(
            lambda: reporter_email_task.delay(complaint.pk, str(title), str(body))
        )
