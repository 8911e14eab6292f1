"""An operator sees the reports' e-mails in the admin, whether each was sent,
is still due or was given up, so that e-mails a mail server keeps back are
found; listed by report (kind, unit, period), searched by its unit, nothing
can be changed there, and the recipient's name and address are not shown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.dashboards.reports_models import Report, ReportEmail, ReportKind
from tests.accounts.factories import LeaderFactory

pytestmark = pytest.mark.django_db

URL = "/admin/dashboards/reportemail/"
WEEK = datetime.date(2026, 11, 16)


@pytest.fixture
def admin_client(client):
    """A client logged in to the admin as an administrator, with a password."""
    admin = User.objects.create_superuser("root", password="a-long-admin-password-1")
    admin.role = Role.ADMINISTRATOR
    admin.save()
    assert client.login(username="root", password="a-long-admin-password-1")
    return client


def _report(agency, kind=ReportKind.WEEKLY, start=WEEK) -> Report:
    return Report.objects.create(kind=kind, agency=agency, period_start=start,
                                 period_end=start + datetime.timedelta(days=6),
                                 generated_at=timezone.now())  # fmt: skip


@pytest.fixture
def emails(hai_phong, hong_bang_ward):
    lan = LeaderFactory(agency=hai_phong, full_name="Vũ Thị Lan", email="lan@haiphong.example.vn")
    weekly, ward = _report(hai_phong), _report(hong_bang_ward)
    make = ReportEmail.objects.create
    return {
        "due": make(report=weekly, user=lan),
        "sent": make(report=weekly, user=lan, email_due=False, sent_at=timezone.now()),
        "given_up": make(report=ward, user=lan, email_due=False),
    }


def _rows(admin_client, query: str = "") -> set[int]:
    response = admin_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return {email.pk for email in response.context["cl"].result_list}


def test_the_e_mails_are_listed_by_report_with_their_state(
    admin_client, emails, hai_phong, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = admin_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    row = f'<td class="field-unit">{hai_phong.name}</td><td class="field-period_start nowrap">'
    assert page.count(row + "Ngày 16 tháng 11 năm 2026</td>") == 2
    assert page.count('<th class="field-kind"><a href="') == 3 and "Báo cáo tuần" in page
    for state in ("chờ gửi", "đã gửi", "đã ngừng gửi"):  # due, sent, given up
        assert f'<td class="field-state">{state}</td>' in page
    assert "Vũ Thị Lan" not in page and "lan@haiphong.example.vn" not in page


@pytest.mark.parametrize("state", ["due", "sent", "given_up"])
def test_the_e_mails_can_be_filtered_by_state(admin_client, emails, state):
    assert _rows(admin_client, f"state={state}") == {emails[state].pk}


def test_the_e_mails_are_searched_by_the_report_s_unit(admin_client, emails, hong_bang_ward):
    assert _rows(admin_client, f"q={hong_bang_ward.code}") == {emails["given_up"].pk}


def test_an_e_mail_reads_without_the_recipient_and_cannot_be_changed(admin_client, emails,
                                                                     hai_phong):  # fmt: skip
    email = emails["due"]
    response = admin_client.get(f"{URL}{email.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200 and 'name="_save"' not in page
    assert hai_phong.name in page and "chờ gửi" in page
    assert "Vũ Thị Lan" not in page and "lan@haiphong.example.vn" not in page
    assert admin_client.get(f"{URL}add/").status_code == 403
    assert admin_client.post(f"{URL}{email.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"{URL}{email.pk}/change/", {"email_due": ""}).status_code == 403
    assert ReportEmail.objects.get(pk=email.pk).email_due
