"""The citizen's way to a complaint and back, over HTTP: from a dossier's
tracking page to the form with that dossier chosen, the word that it was
received, and the conclusion on the complaint's page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, ComplaintOutcome, ComplaintStatus
from dossiers.models import DossierStatus
from tests.accounts.factories import CitizenFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

NEW = reverse("complaints:new")


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


def _submitted(applicant, unit, code="11311-261125-0001"):
    return DossierFactory(applicant=applicant, agency=unit, code=code,
                          status=DossierStatus.SUBMITTED, submitted_at=timezone.now())  # fmt: skip


def _chosen_dossiers(page: str) -> list[str]:
    """The values of the dossier options the form shows chosen."""
    select = re.search(r'<select [^>]*name="dossier".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d*)"\s+selected>', select)


def test_a_submitted_dossier_s_page_links_to_a_complaint_about_it(client, citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(reverse("dossiers:track", kwargs={"pk": dossier.pk})).content.decode()

    link = re.search(r'<a [^>]*data-testid="complain-link">([^<]*)</a>', page)
    assert link and f'href="{NEW}?dossier={dossier.pk}"' in link.group(0)
    assert link.group(1) == "Phản ánh, kiến nghị về hồ sơ này"


def test_a_draft_s_page_has_no_complaint_link(client, citizen, hong_bang_ward):
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    _login(client, citizen)

    page = client.get(reverse("dossiers:track", kwargs={"pk": draft.pk}))

    assert page.status_code == 200
    assert "complain-link" not in page.content.decode() and "?dossier=" not in page.content.decode()


def test_the_form_opened_from_one_s_own_dossier_has_it_chosen_and_files_against_it(
    client, citizen, hong_bang_ward
):
    mine = _submitted(citizen, hong_bang_ward)
    _submitted(citizen, hong_bang_ward, code="11311-261125-0002")  # another of theirs
    _login(client, citizen)

    page = client.get(NEW, {"dossier": mine.pk}).content.decode()
    assert _chosen_dossiers(page) == [str(mine.pk)]
    # Choosing the province reloads the form: the dossier stays chosen.
    assert f'<input type="hidden" name="dossier" value="{mine.pk}">' in page
    again = client.get(NEW, {"dossier": mine.pk, "province": 31}).content.decode()
    assert _chosen_dossiers(again) == [str(mine.pk)]

    client.post(NEW, {"category": "reprovide_data", "dossier": mine.pk,
                      "description": "Cán bộ yêu cầu tôi nộp bản sao giấy khai sinh."})  # fmt: skip
    complaint = Complaint.objects.get()
    assert complaint.dossier == mine and complaint.unit == hong_bang_ward


@pytest.mark.parametrize("asked", ["theirs", "their draft", "unknown", "not a key"])
def test_another_s_or_an_unknown_dossier_is_ignored_saying_nothing(
    client, citizen, hong_bang_ward, asked
):
    mine = _submitted(citizen, hong_bang_ward)
    theirs = _submitted(CitizenFactory(), hong_bang_ward, code="11311-261125-0009")
    own_draft = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    raw = {"theirs": theirs.pk, "their draft": own_draft.pk, "unknown": theirs.pk + 1000,
           "not a key": "abc"}[asked]  # fmt: skip
    _login(client, citizen)

    response = client.get(NEW, {"dossier": raw})

    page = response.content.decode()
    assert response.status_code == 200
    assert _chosen_dossiers(page) == []
    assert theirs.code not in page and 'type="hidden" name="dossier"' not in page
    assert f'<option value="{mine.pk}"' in page  # their own still offered


def test_the_complaint_s_page_says_whether_it_was_found_substantiated(client, hong_bang_ward):
    complaint = ComplaintFactory(
        unit=hong_bang_ward, responsible_agency=hong_bang_ward, routing_due=False,
        status=ComplaintStatus.CONCLUDED, outcome=ComplaintOutcome.SUBSTANTIATED,
        response="Đơn vị đã xin lỗi và chấn chỉnh cán bộ.", concluded_at=timezone.now(),
    )  # fmt: skip
    url = reverse("complaints:track", kwargs={"code": complaint.code})
    _login(client, complaint.reporter)

    page = client.get(url).content.decode()
    assert re.search(r"Kết luận</dt><dd[^>]*><strong data-testid=\"outcome\">Phản ánh đúng<", page)

    complaint.outcome = ComplaintOutcome.UNSUBSTANTIATED
    complaint.save(update_fields=["outcome"])
    assert 'data-testid="outcome">Phản ánh không đúng<' in client.get(url).content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'data-testid="outcome">Not substantiated<' in client.get(url).content.decode()


def test_a_complaint_still_handled_shows_no_conclusion(client, routed):
    _login(client, routed.reporter)
    page = client.get(reverse("complaints:track", kwargs={"code": routed.code})).content.decode()
    assert 'data-testid="outcome"' not in page and "Kết luận" not in page
