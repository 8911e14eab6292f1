"""The applicant rates the handling once the result is out, once."""

import pytest
from django.urls import reverse

from dossiers.models import DossierStatus, SatisfactionRating
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


@pytest.fixture
def returned(citizen):
    return DossierFactory(applicant=citizen, code="11311-261125-0011",
                          status=DossierStatus.RESULT_RETURNED)  # fmt: skip


def test_the_tracking_page_asks_and_a_rating_is_kept_once(client, citizen, returned):
    _login(client, citizen)
    track = reverse("dossiers:track", kwargs={"pk": returned.pk})
    assert 'name="rating"' in client.get(track).content.decode()

    rating = {"rating": "4", "comment": "Nhanh, không phải nộp giấy tờ."}
    response = client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), rating)
    assert response.status_code == 302
    assert SatisfactionRating.objects.get(dossier=returned).rating == 4
    page = client.get(track).content.decode()
    assert 'name="rating"' not in page and 'data-testid="rating"' in page

    again = client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), {"rating": "1"})
    assert again.status_code == 400 and "đã được đánh giá" in again.content.decode()
    assert SatisfactionRating.objects.get(dossier=returned).rating == 4


@pytest.mark.parametrize("rating", ["0", "6", "năm", ""])
def test_a_rating_outside_1_to_5_is_refused(client, citizen, returned, rating):
    _login(client, citizen)
    response = client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), {"rating": rating})
    assert response.status_code == 400
    assert not SatisfactionRating.objects.exists()


def test_a_rating_refused_for_its_missing_score_keeps_the_comment_typed(client, citizen, returned):
    _login(client, citizen)
    typed = {"rating": "", "comment": "Cán bộ hướng dẫn <rõ ràng> & nhanh."}

    response = client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), typed)

    page = response.content.decode()
    assert response.status_code == 400 and "Chọn từ 1 đến 5" in page
    assert (
        'name="comment" rows="2" maxlength="2000">'
        "Cán bộ hướng dẫn &lt;rõ ràng&gt; &amp; nhanh.</textarea>"
    ) in page
    assert 'aria-describedby="rating-error"' in page
    assert not SatisfactionRating.objects.exists()


def test_not_before_the_result_nor_by_someone_else(client, citizen):
    processing = DossierFactory(applicant=citizen, code="11311-261125-0012",
                                status=DossierStatus.IN_PROCESSING)  # fmt: skip
    _login(client, citizen)
    assert 'name="rating"' not in client.get(
        reverse("dossiers:track", kwargs={"pk": processing.pk})).content.decode()  # fmt: skip
    assert client.post(reverse("dossiers:rate", kwargs={"pk": processing.pk}),
                       {"rating": "5"}).status_code == 400  # fmt: skip
    returned = DossierFactory(applicant=citizen, code="11311-261125-0013",
                              status=DossierStatus.RESULT_RETURNED)  # fmt: skip
    _login(client, CitizenFactory())
    assert client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}),
                       {"rating": "5"}).status_code == 404  # fmt: skip
    assert not SatisfactionRating.objects.exists()


def test_what_to_do_now_is_to_rate_until_rated(client, citizen, returned):
    """A closed dossier waiting for its rating does not say there is nothing to do."""
    _login(client, citizen)
    track = reverse("dossiers:track", kwargs={"pk": returned.pk})

    page = client.get(track).content.decode()
    assert 'href="#rate-heading" data-testid="rate-next">Đánh giá việc giải quyết hồ sơ' in page
    assert 'id="rate-heading"' in page and "Không có: hồ sơ đã kết thúc" not in page

    client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), {"rating": "5"})
    page = client.get(track).content.decode()
    assert 'data-testid="rate-next"' not in page and "Không có: hồ sơ đã kết thúc" in page


@pytest.mark.parametrize("page", ["dossiers:list", "accounts:home"])
def test_the_lists_too_ask_for_the_rating_until_rated(client, citizen, returned, page):
    """My dossiers and the home page say what the tracking page says: rate it, not "nothing"."""
    _login(client, citizen)
    track = reverse("dossiers:track", kwargs={"pk": returned.pk})

    listed = client.get(reverse(page)).content.decode()
    assert (
        f'href="{track}#rate-heading" data-testid="rate-next">Đánh giá việc giải quyết hồ sơ'
    ) in listed
    assert "Không có: hồ sơ đã kết thúc" not in listed

    client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), {"rating": "5"})
    listed = client.get(reverse(page)).content.decode()
    assert 'data-testid="rate-next"' not in listed and "Không có: hồ sơ đã kết thúc" in listed


def test_once_rated_the_tracking_page_shows_the_rating_in_words_and_its_comment(
    client, citizen, returned
):
    _login(client, citizen)
    client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}),
                {"rating": "4", "comment": "Nhanh, không phải nộp giấy tờ."})  # fmt: skip
    track = reverse("dossiers:track", kwargs={"pk": returned.pk})

    vietnamese = client.get(track, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    english = client.get(track, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'data-testid="rating-words">Hài lòng</strong> (4/5)' in vietnamese
    assert 'data-testid="rating-comment">Nhanh, không phải nộp giấy tờ.</span>' in vietnamese
    assert 'data-testid="rating-words">Satisfied</strong> (4/5)' in english
    assert 'name="rating"' not in vietnamese  # where the form was


def test_a_rating_without_a_comment_shows_no_comment(client, citizen, returned):
    _login(client, citizen)
    client.post(reverse("dossiers:rate", kwargs={"pk": returned.pk}), {"rating": "1"})

    page = client.get(reverse("dossiers:track", kwargs={"pk": returned.pk})).content.decode()

    assert 'data-testid="rating-words">Rất không hài lòng</strong> (1/5)' in page
    assert 'data-testid="rating-comment"' not in page
