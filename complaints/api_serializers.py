"""A complaint as the complaints APIs answer it: to its reporter (the steps
meant for them, evidence links carrying the tracking token) and to its
handlers (every step, with its note)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from complaints import services
from complaints.models import Complaint, ComplaintEvidence
from complaints.reporter_history import reporter_history


class ReporterStepSerializer(serializers.Serializer):
    action = serializers.CharField()
    status = serializers.CharField()
    at = serializers.DateTimeField()
    words = serializers.CharField(help_text="The step in plain words, in the reader's language.")
    note = serializers.CharField(
        help_text="Only words meant for the reporter: the question asked of them, their own "
        "answer, the agency's answer, their comment reopening it; empty otherwise."
    )


class ComplaintEventSerializer(serializers.Serializer):
    """A step as the complaint's handlers see it: every one, with its note."""

    action = serializers.CharField()
    status = serializers.CharField(source="to_status")
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.full_name", allow_null=True, default=None)
    note = serializers.CharField(
        help_text="As recorded: for an escalation, those it was sent to; for an assignment, "
        "the official."
    )


class ComplaintEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, evidence: ComplaintEvidence) -> str:
        return reverse("complaints-api-evidence",
                       kwargs={"code": evidence.complaint.code, "pk": evidence.pk})  # fmt: skip


class TrackedEvidenceSerializer(ComplaintEvidenceSerializer):
    """The download URL carries the tracking token, as the tracking URL does."""

    def get_url(self, evidence: ComplaintEvidence) -> str:
        return f"{super().get_url(evidence)}?t={evidence.complaint.tracking_token}"


class ComplaintSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    unit = serializers.CharField(source="unit.code")
    responsible_agency = serializers.CharField(source="responsible_agency.code", allow_null=True,
                                               default=None)  # fmt: skip
    due_date = serializers.DateField()
    received_at = serializers.DateTimeField()
    outcome = serializers.CharField()
    response = serializers.CharField()
    evidence = ComplaintEvidenceSerializer(many=True, source="evidence.all")


class TrackedComplaintSerializer(ComplaintSerializer):
    tracking_url = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField(
        help_text="The history as the reporter is told it: the moves of its status and what "
        "was asked of or answered to them. The administration's own steps (assignment, "
        "re-routing, reminders, escalations) are not listed."
    )
    evidence = TrackedEvidenceSerializer(many=True, source="evidence.all")

    def get_tracking_url(self, complaint: Complaint) -> str:
        return services.tracking_path(complaint)

    @extend_schema_field(ReporterStepSerializer(many=True))
    def get_events(self, complaint: Complaint) -> list:
        return ReporterStepSerializer(reporter_history(complaint), many=True).data


class HandledComplaintSerializer(ComplaintSerializer):
    """A complaint as its handlers see it: every step of its history."""

    events = ComplaintEventSerializer(many=True, source="events.all")
