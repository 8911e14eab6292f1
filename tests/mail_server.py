"""A mail server that fails: the test double sits at the boundary, Django's
locmem backend, so the code under test runs as it does against SMTP."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend


class MailServer:
    def __init__(self) -> None:
        self.failures_left = 0
        self.refused_for_good = False
        self.attempts = 0


@pytest.fixture
def mail_server(monkeypatch) -> MailServer:
    """`mail_server.failures_left = n`: the next n sends fail as a server that
    drops the connection; `refused_for_good`: every recipient refused (550)."""
    server = MailServer()
    send_messages = EmailBackend.send_messages

    def send(backend, messages):
        server.attempts += 1
        if server.refused_for_good:
            recipients = {to: (550, b"No such user") for m in messages for to in m.to}
            raise smtplib.SMTPRecipientsRefused(recipients)
        if server.failures_left:
            server.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send_messages(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send)
    return server


@pytest.fixture
def retrying_worker():
    """Eager tasks retried as a worker retries them (autoretry_for), instead of
    the retry being raised to whoever enqueued the task."""
    from portal.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous
