"""The official workspace through HTTP and its services: scoping, the queue,
the lifecycle moves, assignment, re-fetching a source and the national export."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.exceptions import TransitionRefused
from dossiers.models import Dossier, DossierEvent, DossierStatus, SourceRefetch
from dossiers.workspace import dossier_assign, dossier_receive, dossiers_bulk
from portal.audit.models import AccessLog
from portal.core.working_days import working_days_add
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def _dossier(unit, status=S.SUBMITTED, due_in: int | None = 5, **fields) -> Dossier:
    today = timezone.localdate()
    due = None if due_in is None else today + datetime.timedelta(days=due_in)
    return DossierFactory(agency=unit, status=status, due_date=due,
                          submitted_at=timezone.now(), **fields)  # fmt: skip


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


def _act(client, dossier, action, reason=""):
    """The move as the dossier page sends it, confirmed in its dialog where it asks."""
    return client.post(reverse("workspace:act", args=[dossier.pk]),
                       {"action": action, "reason": reason, "confirmed": "1"})  # fmt: skip


# Scoping


def test_citizen_gets_403_on_the_queue_and_a_dossier(client, citizen, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)
    assert client.get(reverse("workspace:queue")).status_code == 403
    assert client.get(reverse("workspace:dossier", args=[dossier.pk])).status_code == 403
    assert _act(client, dossier, "receive").status_code == 403


def test_another_units_dossier_is_a_404_and_untouched(official_client, le_chan_ward):
    other = _dossier(le_chan_ward)
    assert official_client.get(reverse("workspace:dossier", args=[other.pk])).status_code == 404
    assert _act(official_client, other, "receive").status_code == 404
    national = reverse("workspace:national-status", args=[other.pk])
    assert official_client.get(national).status_code == 404
    other.refresh_from_db()
    assert other.status == S.SUBMITTED and not other.events.exists()


def test_queue_lists_only_the_units_dossiers_and_no_drafts(
    official_client, hong_bang_ward, le_chan_ward
):
    mine = _dossier(hong_bang_ward, code="11311-261125-0001")
    _dossier(hong_bang_ward, status=S.DRAFT, code="11311-261125-0002")
    _dossier(le_chan_ward, code="11383-261125-0001")
    response = official_client.get(reverse("workspace:queue"))
    assert response.status_code == 200
    assert [d.pk for d, _ in response.context["rows"]] == [mine.pk]


# The queue


def test_queue_filters_by_status_procedure_deadline_and_assignee(
    official_client, commune_official, hong_bang_ward
):
    today = timezone.localdate()
    overdue = _dossier(hong_bang_ward, status=S.IN_PROCESSING, due_in=-3)
    soon = _dossier(hong_bang_ward, status=S.RECEIVED, due_in=0)
    later = DossierFactory(
        agency=hong_bang_ward, status=S.SUBMITTED, submitted_at=timezone.now(),
        due_date=working_days_add(today, 10), procedure__code="1.004222",
        assigned_to=commune_official,
    )  # fmt: skip
    closed_late = _dossier(hong_bang_ward, status=S.RESULT_RETURNED, due_in=-3)

    def listed(**params):
        response = official_client.get(reverse("workspace:queue"), params)
        assert response.status_code == 200
        return {d.pk for d, _ in response.context["rows"]}

    assert listed() == {overdue.pk, soon.pk, later.pk}  # what still needs the unit
    assert listed(status="all") == {overdue.pk, soon.pk, later.pk, closed_late.pk}
    assert listed(status=S.RESULT_RETURNED) == {closed_late.pk}
    assert listed(status=S.RECEIVED) == {soon.pk}
    assert listed(procedure="1.004222") == {later.pk}
    assert listed(deadline="overdue") == {overdue.pk}
    assert listed(deadline="due_soon") == {soon.pk}
    assert listed(mine="on") == {later.pk}
    response = official_client.get(reverse("workspace:queue"), {"status": "all"})
    states = {d.pk: state for d, state in response.context["rows"]}
    assert states[overdue.pk] == "overdue" and states[soon.pk] == "due_soon"
    assert states[closed_late.pk] == ""
    assert b"table-danger" in response.content and b"table-warning" in response.content


def test_queue_sorts_by_due_date_or_submission(official_client, hong_bang_ward):
    late = _dossier(hong_bang_ward, due_in=9)
    early = _dossier(hong_bang_ward, due_in=1)
    response = official_client.get(reverse("workspace:queue"), {"sort": "due"})
    assert [d.pk for d, _ in response.context["rows"]] == [early.pk, late.pk]
    response = official_client.get(reverse("workspace:queue"), {"sort": "-submitted"})
    assert [d.pk for d, _ in response.context["rows"]] == [early.pk, late.pk]
    response = official_client.get(reverse("workspace:queue"), {"sort": "submitted"})
    assert [d.pk for d, _ in response.context["rows"]] == [late.pk, early.pk]


def test_queue_counts_per_status(official_client, hong_bang_ward, le_chan_ward):
    for _ in range(2):
        _dossier(hong_bang_ward)
    _dossier(hong_bang_ward, status=S.RECEIVED)
    _dossier(le_chan_ward)
    response = official_client.get(reverse("workspace:queue"), {"status": S.RECEIVED})
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts[S.SUBMITTED] == 2 and counts[S.RECEIVED] == 1
    assert response.context["total"] == 3


def test_queue_rejects_bad_filters_with_400(official_client, hong_bang_ward):
    response = official_client.get(reverse("workspace:queue"), {"status": "nonsense"})
    assert response.status_code == 400
    assert "The filters are not valid" in response.content.decode()


def test_queue_htmx_request_gets_only_the_results(official_client, hong_bang_ward):
    _dossier(hong_bang_ward)
    response = official_client.get(reverse("workspace:queue"), HTTP_HX_REQUEST="true",
                                   HTTP_HX_TARGET="queue-results")  # fmt: skip
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'data-testid="queue-row"' in response.content.decode()


def test_queue_queries_are_bounded(official_client, hong_bang_ward, django_assert_max_num_queries):
    for _ in range(30):
        _dossier(hong_bang_ward)
    with django_assert_max_num_queries(12):
        response = official_client.get(reverse("workspace:queue"))
    assert len(response.context["rows"]) == 25


def test_bulk_receive_and_assign_to_me_refuse_per_item(
    official_client, commune_official, hong_bang_ward, le_chan_ward
):
    new = _dossier(hong_bang_ward)
    received = _dossier(hong_bang_ward, status=S.RECEIVED)
    foreign = _dossier(le_chan_ward)
    response = official_client.post(
        reverse("workspace:bulk"),
        {"action": "receive", "dossiers": [new.pk, received.pk, foreign.pk]}, follow=True,
    )  # fmt: skip
    text = response.content.decode()
    new.refresh_from_db(), received.refresh_from_db(), foreign.refresh_from_db()
    assert new.status == S.RECEIVED and received.status == S.RECEIVED
    assert foreign.status == S.SUBMITTED
    assert received.reference in text and "not of your unit" in text
    assert DossierEvent.objects.filter(action="receive").count() == 1

    official_client.post(reverse("workspace:bulk"),
                         {"action": "assign_to_me", "dossiers": [new.pk, received.pk]})  # fmt: skip
    assert Dossier.objects.filter(assigned_to=commune_official).count() == 2


def test_bulk_without_a_selection_is_a_400(official_client):
    response = official_client.post(reverse("workspace:bulk"), {"action": "receive"})
    assert response.status_code == 400


def test_bulk_without_a_selection_shows_the_queue_again_as_it_was_filtered(
    official_client, hong_bang_ward
):
    waiting = [_dossier(hong_bang_ward) for _ in range(26)]  # two pages
    in_processing = _dossier(hong_bang_ward, status=S.IN_PROCESSING)

    response = official_client.post(
        reverse("workspace:bulk"), {"action": "receive", "query": "status=submitted"}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Hãy chọn hồ sơ và thao tác" in text and 'data-testid="queue-table"' in text
    assert waiting[0].reference in text and in_processing.reference not in text
    queue = reverse("workspace:queue")
    assert f'href="{queue}?status=submitted&page=2"' in text  # not a GET to the bulk address
    assert all(
        d.status == S.SUBMITTED for d in Dossier.objects.filter(pk__in=[w.pk for w in waiting])
    )


# The dossier view and its actions


def test_dossier_view_shows_provenance_history_and_national_codes(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, code="11311-261125-0007")
    PrefillSourceFactory(dossier=dossier)
    dossier_receive(dossier=dossier, by=OfficialFactory(agency=hong_bang_ward))
    response = official_client.get(reverse("workspace:dossier", args=[dossier.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cổng Dịch vụ công quốc gia" in text  # the status code, explained
    assert "population" in text  # the re-fetch button of the source used
    assert [a for a, *_ in response.context["actions"]] == [
        "start_processing", "stop_processing"
    ]  # fmt: skip


def _history_line(page: str, action: str) -> str:
    start = page.index(f'data-action="{action}"')
    return page[start : page.index("</li>", start)]


@pytest.mark.parametrize(
    "language, words, short, explained",
    [
        ("vi", "Đã tiếp nhận · Lê Thị Hoa", "DVCQG 2",
         "Mã trạng thái 2 trên Cổng Dịch vụ công quốc gia"),
        ("en", "Received · Lê Thị Hoa", "NPSP 2",
         "Status code 2 on the National Public Service Portal"),
    ],
)  # fmt: skip
def test_the_history_says_what_happened_first_and_the_national_code_unobtrusively(
    official_client, commune_official, hong_bang_ward, language, words, short, explained
):
    dossier = _dossier(hong_bang_ward, code="11311-261125-0008")
    dossier_receive(dossier=dossier, by=commune_official)
    page = official_client.get(
        reverse("workspace:dossier", args=[dossier.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    line = _history_line(page, "receive")
    assert words in line  # the plain words lead the line
    badge = line[line.index('data-testid="national-status"') :]
    assert line.index(words) < line.index('data-testid="national-status"')
    # A small badge: the short code for the eye, its meaning on hover and for screen readers.
    assert f'title="{explained}"' in badge
    assert f'<span aria-hidden="true">{short}</span>' in badge
    assert f'<span class="visually-hidden">{explained}</span>' in badge
    assert "mã trạng thái quốc gia" not in page and "national status code" not in page


def test_a_dossier_with_a_fee_links_to_its_payments(official_client, hong_bang_ward):
    free = _dossier(hong_bang_ward)
    charged = _dossier(hong_bang_ward, fee_vnd=20000)
    page = official_client.get(reverse("workspace:dossier", args=[charged.pk])).content.decode()
    assert f'href="/payments/dossiers/{charged.pk}/" data-testid="payments-link"' in page
    page = official_client.get(reverse("workspace:dossier", args=[free.pk])).content.decode()
    assert 'data-testid="payments-link"' not in page
    assert official_client.get(f"/payments/dossiers/{charged.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("start", "action", "reason", "end"),
    [
        (S.SUBMITTED, "receive", "", S.RECEIVED),
        (S.SUBMITTED, "refuse_at_reception", "Không đúng thẩm quyền", S.REFUSED_AT_RECEPTION),
        (S.RECEIVED, "start_processing", "", S.IN_PROCESSING),
        (S.IN_PROCESSING, "propose_approval", "", S.AWAITING_SIGNATURE),
        (S.IN_PROCESSING, "propose_not_resolve", "Không đủ điều kiện", S.AWAITING_SIGNATURE),
        (S.RESULT_READY, "return_result", "", S.RESULT_RETURNED),
        (S.IN_PROCESSING, "stop_processing", "Theo yêu cầu của tòa án", S.PROCESSING_STOPPED),
    ],
)
def test_each_action_moves_the_status_with_an_event(
    official_client, commune_official, ward_leader, hong_bang_ward, start, action, reason, end
):
    dossier = _dossier(hong_bang_ward, status=start)
    response = _act(official_client, dossier, action, reason)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == end
    event = dossier.events.get()
    assert (event.action, event.actor, event.reason) == (action, commune_official, reason)


@pytest.mark.parametrize(
    ("start", "action"),
    [(S.RECEIVED, "receive"), (S.SUBMITTED, "propose_approval"),
     (S.RESULT_RETURNED, "return_result"),
     (S.SUBMITTED, "start_processing")],
)  # fmt: skip
def test_an_unlawful_action_is_a_409_and_changes_nothing(
    official_client, hong_bang_ward, start, action
):
    dossier = _dossier(hong_bang_ward, status=start)
    response = _act(official_client, dossier, action)
    assert response.status_code == 409
    assert "không thể thực hiện" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == start and not dossier.events.exists()


@pytest.mark.parametrize(
    ("action", "reason"), [("refuse_at_reception", "  "), ("withdraw", "x"), ("nonsense", "")]
)
def test_a_malformed_action_is_a_400_and_changes_nothing(
    official_client, hong_bang_ward, action, reason
):
    dossier = _dossier(hong_bang_ward)
    response = _act(official_client, dossier, action, reason)
    assert response.status_code == 400
    assert "Unknown action" in response.content.decode() or "A reason is required" in (
        response.content.decode()
    )
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and not dossier.events.exists()


def test_concurrent_receive_leaves_one_event(commune_official, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    colleague = OfficialFactory(agency=hong_bang_ward)
    first, second = Dossier.objects.get(pk=dossier.pk), Dossier.objects.get(pk=dossier.pk)
    dossier_receive(dossier=first, by=commune_official)
    with pytest.raises(TransitionRefused):
        dossier_receive(dossier=second, by=colleague)
    assert DossierEvent.objects.filter(dossier=dossier, action="receive").count() == 1


def test_bulk_service_reports_each_refusal(commune_official, hong_bang_ward):
    ok, refused = _dossier(hong_bang_ward), _dossier(hong_bang_ward, status=S.IN_PROCESSING)
    outcomes = dossiers_bulk(dossiers=[ok, refused], action="receive", by=commune_official)
    assert [o.done for o in outcomes] == [True, False]
    assert "không thể thực hiện" in outcomes[1].message


# Assignment


def test_assign_to_an_official_of_the_unit(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    colleague = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")
    response = official_client.post(reverse("workspace:assign", args=[dossier.pk]),
                                    {"to": colleague.pk})  # fmt: skip
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigned_to == colleague


def test_assign_to_another_units_official_is_refused(
    official_client, commune_official, other_commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    response = official_client.post(reverse("workspace:assign", args=[dossier.pk]),
                                     {"to": other_commune_official.pk})  # fmt: skip
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.assigned_to is None
    from dossiers.exceptions import DossierError

    with pytest.raises(DossierError):
        dossier_assign(dossier=dossier, to=other_commune_official, by=commune_official)
    closed = _dossier(hong_bang_ward, status=S.RESULT_RETURNED)
    with pytest.raises(DossierError):
        dossier_assign(dossier=closed, to=commune_official, by=commune_official)


# Re-fetch and the national export


def _refetch(client, dossier, source="population"):
    return client.post(reverse("workspace:refetch", args=[dossier.pk]), {"source": source})


def _comparison_table(response) -> str:
    return response.content.decode().split('data-testid="comparison"')[1].split("</table>")[0]


def test_refetch_logs_an_access_and_redirects_to_a_page_with_both_values(
    official_client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": "Địa chỉ cũ đã đổi"})

    response = _refetch(official_client, dossier)

    refetch = SourceRefetch.objects.get(dossier=dossier)
    assert response.status_code == 303
    url = reverse("workspace:refetch-comparison", args=[dossier.pk, refetch.pk])
    assert response["Location"] == f"{url}#comparison"  # lands on it, far down the page
    log = AccessLog.objects.filter(actor=commune_official, purpose_id=str(dossier.pk))
    assert log.filter(source="population").count() == 1
    page = official_client.get(response["Location"])
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert comparison.differences and comparison.current_record_id == refetch.current_record_id
    text = page.content.decode()
    assert "Địa chỉ cũ đã đổi" in text and 'data-testid="differs"' in text
    assert 'id="comparison" tabindex="-1"' in text  # the fragment's target, focusable
    assert commune_official.full_name in text.split('data-testid="read-again"')[1].split("</p>")[0]
    part = dossier.prefill.sources.get()
    assert part.values["permanent_address"]["value"] == "Địa chỉ cũ đã đổi"  # kept


def test_reloading_the_comparison_reads_no_source_again(
    official_client, hong_bang_ward, monkeypatch
):
    dossier = _dossier(hong_bang_ward)
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": "Địa chỉ cũ đã đổi"})
    url = _refetch(official_client, dossier)["Location"]
    first = _comparison_table(official_client.get(url))

    def gateway_called(**kwargs):
        raise AssertionError("the source was read again")

    monkeypatch.setattr("datasources.services.fetch_record", gateway_called)
    for _reload in range(2):
        page = official_client.get(url)
        assert page.status_code == 200 and _comparison_table(page) == first

    assert AccessLog.objects.count() == 1
    assert SourceRefetch.objects.count() == 1


def test_the_comparison_is_drawn_from_what_was_kept(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": "Địa chỉ cũ đã đổi"})
    url = _refetch(official_client, dossier)["Location"]
    SourceRefetch.objects.filter(dossier=dossier).update(
        current_values={"permanent_address": "Số 5 phố Đã Lưu"}, current_record_id="DC-KEPT"
    )

    table = _comparison_table(official_client.get(url))

    assert "Số 5 phố Đã Lưu" in table and "DC-KEPT" in table and "Địa chỉ cũ đã đổi" in table


def test_refetch_shows_labels_and_values_in_words_not_codes(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    PrefillSourceFactory(dossier=dossier, found={"sex": "female", "date_of_birth": "1901-02-03"})
    response = _refetch(official_client, dossier)
    table = _comparison_table(official_client.get(response["Location"]))
    assert "Giới tính" in table and "Ngày, tháng, năm sinh" in table
    assert "Nữ" in table and "03/02/1901" in table
    assert "female" not in table and "date_of_birth" not in table and "1901-02-03" not in table


def test_a_comparison_opens_only_for_the_dossiers_unit_and_under_its_own_dossier(
    client, official_client, commune_official, other_commune_official, leader, citizen,
    hong_bang_ward,
):  # fmt: skip
    dossier = _dossier(hong_bang_ward, applicant=citizen)
    PrefillSourceFactory(dossier=dossier)
    refetch = SourceRefetch.objects.get(pk=_refetch(official_client, dossier).url.split("/")[-2])
    url = reverse("workspace:refetch-comparison", args=[dossier.pk, refetch.pk])
    colleague = OfficialFactory(agency=hong_bang_ward)
    sibling = _dossier(hong_bang_ward)
    PrefillSourceFactory(dossier=sibling)

    for who, status in ((colleague, 200), (leader, 200), (other_commune_official, 404),
                        (citizen, 403)):  # fmt: skip
        client.force_login(who, backend=LOGIN)
        assert client.get(url).status_code == status, who
    # Its number under another dossier of the unit, or a number never kept: nothing there.
    client.force_login(commune_official, backend=LOGIN)
    elsewhere = reverse("workspace:refetch-comparison", args=[sibling.pk, refetch.pk])
    assert client.get(elsewhere).status_code == 404
    missing = reverse("workspace:refetch-comparison", args=[dossier.pk, refetch.pk + 100])
    assert client.get(missing).status_code == 404
    assert client.post(url).status_code == 405
    assert AccessLog.objects.count() == 1


def test_refetch_of_another_units_dossier_is_a_404_and_reads_nothing(official_client, le_chan_ward):
    other = _dossier(le_chan_ward)
    PrefillSourceFactory(dossier=other)

    assert _refetch(official_client, other).status_code == 404

    assert not AccessLog.objects.exists() and not SourceRefetch.objects.exists()


def test_refetch_of_a_source_not_used_or_of_none_is_a_400_that_says_why(
    official_client, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)

    for data in ({"source": "civil_status"}, {}):
        response = official_client.post(reverse("workspace:refetch", args=[dossier.pk]), data)
        assert response.status_code == 400
        assert 'class="alert alert-danger' in response.content.decode()
    assert "Choose a source." in response.content.decode()
    assert not AccessLog.objects.exists() and not SourceRefetch.objects.exists()


def test_national_status_export(official_client, commune_official, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, code="11311-261125-0009")
    _act(official_client, dossier, "receive")
    _act(official_client, dossier, "start_processing")
    response = official_client.get(reverse("workspace:national-status", args=[dossier.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "11311-261125-0009"
    assert [entry["status"] for entry in body["history"]] == [2, 4]


@pytest.mark.parametrize(
    ("start", "action", "shown", "shown_en"),
    [(S.SUBMITTED, "receive", "Đã tiếp nhận", "Received"),
     (S.IN_PROCESSING, "propose_approval", "Chờ lãnh đạo ký duyệt",
      "Awaiting the leader's signature"),
     (S.RESULT_READY, "return_result", "Đã trả kết quả", "Result returned")],
)  # fmt: skip
def test_the_confirmation_names_the_status_the_dossier_moved_to(
    official_client,
    ward_leader,
    hong_bang_ward,
    settings,
    tmp_path,
    start,
    action,
    shown,
    shown_en,
):
    settings.MEDIA_ROOT = tmp_path
    dossier = _dossier(hong_bang_ward, status=start, code="11311-261125-0011")
    response = official_client.post(
        reverse("workspace:act", args=[dossier.pk]),
        {"action": action, "confirmed": "1"},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Đã thực hiện: {shown}. Done: {shown_en}."
    ]


def test_the_move_done_reads_in_english_on_an_english_page_whatever_the_move_was_sent_in(
    official_client, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.SUBMITTED, code="11311-261125-0012")
    # Sent from a Vietnamese page, the dossier's page then read in English.
    official_client.post(reverse("workspace:act", args=[dossier.pk]),
                         {"action": "receive", "confirmed": "1"},
                         HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    page = official_client.get(reverse("workspace:dossier", args=[dossier.pk]),
                               HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip

    assert '<span lang="vi">Đã thực hiện: Đã tiếp nhận.</span> Done: Received.' in page


@pytest.mark.parametrize(
    ("start", "action", "question"),
    [(S.RESULT_READY, "return_result", "Trả kết quả ngay")],
)  # fmt: skip
def test_a_decision_or_a_return_asks_for_confirmation_before_it_is_sent(
    official_client, hong_bang_ward, start, action, question
):
    dossier = _dossier(hong_bang_ward, status=start)
    page = official_client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    form = page.split(f'<input type="hidden" name="action" value="{action}">')[0].rsplit(
        "<form", 1
    )[1]
    assert "data-confirm=" in form and question in form
    receive = _dossier(hong_bang_ward, status=S.SUBMITTED)  # a step that is not final asks nothing
    page = official_client.get(reverse("workspace:dossier", args=[receive.pk])).content.decode()
    form = page.split('<input type="hidden" name="action" value="receive">')[0].rsplit("<form", 1)
    assert "data-confirm" not in form[1]


def test_an_unknown_way_to_return_the_result_is_a_400(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, status=S.RESULT_READY)
    pigeon = {"action": "return_result", "how": "pigeon", "confirmed": "1"}
    response = official_client.post(reverse("workspace:act", args=[dossier.pk]), pigeon)
    assert response.status_code == 400
    assert "Cách trả kết quả không hợp lệ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY and not dossier.events.exists()


def test_a_dossier_waiting_for_the_applicant_is_neither_overdue_nor_due_in_the_queue(
    official_client, hong_bang_ward
):
    waiting = _dossier(hong_bang_ward, status=S.SUPPLEMENT_REQUESTED, due_in=-3)
    late = _dossier(hong_bang_ward, status=S.IN_PROCESSING, due_in=-3)

    response = official_client.get(reverse("workspace:queue"))
    states = {d.pk: state for d, state in response.context["rows"]}
    assert states == {waiting.pk: "", late.pk: "overdue"}
    overdue = official_client.get(reverse("workspace:queue"), {"deadline": "overdue"})
    assert [d.pk for d, _ in overdue.context["rows"]] == [late.pk]
    page = official_client.get(reverse("workspace:dossier", args=[waiting.pk]))
    assert page.context["deadline"] == ""


def test_a_typed_value_says_who_typed_it_online_or_at_the_desk(client, commune_official, citizen):
    from dossiers.models import Channel
    from tests.procedures.factories import FormDefinitionFactory

    form = FormDefinitionFactory(fields=[{
        "name": "phone", "type": "phone", "label_vi": "Số điện thoại", "label_en": "Phone",
        "required": True, "validation": {}, "binding": None,
    }])  # fmt: skip
    client.force_login(commune_official, backend=LOGIN)
    pages = {}
    for channel in (Channel.ONLINE, Channel.COUNTER):
        dossier = DossierFactory(
            agency=commune_official.agency, applicant=citizen, form=form, channel=channel,
            status=DossierStatus.SUBMITTED, form_values={"phone": "0912345678"},
            code=f"11311-261206-000{len(pages) + 1}", submitted_at=timezone.now(),
        )  # fmt: skip
        url = reverse("workspace:dossier", args=[dossier.pk])
        pages[channel] = client.get(url).content.decode()

    assert "Do người nộp hồ sơ nhập" in pages[Channel.ONLINE]
    assert "Cán bộ nhập tại quầy theo khai báo của người nộp" in pages[Channel.COUNTER]
    assert "Do người nộp hồ sơ nhập" not in pages[Channel.COUNTER]


def test_the_units_official_on_a_citizens_tracking_page_is_sent_to_the_workspace(
    client, commune_official, other_commune_official, citizen
):
    dossier = DossierFactory(agency=commune_official.agency, applicant=citizen,
                             status=DossierStatus.SUBMITTED, code="11311-261206-0009",
                             submitted_at=timezone.now())  # fmt: skip
    track = reverse("dossiers:track", args=[dossier.pk])

    client.force_login(commune_official, backend=LOGIN)
    response = client.get(track)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dossier", args=[dossier.pk])

    client.force_login(other_commune_official, backend=LOGIN)
    assert client.get(track).status_code == 404  # another unit's: not even its existence
    client.force_login(citizen, backend=LOGIN)
    assert client.get(track).status_code == 200


@pytest.mark.parametrize(("language", "total", "returned"), [("vi", "1.317", "1.145"),
                                                             ("en", "1,317", "1,145")])  # fmt: skip
def test_the_queue_counts_group_thousands_as_the_language_writes_them(language, total, returned):
    from django.template.loader import render_to_string
    from django.utils import translation

    context = {"total": 1317, "counts": [("result_returned", "returned", 1145)], "rows": []}
    with translation.override(language):
        html = render_to_string("dossiers/workspace/queue_results.html", context)
    counts = html.split('data-testid="status-counts"')[1].split("</ul>")[0]
    assert f": {total}</strong>" in counts and f"<span data-count>{returned}</span>" in counts


def test_the_dossier_page_names_its_receiving_unit_for_a_leader_over_several(
    client, leader, hong_bang_ward, le_chan_ward
):
    client.force_login(leader, backend=LOGIN)
    for unit in (hong_bang_ward, le_chan_ward):
        dossier = _dossier(unit)
        page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
        assert page.split('data-testid="unit">')[1].split("</dd>")[0] == unit.name


# Two officials on the same dossier, each from the page they opened before the other acted.


def _stale_page_of(user, dossier):
    from django.test import Client

    client = Client()
    client.force_login(user, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    return client, page


def test_a_second_proposal_from_a_stale_page_is_a_409_that_says_why(
    commune_official, ward_leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.IN_PROCESSING, code="11311-261125-0042")
    colleague = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")
    first, page = _stale_page_of(commune_official, dossier)
    second, stale = _stale_page_of(colleague, dossier)
    assert 'value="propose_approval"' in page and 'value="propose_approval"' in stale

    assert _act(first, dossier, "propose_approval").status_code == 302
    again = _act(second, dossier, "propose_approval")

    text = again.content.decode()
    assert again.status_code == 409
    assert "không thể thực hiện thao tác này" in text and "this action is not possible now" in text
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE


def test_a_refusal_proposed_after_a_colleagues_proposal_is_a_409_and_changes_nothing(
    commune_official, ward_leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.IN_PROCESSING, code="11311-261125-0043")
    colleague = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")
    first, _ = _stale_page_of(commune_official, dossier)
    second, _ = _stale_page_of(colleague, dossier)

    assert _act(first, dossier, "propose_approval").status_code == 302
    refused = _act(second, dossier, "propose_not_resolve", reason="Không đủ điều kiện")

    assert refused.status_code == 409
    text = refused.content.decode()
    assert "không thể thực hiện thao tác này" in text and "this action is not possible now" in text
    events = DossierEvent.objects.filter(dossier=dossier)
    assert [e.action for e in events] == ["propose_approval"]


def test_taking_from_a_stale_queue_a_dossier_a_colleague_took_is_refused_by_name(
    official_client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    free = _dossier(hong_bang_ward)
    colleague = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")
    dossiers_bulk(dossiers=[dossier], action="assign_to_me", by=colleague)  # took it first

    response = official_client.post(
        reverse("workspace:bulk"),
        {"action": "assign_to_me", "dossiers": [dossier.pk, free.pk]}, follow=True,
    )  # fmt: skip

    text = response.content.decode()
    assert "Hồ sơ đã được Trần Thị Mai nhận xử lý" in text
    assert "Trần Thị Mai has already taken this dossier" in text
    dossier.refresh_from_db(), free.refresh_from_db()
    assert dossier.assigned_to == colleague and free.assigned_to == commune_official
    # Taking one's own again is no refusal.
    again = dossiers_bulk(dossiers=[free], action="assign_to_me", by=commune_official)
    assert [outcome.done for outcome in again] == [True]
