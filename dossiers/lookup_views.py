"""The public dossier look-up page (no login): a form for the code and the
look-up key, and the dossier's status once both match (dossiers/lookup.py).
The receipt's QR code opens it with both filled in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dossiers.lookup import (
    LookupRefused,
    LookupThrottled,
    code_normalised,
    dossier_look_up,
    public_status,
)
from portal.core.rate_limits import client_address

TEMPLATE = "dossiers/lookup.html"
# What was typed is shown back in the form, bounded: a page, not an echo chamber.
_ECHOED = 60


@require_safe
@never_cache  # the address carries the key: no copy of the answer kept on the way
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    code, key = request.GET.get("code", ""), request.GET.get("key", "")
    context = {"code": code_normalised(code)[:_ECHOED], "key": key.strip()[:_ECHOED]}
    if "code" not in request.GET and "key" not in request.GET:
        return render(request, TEMPLATE, context)
    try:
        dossier = dossier_look_up(code=code, key=key, address=client_address(request))
    except LookupRefused as refused:
        response = render(request, TEMPLATE, {**context, "error": refused.message},
                          status=refused.status)  # fmt: skip
        if isinstance(refused, LookupThrottled):
            response["Retry-After"] = str(int(refused.wait))
        return response
    return render(request, TEMPLATE, {**context, "found": public_status(dossier=dossier)})
