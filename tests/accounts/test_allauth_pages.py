"""allauth's own pages under /accounts/: those a user can land on speak
Vietnamese in the portal's layout; those a VNeID-only portal does not offer
(passwords, e-mail addresses, sign-up, third-party connections) answer 404
or send the visitor to the portal's own page, never an English page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from portal.accounts.models import User
from tests.accounts.vneid_browser import with_query
from tests.core.test_page_accessibility import accessibility_problems

AN = "031090001234"  # Nguyễn Văn An, a citizen among the demo persons
BINH = "001185004567"  # Trần Thị Bình, another demo citizen

# (who, address, status, Vietnamese heading) per page the portal offers.
OFFERED = {
    "logout confirmation": ("citizen", "/accounts/logout/", 200, "Đăng xuất"),
    "login started by a link": (None, "/accounts/vneid/login/", 200, "Đăng nhập bằng VNeID"),
    "login started by a link, logged in": (
        "citizen", "/accounts/vneid/login/", 200, "Đăng nhập bằng VNeID",
    ),
    "login cancelled": (None, "/accounts/3rdparty/login/cancelled/", 200, "Đã hủy đăng nhập"),
    "login error": (None, "/accounts/3rdparty/login/error/", 401, "Bạn chưa được đăng nhập"),
    "account locked": (None, "/accounts/inactive/", 200, "Tài khoản của bạn đã bị khóa"),
}  # fmt: skip


def _client(who, citizen) -> Client:
    client = Client()
    if who:
        client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", OFFERED)
def test_an_allauth_page_the_portal_offers_is_vietnamese_in_the_portal_layout(name, citizen):
    who, path, status, heading = OFFERED[name]

    response = _client(who, citizen).get(path)

    html = response.content.decode()
    assert response.status_code == status, name
    assert '<html lang="vi">' in html
    assert 'class="portal-header"' in html and 'class="portal-footer' in html
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S) == [heading]
    for english in ("Sign Out", "Sign In", "Third-Party", "Login Cancelled", "Inactive"):
        assert english not in html, f"{name}: {english!r}"
    assert not accessibility_problems(html), f"{name}: {accessibility_problems(html)}"
    # Under the enforced Content-Security-Policy: no style in the page, and
    # only the scripts carrying this response's nonce.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert " style=" not in html
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script\b[^>]*>", html))


@pytest.mark.django_db
def test_the_allauth_pages_read_in_english_for_who_chose_english(citizen):
    client = _client("citizen", citizen)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = client.get("/accounts/logout/").content.decode()

    assert '<html lang="en">' in html and "<h1" in html and ">Log out</h1>" in html


# Addresses allauth would answer with its own English pages, or that belong to
# password, e-mail or connection management a VNeID-only portal does not have.
NOT_OFFERED = [
    "/accounts/3rdparty/",
    "/accounts/social/connections/",
    "/accounts/vneid/login/?process=connect",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/reauthenticate/",
    "/accounts/login/code/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "citizen"])
@pytest.mark.parametrize("path", NOT_OFFERED)
def test_an_allauth_page_the_portal_does_not_offer_is_not_found(path, who, citizen):
    response = _client(who, citizen).get(path)

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "citizen"])
@pytest.mark.parametrize("path", ["/accounts/3rdparty/signup/", "/accounts/social/signup/"])
def test_the_social_sign_up_form_sends_the_visitor_to_the_portal_login(path, who, citizen):
    response = _client(who, citizen).get(path, follow=True)

    # No pending VNeID sign-up: the portal's login page (which sends a
    # logged-in user on to their own page).
    assert "/accounts/login/" in [address for address, _ in response.redirect_chain]
    assert response.status_code == 200 and "<h1" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old, new",
    [
        ("/accounts/social/login/cancelled/", "/accounts/3rdparty/login/cancelled/"),
        ("/accounts/social/login/error/", "/accounts/3rdparty/login/error/"),
    ],
)
def test_allauth_older_addresses_lead_to_the_same_pages(client, old, new):
    response = client.get(old)

    assert response.status_code == 301 and response["Location"] == new


@pytest.mark.django_db(transaction=True)
def test_a_logged_in_citizen_cannot_attach_another_vneid_identity_to_the_account(browser):
    """One account, one person: a login for another VNeID identity under
    process=connect is refused before it starts, so that person's later login
    could never open this account."""
    browser.log_in_as(AN)
    start = browser.post("/accounts/vneid/login/", {"process": "connect"})

    assert start.status_code == 404
    to_provider = browser.post(with_query("/accounts/vneid/login/", process="connect"), {})
    assert to_provider.status_code == 404
    assert not User.objects.filter(personal_id=BINH).exists()
    assert User.objects.get(personal_id=AN).socialaccount_set.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_locked_account_s_vneid_login_ends_on_the_vietnamese_page_that_says_so(browser):
    browser.log_in_as(AN)
    browser.post("/accounts/logout/", {})
    User.objects.filter(personal_id=AN).update(is_active=False)

    back = browser.log_in_as(AN)
    page = browser.follow(back)

    assert back.headers["Location"] == "/accounts/inactive/"
    assert page.status_code == 200 and "Tài khoản của bạn đã bị khóa</h1>" in page.text
    assert browser.get("/accounts/home/").status_code == 302  # not logged in


@pytest.mark.parametrize("next_url", ["bogus", "-1", "2026-02-31", "https://evil.example/"])
def test_a_logged_in_visitor_sent_to_log_in_with_a_next_that_is_no_page_goes_home(
    client, citizen, next_url
):
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")

    response = client.get("/accounts/login/", {"next": next_url})

    assert (response.status_code, response["Location"]) == (302, "/accounts/home/")


def test_a_logged_in_visitor_sent_to_log_in_with_a_page_of_the_portal_goes_there(client, citizen):
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")

    response = client.get("/accounts/login/", {"next": "/dossiers/?status=draft"})

    assert response["Location"] == "/dossiers/?status=draft"


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [("/dossiers/?status=draft", "/dossiers/?status=draft"), ("bogus", "/accounts/login/"),
     ("2026-02-31", "/accounts/login/"), ("https://evil.example/", "/accounts/login/")],
)  # fmt: skip
def test_a_cancelled_vneid_login_goes_back_to_a_page_of_the_portal_only(rf, next_url, landing):
    from allauth.core.exceptions import ImmediateHttpResponse
    from allauth.socialaccount.providers.base.constants import AuthError
    from django.contrib.messages.storage.fallback import FallbackStorage

    from portal.accounts.adapters import VNeIDSocialAccountAdapter

    request = rf.get("/accounts/vneid/login/callback/", {"error": "access_denied"})
    request.session = {}
    request._messages = FallbackStorage(request)

    with pytest.raises(ImmediateHttpResponse) as answered:
        VNeIDSocialAccountAdapter(request).on_authentication_error(
            request, None, error=AuthError.CANCELLED, extra_context={"state": {"next": next_url}}
        )

    assert (answered.value.response.status_code, answered.value.response["Location"]) == (
        302, landing
    )  # fmt: skip
