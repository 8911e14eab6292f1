"""Telling the reporter: in the portal when they have an account, by e-mail
when they left an address. A notice is stored and sent as written, whatever
the language of the request that sent it, so it is written in both languages,
Vietnamese first ("Vietnamese. English."); what a handler typed (a question,
an answer) goes as typed."""

from __future__ import annotations

from complaints.models import Complaint
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.services import notify


def reporter_notify(*, complaint: Complaint, title: str, body: str) -> None:
    from complaints.services import tracking_path

    if complaint.reporter_id:
        notify(user=complaint.reporter, title=title, body=body, url=tracking_path(complaint))
    elif complaint.reporter_email:
        from complaints.tasks import reporter_email_task

        enqueue_on_commit(reporter_email_task, complaint.pk, str(title), str(body))
