"""Background work on complaints: routing, and the sweeper that re-dispatches
routing a broker outage may have lost."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone


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


@shared_task(name="complaints.reporter_email", acks_late=True)
def reporter_email_task(complaint_id: int, title: str, body: str) -> None:
    from complaints.models import Complaint
    from complaints.services import tracking_path

    complaint = Complaint.objects.get(pk=complaint_id)
    link = f"{settings.PORTAL_BASE_URL}{tracking_path(complaint)}"
    send_mail(subject=title, message=f"{body}\n\n{link}", from_email=None,
              recipient_list=[complaint.reporter_email])  # fmt: skip


@shared_task(name="complaints.follow_up", acks_late=True)
def complaints_follow_up_task() -> dict:
    from dataclasses import asdict

    from complaints.follow_up import complaints_follow_up

    return asdict(complaints_follow_up())
