"""Who may use the citizen API, and the dossiers it reaches: only the
caller's own; anyone else's is the same 404 as one that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.request import Request

from dossiers.api_errors import Refusal, not_found
from dossiers.draft_right import draft_right_lapsed
from dossiers.models import Dossier
from dossiers.representation import authorisation_ended
from dossiers.selectors import dossiers_visible_to
from portal.accounts.models import Role


class IsCitizen(permissions.BasePermission):
    message = _(
        "Chỉ công dân đã đăng nhập bằng VNeID dùng được API này. "
        "Only a citizen logged in with VNeID may use this API."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user.role == Role.CITIZEN and user.personal_id
        )


def own_dossiers(request: Request) -> QuerySet[Dossier]:
    return dossiers_visible_to(user=request.user).select_related("form", "prefill")


def own_dossier(request: Request, pk: int) -> Dossier:
    """The caller's dossier; anyone else's is the same 404 as one that does not exist."""
    dossier = own_dossiers(request).filter(pk=pk).first()
    if dossier is None:
        raise not_found()
    return dossier


def readable_dossier(request: Request, pk: int) -> Dossier:
    """The caller's dossier whose data they may still see: a draft started
    under an authorisation that was revoked or expired since, or whose
    parent's or representative's right its national source says lapsed
    (dossiers.draft_right), is refused (403 no_right_to_act, saying how and
    when); it can only be discarded."""
    dossier = own_dossier(request, pk)
    if ended := authorisation_ended(dossier=dossier, user=request.user):
        raise Refusal(http_status=403, code="no_right_to_act", detail=ended.message)
    # A parent's or representative's right the national source says lapsed: the same.
    if lapsed := draft_right_lapsed(dossier=dossier, user=request.user):
        raise Refusal(http_status=403, code="no_right_to_act", detail=lapsed.message)
    return dossier
