"""The portal's one e-mail layout, for every notice it e-mails: a greeting by
name, the message, a button to the page, and a footer naming the portal,
saying why the person receives it, that replies are not read and where to get
help. Plain text with an HTML alternative, Vietnamese first, then English,
whatever the language of the request that caused it.

Mail leaves from DEFAULT_FROM_EMAIL, a no-reply address: no Reply-To is set,
and the `Auto-Submitted` header (RFC 3834) keeps auto-responders from
answering it."""

from __future__ import annotations

import enum
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

# smtplib's errors, a refused connection, a timeout: all OSError. The mail
# server may take it later, so the message stays due and is tried again.
MAIL_SERVER_ERRORS = (OSError,)

HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


class Reason(enum.StrEnum):
    """Why the person receives the e-mail, said in its footer."""

    ACCOUNT = "account"  # the address of their account
    COMPLAINT = "complaint"  # the address they left with a complaint
    REPORT_LEADER = "report_leader"  # a leader of the unit whose report it is
    REPORT_STAFF = "report_staff"  # staff of the database owner whose report it is


def absolute_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}" if path.startswith("/") else path


def portal_email_build(
    *, to: str, name: str, subject: str, body: str, path: str = "", reason: Reason,
    reference: str = "",
) -> EmailMultiAlternatives:  # fmt: skip
    """The e-mail to `to`, greeting `name` (blank: "Sir or Madam"), linking to
    the portal page at `path`; `reference` is the complaint's code, or the
    name of the unit whose report it is."""
    context = {
        "languages": ("vi", "en"),
        "name": name.strip(),
        "subject": subject,
        "body": body.strip(),
        "url": absolute_url(path) if path else "",
        "reason": str(reason),
        "reference": reference,
        "portal_url": absolute_url("/"),
        "help_url": absolute_url(reverse("complaints:new")),
        "hotline": settings.PORTAL_HOTLINE,
    }
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),  # a header: one line
        body=render_to_string("emails/notification.txt", context),
        to=[to],
        headers=HEADERS,
    )
    message.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
    return message


def permanently_refused(error: Exception) -> bool:
    """The mail server refused every recipient for good (5xx): trying again will not help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _message in error.recipients.values()
    )
