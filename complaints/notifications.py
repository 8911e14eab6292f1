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

from django.core.mail import EmailMessage

from complaints.models import Complaint, ReporterNotice
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.emails import Reason, portal_email_build
from portal.notifications.outbox import email_once
from portal.notifications.services import notify


def reporter_notify(*, complaint: Complaint, title: str, body: str) -> None:
    """Tell the reporter what is meant for them, as their history shows it
    (complaints.reporter_history): the move in plain words, the agency handling
    it, the question asked of them, the answer. Never the administration's own
    notes: whom it is assigned or escalated to, why it was re-routed."""
    from complaints.services import tracking_path

    if complaint.reporter_id:
        notify(user=complaint.reporter, title=title, body=body, url=tracking_path(complaint))
    elif complaint.reporter_email:
        from complaints.tasks import reporter_notice_email_task

        notice = ReporterNotice.objects.create(complaint=complaint, title=str(title),
                                               body=str(body))  # fmt: skip
        enqueue_on_commit(reporter_notice_email_task, notice.pk)


def reporter_notice_email_send(*, notice_id: int) -> bool:
    """E-mail the notice to the address the reporter left if it is still due,
    once (outbox.email_once), and stamp when it was sent: False when nothing
    was sent. A mail server error is raised, for the task to try again."""
    return email_once(
        rows=ReporterNotice.objects.select_related("complaint"), pk=notice_id,
        build=_reporter_notice_email, sent_at_field="sent_at",
    )  # fmt: skip


def _reporter_notice_email(notice: ReporterNotice) -> EmailMessage | None:
    from complaints.services import tracking_path

    complaint = notice.complaint
    if not complaint.reporter_email:
        return None
    return portal_email_build(
        to=complaint.reporter_email, name=complaint.reporter_name, subject=notice.title,
        body=notice.body, path=tracking_path(complaint), reason=Reason.COMPLAINT,
        reference=complaint.code,
    )  # fmt: skip
