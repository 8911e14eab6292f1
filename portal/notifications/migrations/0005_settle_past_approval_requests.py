"""The leaders' "awaiting approval" messages sent before they named their
action: named now, and settled (done, read) where the list no longer awaits
approval, so that no one keeps a "New" request for a list decided or published."""

import re

from django.db import migrations
from django.utils import timezone

AWAITING = "Danh mục thay thế chờ phê duyệt"
LIST_URL = re.compile(r"^/staff/catalog/lists/(\d+)/$")


def settle_past_approval_requests(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ReplacementList = apps.get_model("procedures", "ReplacementList")
    now = timezone.now()
    for note in Notification.objects.filter(title__startswith=AWAITING, action=""):
        match = LIST_URL.match(note.url)
        if match is None:
            continue
        note.action = f"replacement_list.approve:{match[1]}"
        status = ReplacementList.objects.filter(pk=match[1]).values_list("status", flat=True)
        if status.first() != "submitted":
            note.done_at = now
            note.read_at = note.read_at or now
        note.save(update_fields=["action", "done_at", "read_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_action_asked"),
        ("procedures", "0005_result_and_component_document_type"),
    ]

    operations = [
        migrations.RunPython(settle_past_approval_requests, migrations.RunPython.noop),
    ]
