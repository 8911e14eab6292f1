"""Background work on complaints: routing, e-mails to reporters without an
account, and the sweepers that take up what a broker outage or a mail server
that was down left undone."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal.notifications.emails import MAIL_SERVER_ERRORS
from portal.notifications.outbox import emails_due_sweep
from portal.notifications.tasks import MAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="complaints.route", acks_late=True)
def complaint_route_task(complaint_id: int) -> bool:
    from complaints.routing import complaint_route

    return complaint_route(complaint_id=complaint_id) is not None


@shared_task(name="complaints.route_pending", acks_late=True)
def complaints_route_pending_task() -> int:
    """Route what is still due a minute after filing (its task was lost)."""
    from complaints.models import Complaint
    from complaints.routing import complaint_route

    stale = timezone.now() - timedelta(minutes=1)
    due = Complaint.objects.filter(routing_due=True, received_at__lt=stale)
    return sum(
        complaint_route(complaint_id=pk) is not None for pk in due.values_list("pk", flat=True)
    )


@shared_task(name="complaints.reporter_notice_email", acks_late=True, **MAIL_RETRY)
def reporter_notice_email_task(notice_id: int) -> bool:
    from complaints.notifications import reporter_notice_email_send

    return reporter_notice_email_send(notice_id=notice_id)


@shared_task(name="complaints.reporter_notices_email_pending", acks_late=True)
def reporter_notices_email_pending_task() -> int:
    """Send the notices still due a few minutes on (their task never reached a
    worker, or the mail server failed it each time); older than two days they
    are given up. Stops at the first mail server error: the next run tries again."""
    from complaints.models import ReporterNotice
    from complaints.notifications import reporter_notice_email_send

    return emails_due_sweep(
        rows=ReporterNotice.objects.all(),
        send=lambda pk: reporter_notice_email_send(notice_id=pk),
    )


@shared_task(name="complaints.reporter_email", acks_late=True)
def reporter_email_task(complaint_id: int, title: str, body: str) -> None:
    """A notice queued before notices were stored: stored now, and left to the
    sweeper if the mail server is down."""
    from complaints.models import Complaint, ReporterNotice
    from complaints.notifications import reporter_notice_email_send

    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or not complaint.reporter_email:
        return
    notice = ReporterNotice.objects.create(complaint=complaint, title=title, body=body)
    try:
        reporter_notice_email_send(notice_id=notice.pk)
    except MAIL_SERVER_ERRORS:
        logger.warning("Mail server unavailable: notice %s left to the sweeper", notice.pk,
                       exc_info=True)  # fmt: skip


@shared_task(name="complaints.follow_up", acks_late=True)
def complaints_follow_up_task() -> dict:
    from dataclasses import asdict

    from complaints.follow_up import complaints_follow_up

    return asdict(complaints_follow_up())


@shared_task(name="complaints.held_evidence_purge", acks_late=True)
def held_evidence_purge_task() -> int:
    """Files kept for a complaint form sent back and never claimed go."""
    from complaints.held_evidence import held_evidence_purge

    return held_evidence_purge()
