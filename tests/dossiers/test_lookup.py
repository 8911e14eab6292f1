"""The public dossier look-up (tra cứu hồ sơ): a dossier followed by its code and
the look-up key printed on its receipt, without logging in, showing nothing
personal; the receipt and slips lead there instead of to the applicant's page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.lookup import (
    LookupNotFound,
    LookupRefused,
    LookupThrottled,
    dossier_look_up,
    key_shown,
    lookup_url,
)
from dossiers.models import DossierEvent, DossierStatus, SupplementRequest
from dossiers.models.dossier import LOOKUP_KEY_ALPHABET, ActingBasis
from dossiers.receipts import receipt_pdf
from dossiers.slips import supplement_slip_pdf
from tests.dossiers.factories import DossierFactory
from tests.pdf.reading import pdf_text, qr_codes
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
BASE = "https://motcuaso.haiphong.gov.vn"
NOT_FOUND = "Không tìm thấy hồ sơ có mã hồ sơ và mã tra cứu này"
LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", processing_days=3)
    dossier = DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen,
        status=DossierStatus.RECEIVED,
        code="11311-261124-0001", submitted_at=timezone.now() - datetime.timedelta(days=1),
        due_date=datetime.date(2026, 11, 27), lookup_key="K7QM4TZR",
        form_values={"address": "Số 7 Đường Lê Thánh Tông, phường Ngô Quyền",
                     "phone": "0912345678"},
    )  # fmt: skip
    DossierEvent.objects.create(dossier=dossier, action="receive", from_status="submitted",
                                to_status=dossier.status,
                                reason="Đã đối chiếu CCCD của Nguyễn Văn An")  # fmt: skip
    return dossier


def _look_up(code="11311-261124-0001", key="K7QM-4TZR", address=ADDRESS):
    return dossier_look_up(code=code, key=key, address=address)


# The service.


def test_each_dossier_gets_its_own_random_key(citizen, hong_bang_ward):
    keys = {DossierFactory(applicant=citizen, agency=hong_bang_ward).lookup_key for _ in range(5)}

    assert len(keys) == 5
    assert all(re.fullmatch(f"[{LOOKUP_KEY_ALPHABET}]{{8}}", key) for key in keys)


def test_the_right_key_finds_the_dossier_however_it_is_typed(dossier):
    assert _look_up() == dossier
    assert _look_up(code=" 11311-261124-0001 ", key="k7qm 4tzr") == dossier
    assert _look_up(key="K7QM4TZR") == dossier


def test_a_wrong_key_and_an_unknown_code_get_the_same_answer(dossier):
    with pytest.raises(LookupNotFound) as wrong_key:
        _look_up(key="K7QM-4TZS")
    with pytest.raises(LookupNotFound) as unknown_code:
        _look_up(code="11311-261124-0002")

    assert wrong_key.value.message == unknown_code.value.message
    assert NOT_FOUND in wrong_key.value.message
    assert wrong_key.value.status == 404


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("", "K7QM-4TZR"),
        ("11311-261124-0001", ""),
        ("11311/261124/0001", "K7QM-4TZR"),
        ("1" * 45 + "-261124-0001", "K7QM-4TZR"),
        ("11311-261124-0001", "K7QM-4TZ"),  # too short
        ("11311-261124-0001", "K7QM-4TZ0"),  # 0 is never in a key
        ("11311-261124-0001", "K7QM-4TZR" * 1000),
        ("a\x00b", "K7QM-4TZR"),
        ("11311-261124-0001", "K7QM\x004TZR"),
    ],
)
def test_malformed_input_is_refused_as_such_and_not_counted(dossier, settings, code, key):
    settings.DOSSIER_LOOKUP_FAILURES = "1/15m"
    with pytest.raises(LookupRefused) as refused:
        _look_up(code=code, key=key)

    assert type(refused.value) is LookupRefused
    assert refused.value.status == 400
    assert _look_up() == dossier  # the one attempt allowed is still there


def test_a_draft_is_never_found(citizen, hong_bang_ward):
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, code="11311-261124-0009")

    with pytest.raises(LookupNotFound):
        _look_up(code=draft.code, key=draft.lookup_key)


def test_wrong_look_ups_from_one_address_are_stopped_for_a_while(dossier, settings):
    settings.DOSSIER_LOOKUP_FAILURES = "3/15m"
    for _ in range(5):  # right look-ups are given back: they never add up
        _look_up()
    for _ in range(3):
        with pytest.raises(LookupNotFound):
            _look_up(key="AAAA-AAAA")

    with pytest.raises(LookupThrottled) as throttled:
        _look_up()  # even the right key, until the window ends

    assert throttled.value.status == 429
    assert 0 < throttled.value.wait <= 15 * 60
    assert _look_up(address="198.51.100.9") == dossier  # another address is not stopped


# The page.


def test_the_page_without_a_code_is_the_form(client):
    response = client.get(reverse("dossiers:lookup"))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert 'name="key"' in response.content.decode()


def test_the_right_key_shows_the_status_without_logging_in(client, dossier):
    response = client.get(reverse("dossiers:lookup"), {"code": dossier.code, "key": "K7QM-4TZR"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "11311-261124-0001" in page
    assert "Đăng ký khai sinh" in page
    assert "UBND phường Hồng Bàng" in page
    assert str(dossier.get_status_display()) in page
    assert "27/11/2026" in page
    assert "no-store" in response["Cache-Control"]


def test_the_page_shows_no_personal_data(client, dossier, citizen):
    page = client.get(
        reverse("dossiers:lookup"), {"code": dossier.code, "key": "K7QM-4TZR"}
    ).content.decode()

    assert 'data-testid="lookup-result"' in page
    for personal in (citizen.full_name, citizen.personal_id, "Lê Thánh Tông", "0912345678",
                     "Đã đối chiếu CCCD", f"/dossiers/{dossier.pk}/"):  # fmt: skip
        assert personal not in page


def test_a_dossier_awaiting_its_fee_says_to_log_in_or_come_to_the_desk(client, dossier):
    dossier.status = DossierStatus.FINANCIAL_OBLIGATION
    dossier.save(update_fields=["status"])

    page = client.get(
        reverse("dossiers:lookup"), {"code": dossier.code, "key": "K7QM-4TZR"}
    ).content.decode()

    expected = page[page.index('data-testid="lookup-expected"') :]
    assert "Pay the fee" in expected or "Nộp phí" in expected
    assert "UBND phường Hồng Bàng" in expected


@pytest.mark.parametrize("query", [{"key": "K7QM-4TZS"}, {"code": "11311-261124-0002"}])
def test_a_wrong_key_or_an_unknown_code_is_the_form_with_the_same_404(client, dossier, query):
    response = client.get(reverse("dossiers:lookup"),
                          {"code": dossier.code, "key": "K7QM-4TZR"} | query)  # fmt: skip
    page = response.content.decode()

    assert response.status_code == 404
    assert NOT_FOUND in page
    assert 'name="key"' in page
    assert 'data-testid="lookup-result"' not in page


@pytest.mark.parametrize(
    "query",
    [{"code": "bogus", "key": "K7QM-4TZR"}, {"code": "11311-261124-0001", "key": "x" * 10_000},
     {"code": "x" * 10_000}, {"code": "11311-261124-0001", "key": "K7QM-4TZ"}],
)  # fmt: skip
def test_bad_input_is_a_400_that_changes_nothing(client, dossier, query):
    key = dossier.lookup_key
    response = client.get(reverse("dossiers:lookup"), query)

    page = response.content.decode()

    assert response.status_code == 400
    assert 'data-testid="lookup-error"' in page
    assert 'data-testid="lookup-result"' not in page
    dossier.refresh_from_db()
    assert dossier.lookup_key == key


def test_a_nul_character_is_refused_before_the_look_up(client, dossier):
    response = client.get(reverse("dossiers:lookup"), {"code": "11311-261124-0001\x00",
                                                       "key": "K7QM-4TZR"})  # fmt: skip

    assert response.status_code == 400
    assert "(NUL)" in response.content.decode()
    assert 'data-testid="lookup-result"' not in response.content.decode()


def test_past_the_limit_the_page_answers_429_with_retry_after(client, dossier, settings):
    settings.DOSSIER_LOOKUP_FAILURES = "2/15m"
    for _ in range(2):
        client.get(reverse("dossiers:lookup"), {"code": dossier.code, "key": "AAAA-AAAA"})

    response = client.get(reverse("dossiers:lookup"), {"code": dossier.code, "key": "K7QM-4TZR"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many wrong look-ups" in response.content.decode()


def test_the_applicants_page_gives_the_key_to_pass_on_and_where_to_follow_it(
    client, dossier, citizen, settings
):
    settings.PORTAL_BASE_URL = BASE
    client.force_login(citizen, backend=LOGIN)

    page = unescape(client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode())

    block = page.split('data-testid="lookup-key"', 1)[1].split("</section>", 1)[0]
    assert "Mã hồ sơ: <strong>11311-261124-0001</strong>" in block
    assert "Mã tra cứu:" in block and ">K7QM-4TZR</strong>" in block
    assert "Bạn, hoặc người bạn chuyển cho, có thể theo dõi hồ sơ này" in block
    assert "Cả hai đều in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả." in block
    assert f'<a href="{BASE}/dossiers/lookup/">{BASE}/dossiers/lookup/</a>' in block
    assert f'href="{lookup_url(dossier)}"' in block
    # What it leads to opens the dossier, to anyone holding it.
    client.logout()
    opened = client.get(lookup_url(dossier).removeprefix(BASE))
    assert opened.status_code == 200 and 'data-testid="lookup-result"' in opened.content.decode()


def test_the_key_is_given_to_pass_on_to_whoever_was_filed_for_only_when_filed_for_someone(
    client, dossier, citizen
):
    client.force_login(citizen, backend=LOGIN)
    track = reverse("dossiers:track", args=[dossier.pk])

    own = client.get(track).content.decode()
    dossier.acting_basis = ActingBasis.PARENT
    dossier.save(update_fields=["acting_basis"])
    for_a_child = client.get(track).content.decode()

    assert "Người được bạn nộp thay" not in own
    assert "Bạn, hoặc người bạn chuyển cho, có thể theo dõi hồ sơ này" in own
    assert "Người được bạn nộp thay có thể theo dõi hồ sơ này" in for_a_child


def test_a_dossier_refused_at_reception_points_to_its_refusal_slip_not_a_receipt(
    client, dossier, citizen, settings
):
    settings.PORTAL_BASE_URL = BASE
    dossier.status = DossierStatus.REFUSED_AT_RECEPTION
    dossier.save(update_fields=["status"])
    DossierEvent.objects.create(dossier=dossier, action="refuse_at_reception",
                                from_status="submitted", to_status=dossier.status,
                                reason="Thiếu tờ khai.")  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = unescape(client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode())

    block = page.split('data-testid="lookup-key"', 1)[1].split("</section>", 1)[0]
    assert "giấy tiếp nhận" not in block and 'data-testid="receipt-link"' not in page
    assert "Cả hai đều in trên phiếu từ chối tiếp nhận" in block
    # What the page says of the slip holds: it prints the code and the key, its QR code
    # opens the look-up.
    slip = client.get(reverse("dossiers:slip-refusal", args=[dossier.pk]))
    assert slip.status_code == 200
    assert f"Mã hồ sơ: {dossier.code} Mã tra cứu hồ sơ: K7QM-4TZR" in pdf_text(slip.content)
    assert qr_codes(slip.content) == [lookup_url(dossier)]


def test_a_draft_has_no_key_to_pass_on_yet(client, citizen, hong_bang_ward):
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, lookup_key="K7QM4TZR")
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[draft.pk])).content.decode()

    assert 'data-testid="lookup-key"' not in page and "K7QM" not in page


def test_the_page_is_linked_from_the_home_page_and_the_procedures(client, dossier):
    lookup = reverse("dossiers:lookup")

    assert lookup in client.get(reverse("public-home")).content.decode()
    assert lookup in client.get(reverse("procedures:catalog")).content.decode()
    detail = reverse("procedures:procedure", args=[dossier.procedure.code])
    assert lookup in client.get(detail).content.decode()


# The receipt and the slips.


def test_the_receipt_leads_to_the_look_up_not_to_the_applicants_page(dossier, settings):
    settings.PORTAL_BASE_URL = BASE
    url = f"{BASE}/dossiers/lookup/?code=11311-261124-0001&key=K7QM-4TZR"

    data = receipt_pdf(dossier=dossier)
    text = pdf_text(data)

    assert lookup_url(dossier) == url
    assert qr_codes(data) == [url]
    assert url in text
    assert "Mã tra cứu hồ sơ: K7QM-4TZR" in text
    assert f"/dossiers/{dossier.pk}/" not in text


def test_a_long_portal_address_is_still_printed_whole(dossier, settings):
    settings.PORTAL_BASE_URL = "https://dichvucong.thanhphohaiphong.gov.vn/mot-cua-so"

    assert lookup_url(dossier) in pdf_text(receipt_pdf(dossier=dossier))


def test_the_receipts_address_opens_the_look_up(client, dossier):
    response = client.get(lookup_url(dossier).removeprefix("http://127.0.0.1:8000"))

    assert response.status_code == 200
    assert 'data-testid="lookup-result"' in response.content.decode()


def test_the_slips_lead_to_the_look_up_too(dossier, commune_official, settings):
    settings.PORTAL_BASE_URL = BASE
    supplement = SupplementRequest.objects.create(dossier=dossier, requested_by=commune_official,
                                                  reason="Thiếu giấy chứng sinh")  # fmt: skip
    supplement.components.add(DossierComponentFactory(procedure=dossier.procedure))

    data = supplement_slip_pdf(supplement=supplement)

    assert qr_codes(data) == [lookup_url(dossier)]
    assert key_shown(dossier.lookup_key) in lookup_url(dossier)
