"""Fixtures shared by the complaint tests."""

import pytest
from django.core.files.storage import storages

from complaints.models import ComplaintStatus
from tests.complaints.factories import ComplaintFactory


@pytest.fixture
def storage_fails_on_the_second_file(monkeypatch, settings, tmp_path):
    """The evidence storage (under a fresh MEDIA_ROOT, returned) writes the
    first file, then fails as a full or unreachable disk does."""
    settings.MEDIA_ROOT = tmp_path
    storage_class = type(storages["default"])  # where evidence is kept
    save = storage_class._save
    calls = []

    def _save(storage, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return save(storage, name, content)

    monkeypatch.setattr(storage_class, "_save", _save)
    return tmp_path


@pytest.fixture
def routed(hong_bang_ward):
    """A complaint about Hồng Bàng, routed to Hồng Bàng."""
    return ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                            status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
