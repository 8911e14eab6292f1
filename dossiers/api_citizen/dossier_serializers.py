"""A dossier as its applicant sees it in the citizen API: where it stands,
what is expected of them now, and in the detail its history in plain words,
the supplement request waiting for an answer and its look-up key."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from datasources.registry import source_name
from dossiers import supplement_answers
from dossiers.history import event_words, history_in_words, reason_for_applicant
from dossiers.lookup import lookup_key_given
from dossiers.models import (
    ActingBasis,
    Channel,
    Dossier,
    DossierEvent,
    DossierStatus,
    RightToActCheck,
)
from dossiers.right_to_act import right_not_read
from dossiers.states import NATIONAL_STATUS_CODES, TRANSITIONS, allowed_actions


# What the applicant is expected to do now, in the words of the tracking page.
def _next_step(dossier: Dossier) -> dict:
    # Set on a listed draft whose authorisation ended (ended_authorisations_mark).
    if ended := getattr(dossier, "authorisation_ended", None):
        return {"code": "authorisation_ended", "text": ended.message}
    # Set on a listed draft whose parent's or representative's right lapsed.
    if lapsed := getattr(dossier, "right_lapsed", None):
        return {"code": "right_lapsed", "text": lapsed.message}
    if dossier.taken_at_the_desk:
        return {"code": "taken_at_desk", "text": _(
            "Nothing online: the dossier is being received at the one-stop desk, where the "
            "official completes and submits it with you"
        )}  # fmt: skip
    if dossier.status == DossierStatus.DRAFT:
        if dossier.preview_confirmed_at is None:
            return {"code": "check_data", "text": _("Check your data")}
        return {"code": "complete_and_submit", "text": _("Complete and submit")}
    steps = {
        DossierStatus.FINANCIAL_OBLIGATION: ("pay_fee", _("Pay the fee")),
        DossierStatus.SUPPLEMENT_REQUESTED: ("provide_supplement", _("Provide what is asked")),
        DossierStatus.RESULT_READY: ("collect_result", _("Collect the result")),
    }
    if dossier.is_closed:
        return {"code": "none", "text": _("Nothing: the dossier is closed")}
    code, text = steps.get(dossier.status, ("none", _("Nothing: the unit is handling it")))
    return {"code": code, "text": text}


class NextStepSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["authorisation_ended", "right_lapsed", "taken_at_desk", "check_data",
                 "complete_and_submit", "pay_fee", "provide_supplement", "collect_result",
                 "none"],
        help_text="What the applicant is expected to do now. authorisation_ended (in the list "
                  "of dossiers): a draft started under an authorisation that the principal has "
                  "revoked, or that has expired; it cannot go on and can only be discarded, "
                  "on its page /dossiers/<id>/; its detail and form answer 403 no_right_to_act. "
                  "right_lapsed (in the list): the same for a draft of a parent or a legal "
                  "representative whose national source, last read, said the right lapsed "
                  "(the child turned 18 or left the household, another representative).",
    )  # fmt: skip
    text = serializers.CharField(
        help_text="The same in words; for authorisation_ended, in Vietnamese and English, how "
                  "and on which date (dd/mm/yyyy) the authorisation ended; for right_lapsed, "
                  "in both, what the source said."
    )  # fmt: skip


class CitizenHistorySerializer(serializers.Serializer):
    """One step of the history: when, the move made, what it did in plain words
    (as the tracking page says it), the status it reached, and why."""

    at = serializers.DateTimeField(help_text="When the move was made.")
    action = serializers.ChoiceField(
        choices=list(TRANSITIONS),
        help_text="The move made, e.g. resubmit_for_reception: the dossier was completed "
                  "before it was received and waits to be received again.",
    )  # fmt: skip
    description = serializers.SerializerMethodField(
        help_text="What the move did, in plain words, in the request's language "
                  "(Vietnamese unless Accept-Language asks for English), as the tracking "
                  "page shows it. For fee_paid, how the fee was paid: online, with the "
                  "payment platform's transaction, or at the desk, by which official and "
                  "against which fee receipt.",
    )  # fmt: skip
    status = serializers.ChoiceField(
        source="to_status", choices=DossierStatus.choices,
        help_text="The status the move reached.",
    )  # fmt: skip
    text = serializers.CharField(
        source="get_to_status_display",
        help_text="The name of that status in the request's language; two different moves "
                  "can reach the same status, so `description` says what happened.",
    )  # fmt: skip
    reason = serializers.SerializerMethodField(
        help_text="Why, when the move needs a reason; else empty. Empty too for the notes "
                  "passed between the unit's official and its leader (the signature step).",
    )  # fmt: skip

    def get_reason(self, event: DossierEvent) -> str:
        return reason_for_applicant(event)

    def get_description(self, event: DossierEvent) -> str:
        words = self.context.get("words", {})  # the whole history's, read once
        return words[event.pk] if event.pk in words else event_words(event)


class CitizenAskedItemSerializer(serializers.Serializer):
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="component.name")
    uploads = serializers.IntegerField()
    answered = serializers.BooleanField()


class CitizenSupplementSerializer(serializers.Serializer):
    reason = serializers.CharField()
    requested_at = serializers.DateTimeField(source="created_at")
    items = serializers.SerializerMethodField()

    @extend_schema_field(CitizenAskedItemSerializer(many=True))
    def get_items(self, supplement):
        items = supplement_answers.supplement_items(supplement=supplement)
        return CitizenAskedItemSerializer(items, many=True).data


class AwaitedDueDateField(serializers.DateField):
    """The result's due date while a result is awaited (or came); none once the
    dossier closed without one (withdrawn, refused, stopped, not resolved), as
    the tracking page shows it."""

    def get_attribute(self, dossier: Dossier):
        return dossier.due_date if dossier.result_awaited else None


class CitizenDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    reference = serializers.CharField()
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    subject_personal_id = serializers.CharField()
    acting_basis = serializers.ChoiceField(choices=ActingBasis.choices)
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        help_text="Where it was taken: online, or at the one-stop desk (a draft there is the "
                  "official's to complete and submit: 409 taken_at_the_desk to any change).",
    )  # fmt: skip
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_text = serializers.CharField(source="get_status_display")
    national_status = serializers.SerializerMethodField(
        help_text="The National Public Service Portal's status code (1-10), none for a draft."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_date = AwaitedDueDateField(
        allow_null=True,
        help_text="When the result is due; null before submission and for a dossier closed "
                  "without a result (withdrawn, refused at reception, stopped, not resolved).",
    )  # fmt: skip
    fee_vnd = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    next_step = serializers.SerializerMethodField()

    def get_national_status(self, dossier: Dossier) -> int | None:
        return NATIONAL_STATUS_CODES.get(dossier.status)

    @extend_schema_field(NextStepSerializer)
    def get_next_step(self, dossier: Dossier):
        return _next_step(dossier)


class CitizenRightUnreadSerializer(serializers.Serializer):
    """The mark a dossier carries when its applicant's right to act could not
    be read again at submission: the unit will verify it with that source."""

    source = serializers.CharField(help_text="The national source's code, e.g. population.")
    source_name = serializers.SerializerMethodField()
    noted_at = serializers.DateTimeField(source="verified_at", help_text="When it was submitted.")
    text = serializers.SerializerMethodField(help_text="The tracking page's words.")

    def get_source_name(self, check: RightToActCheck) -> str:
        return source_name(check.source)

    def get_text(self, check: RightToActCheck) -> str:
        return _(
            "When you submitted, %(source)s could not be read to check again that you may still "
            "act for this person. Your dossier was submitted all the same: the unit that handles "
            "it will verify your right to act with %(source)s. You need not do anything now; if "
            "it no longer holds, you will be told why."
        ) % {"source": source_name(check.source)}


class CitizenDossierDetailSerializer(CitizenDossierSerializer):
    """A dossier with its history, the moves open to the applicant now, the
    supplement request waiting for an answer, if any, its look-up key and
    whether the unit is to verify the applicant's right to act."""

    history = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    supplement = serializers.SerializerMethodField()
    lookup_key = serializers.SerializerMethodField(
        help_text="Once submitted, the look-up key printed on the receipt (as XXXX-XXXX): with "
                  "the code, anyone the applicant passes them on to (whoever they filed for) "
                  "follows the dossier without logging in at /dossiers/lookup/. Null for a draft."
    )  # fmt: skip
    result_delivery = serializers.CharField(
        help_text="How the applicant chose to receive the result (online, counter, post); "
                  "empty for a dossier submitted before the choice was asked.",
    )  # fmt: skip
    delivery_address = serializers.CharField(help_text="The address posted to, with `post`.")
    postal_tracking_number = serializers.CharField(
        help_text="The postal service's tracking number, once the result was handed to it."
    )
    right_to_act_unverified = serializers.SerializerMethodField(
        help_text="Set while the applicant's right to act for the subject was not read again "
                  "at submission (its national source could not be read; the dossier was "
                  "submitted all the same) and nobody has verified it since: the unit will "
                  "verify it with that source. Null otherwise."
    )  # fmt: skip

    @extend_schema_field(CitizenHistorySerializer(many=True))
    def get_history(self, dossier: Dossier):
        history = history_in_words(dossier=dossier)
        words = {event.pk: text for event, text in history}
        events = [event for event, _text in history]
        return CitizenHistorySerializer(events, many=True, context={"words": words}).data

    def get_allowed_actions(self, dossier: Dossier) -> list[str]:
        return allowed_actions(dossier=dossier, user=self.context["user"])

    @extend_schema_field(CitizenSupplementSerializer(allow_null=True))
    def get_supplement(self, dossier: Dossier):
        supplement = supplement_answers.supplement_open(dossier=dossier)
        return CitizenSupplementSerializer(supplement).data if supplement else None

    def get_lookup_key(self, dossier: Dossier) -> str | None:
        return lookup_key_given(dossier)

    @extend_schema_field(CitizenRightUnreadSerializer(allow_null=True))
    def get_right_to_act_unverified(self, dossier: Dossier):
        unread = right_not_read(dossier=dossier)
        return CitizenRightUnreadSerializer(unread).data if unread else None
