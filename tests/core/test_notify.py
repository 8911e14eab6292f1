"""A notice is stored whatever the length of its title: a bilingual title
naming a long unit twice is shortened to fit, not refused by the database."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.notifications.models import Notification
from portal.notifications.services import TITLE_MAX_LENGTH, notify
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_a_title_too_long_for_its_column_is_shortened_with_an_ellipsis(
    django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    citizen = CitizenFactory(email="an@example.vn")
    unit = "Ủy ban nhân dân phường Hồng Bàng, thành phố Hải Phòng " * 3
    title = f"Danh mục của {unit} đã được công bố. The list of {unit} is published."

    with django_capture_on_commit_callbacks(execute=True):
        notify(user=citizen, title=title, body="Chi tiết. Details.")

    stored = Notification.objects.get()
    assert len(title) > TITLE_MAX_LENGTH and len(stored.title) == TITLE_MAX_LENGTH
    assert stored.title.endswith("…") and title.startswith(stored.title[:-1])
    assert mail.outbox[0].subject == stored.title


def test_a_title_that_fits_is_kept_as_written():
    citizen = CitizenFactory()

    notify(user=citizen, title="Đã nộp hồ sơ. Dossier submitted.")

    assert Notification.objects.get().title == "Đã nộp hồ sơ. Dossier submitted."
