"""Telling the reporter: in the portal when they have an account, by e-mail
when they left an address. A notice is stored and sent as written, whatever
the language of the request that sent it, so it is written in both languages,
Vietnamese first ("Vietnamese. English."); what a handler typed (a question,
an answer) goes as typed.

A reporter without an account gets each notice in the portal's e-mail layout,
stored first (ReporterNotice) like a notification: its task is retried while
the mail server fails, a sweeper sends what a lost task never did, and a task
delivered twice sends it once."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from complaints.models import Complaint, ReporterNotice
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.emails import Reason, permanently_refused, portal_email_build
from portal.notifications.services import notify

logger = logging.getLogger(__name__)


def reporter_notify(*, complaint: Complaint, title: str, body: str) -> None:
    from complaints.services import tracking_path

    if complaint.reporter_id:
        notify(user=complaint.reporter, title=title, body=body, url=tracking_path(complaint))
    elif complaint.reporter_email:
        from complaints.tasks import reporter_notice_email_task

        notice = ReporterNotice.objects.create(complaint=complaint, title=str(title),
                                               body=str(body))  # fmt: skip
        enqueue_on_commit(reporter_notice_email_task, notice.pk)


@transaction.atomic
def reporter_notice_email_send(*, notice_id: int) -> bool:
    """E-mail the notice to the address the reporter left if it is still due,
    then mark it sent: False when there was nothing to send (sent already, or
    being sent by another worker). A mail server error leaves it due and is
    raised, for the task to try again; an address refused for good is given up."""
    from complaints.services import tracking_path

    notice = (
        ReporterNotice.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("complaint")
        .filter(pk=notice_id, email_due=True)
        .first()
    )
    if notice is None:
        return False
    complaint = notice.complaint
    sent_at = None
    if complaint.reporter_email:
        message = portal_email_build(
            to=complaint.reporter_email, name=complaint.reporter_name, subject=notice.title,
            body=notice.body, path=tracking_path(complaint), reason=Reason.COMPLAINT,
            reference=complaint.code,
        )  # fmt: skip
        try:
            message.send()
            sent_at = timezone.now()
        except Exception as error:
            if not permanently_refused(error):
                raise
            logger.warning("Complaint %s: the mail server refused the reporter's address "
                           "for good", complaint.code)  # fmt: skip
    ReporterNotice.objects.filter(pk=notice.pk).update(email_due=False, sent_at=sent_at)
    return sent_at is not None
