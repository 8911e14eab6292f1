"""Where a user lands after logging in when the login brings them back to no
page in particular: each staff role's own work page, a citizen's (and an
administrator's) own page."""

from __future__ import annotations

from django.urls import reverse

from portal.accounts.models import Role, User

# The page each staff role starts its work on.
START_PAGES: dict[str, str] = {
    Role.OFFICIAL: "workspace:queue",
    Role.LEADER: "dashboards:dashboard",
    Role.CENTER_STAFF: "catalog-staff:lists",
    Role.DATA_OWNER: "datasources:corrections",
}


def start_page(user: User) -> str:
    """The path `user` starts on: their role's work page, else their own page."""
    return reverse(START_PAGES.get(user.role, "accounts:home"))


def page_after_login(*, user: User, next_url: str) -> str:
    """`next_url`, the same-site path the login was asked from, else `user`'s
    start page. The public home page counts as none for staff: the header's
    login button sends it when pressed there, but it holds nothing of their
    work (a citizen goes back to it as before)."""
    if not next_url or (user.role in START_PAGES and next_url == reverse("public-home")):
        return start_page(user)
    return next_url
