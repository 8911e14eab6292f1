"""The menu's complaints link: a visitor reports a problem, a citizen follows
their complaints, the staff who handle complaints open their queue; a database
owner's staff, who neither files nor handles complaints, is shown none, and
finds the correction requests that are theirs instead."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client, user=None) -> str:
    if user is not None:
        client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")
    page = client.get(reverse("public-home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = page.index('<ul class="navbar-nav')
    return page[start : page.index("</ul>", start)]


def test_a_visitor_is_offered_to_report_a_problem(client):
    menu = _menu(client)
    assert f'href="{reverse("complaints:new")}">Report a problem</a>' in menu


def test_a_citizen_follows_their_complaints(client, citizen):
    menu = _menu(client, citizen)
    assert f'href="{reverse("complaints:list")}">My complaints</a>' in menu
    assert "Report a problem" not in menu


@pytest.mark.parametrize("persona", ["commune_official", "center_staff", "leader"])
def test_the_staff_who_handle_complaints_open_their_queue(client, request, persona):
    menu = _menu(client, request.getfixturevalue(persona))
    assert f'href="{reverse("complaint-workspace:queue")}">Complaints to handle</a>' in menu
    assert "Report a problem" not in menu


def test_a_database_owner_s_staff_is_shown_their_corrections_not_the_complaint_form(
    client, data_owner
):
    menu = _menu(client, data_owner)
    assert "Report a problem" not in menu and reverse("complaints:new") not in menu
    assert reverse("complaint-workspace:queue") not in menu
    assert f'href="{reverse("datasources:corrections")}">Data corrections</a>' in menu
