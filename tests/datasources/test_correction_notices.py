"""What the flaggers of a wrong value are told of the owner's decision is
stored, and e-mailed, in both languages, Vietnamese first ("Vietnamese.
English."), each half naming the field in its own language, whichever
language the request that sent it was in; the owner's note goes as typed."""

import pytest
from django.urls import reverse
from django.utils import translation

from datasources.corrections import correction_accept, correction_flag, correction_reject
from dossiers.purposes import dossier_purpose
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def request_flagged(gateway_live, citizen, hong_bang_ward, data_owner):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    return correction_flag(source="population", subject=dossier.subject_personal_id,
                           field="permanent_address", by=citizen,
                           purpose=dossier_purpose(dossier))  # fmt: skip


def _vietnamese_then_english(text: str, vietnamese: str, english: str) -> None:
    assert vietnamese in text and english in text, text
    assert text.index(vietnamese) < text.index(english), text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_correction_is_told_in_both_languages(request_flagged, citizen, data_owner, language):
    with translation.override(language):
        correction_accept(request=request_flagged, by=data_owner,
                          corrected_value="Số 14 Hoàng Văn Thụ", note="Đã xác minh")  # fmt: skip

    told = Notification.objects.get(user=citizen)
    _vietnamese_then_english(told.title, "Dữ liệu đã được điều chỉnh: Nơi thường trú.",
                             "Data corrected: Permanent residence.")  # fmt: skip
    assert told.body == "Đã xác minh"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_rejection_is_told_in_both_languages(request_flagged, citizen, data_owner, language):
    with translation.override(language):
        correction_reject(request=request_flagged, by=data_owner, reason="Đúng theo hồ sơ")

    told = Notification.objects.get(user=citizen)
    _vietnamese_then_english(told.title, "Yêu cầu điều chỉnh bị từ chối: Nơi thường trú.",
                             "Correction rejected: Permanent residence.")  # fmt: skip
    assert told.body == "Đúng theo hồ sơ"


def test_the_decision_notification_links_to_the_corrections_page(
    request_flagged, citizen, data_owner
):
    correction_reject(request=request_flagged, by=data_owner, reason="Đúng theo hồ sơ")

    assert Notification.objects.get(user=citizen).url == reverse("datasources:corrections")
