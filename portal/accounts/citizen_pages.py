"""Pages that only a citizen's own account may use (starting a dossier,
authorisations): anyone else is refused with a 403 that says why and where
their own pages are."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import Role

# Where each staff role's own work starts.
STAFF_WORKSPACES = {
    Role.OFFICIAL: "workspace:queue",
    Role.LEADER: "workspace:queue",
    Role.CENTER_STAFF: "complaint-workspace:queue",
    Role.DATA_OWNER: "datasources:corrections",
    Role.ADMINISTRATOR: "admin:index",
}


def citizen_only_refusal(request: HttpRequest) -> HttpResponse | None:
    """None for a citizen with a personal ID; otherwise the 403 page saying
    that these pages are for citizen accounts, linking staff to their workspace."""
    user = request.user
    if user.role == Role.CITIZEN and user.personal_id:
        return None
    workspace = STAFF_WORKSPACES.get(user.role)
    context = {
        "citizen_only": True,
        "refusal_reason": _(
            "Các trang này dành cho tài khoản công dân. These pages are for citizen accounts."
        ),
        "staff_workspace_url": reverse(workspace) if workspace else "",
    }
    return render(request, "403.html", context, status=403)
