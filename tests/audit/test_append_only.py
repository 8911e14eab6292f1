"""The audit log refuses every change: through the ORM and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.audit.models import AccessLog, AccessOutcome, AppendOnlyError, ComplianceEvent
from portal.audit.selectors import access_log_for_subject
from portal.audit.services import access_log_record, compliance_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(commune_official):
    return access_log_record(
        actor=commune_official,
        subject_personal_id="031090001234",
        source="population",
        fields=["full_name", "date_of_birth"],
        purpose_type="dossier",
        purpose_id="42",
        purpose_label="Hồ sơ 11311-261125-0001",
        outcome=AccessOutcome.OK,
    )


def test_an_access_is_recorded_with_actor_agency_and_purpose(entry, commune_official):
    assert entry.actor_agency == commune_official.agency
    assert entry.fields == ["date_of_birth", "full_name"]
    assert list(access_log_for_subject(personal_id="031090001234")) == [entry]


def test_orm_changes_are_refused(entry):
    entry.outcome = AccessOutcome.DENIED
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(outcome="denied")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()

    assert AccessLog.objects.get(pk=entry.pk).outcome == AccessOutcome.OK


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_accesslog SET outcome = 'denied'", "DELETE FROM audit_accesslog"],
)
def test_raw_sql_changes_are_refused_by_the_database(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert AccessLog.objects.get(pk=entry.pk).outcome == AccessOutcome.OK


def test_compliance_events_are_append_only_too(commune_official):
    event = compliance_event_record(
        kind="reprovide_refused",
        actor=commune_official,
        reference="D-1",
        detail={"component": "CCCD"},
    )

    assert event.agency == commune_official.agency
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_complianceevent")
    assert ComplianceEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_rows_written_in_committed_transactions_stay_append_only():
    entry = access_log_record(
        actor=None,
        subject_personal_id="031090001234",
        source="population",
        fields=["full_name"],
        purpose_type="dossier",
        purpose_id="7",
        outcome=AccessOutcome.OK,
    )

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog")

    assert AccessLog.objects.filter(pk=entry.pk).exists()
