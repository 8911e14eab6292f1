"""The gateway's HTTP API: client credentials (HTTP Basic) for data, an
operator bearer token for behaviour and corrections."""

from __future__ import annotations

import base64
import binascii
import hmac
import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from datasources.exceptions import UnknownField
from datasources.gateway import records
from datasources.gateway.behaviour import behaviour_for, simulate
from datasources.gateway.services import (
    GatewayError,
    behaviour_set,
    record_correction_apply,
)
from datasources.registry import all_sources
from portal.accounts.models import PERSONAL_ID_RE


def _equal(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _client_authenticated(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return False
    try:
        client_id, _, secret = base64.b64decode(header[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return _equal(secret, settings.GATEWAY_ACCEPTED_CLIENTS.get(client_id, ""))


def _operator_authenticated(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    return header.startswith("Bearer ") and _equal(header[7:], settings.GATEWAY_OPERATOR_SECRET)


def _unauthorized(scheme: str) -> JsonResponse:
    response = JsonResponse({"error": "unauthorized"}, status=401)
    response["WWW-Authenticate"] = f'{scheme} realm="gateway"'
    return response


@require_GET
def sources(request: HttpRequest) -> JsonResponse:
    if not _client_authenticated(request):
        return _unauthorized("Basic")
    served = set(records.served_sources())
    return JsonResponse({"sources": [
        {"code": s.code, "name": s.name_vi, "fields": list(s.field_names)}
        for s in all_sources() if s.code in served
    ]})  # fmt: skip


@require_GET
def subject_record(request: HttpRequest, source: str, personal_id: str) -> JsonResponse:
    if not _client_authenticated(request):
        return _unauthorized("Basic")
    if source not in records.served_sources():
        return JsonResponse({"error": "unknown_source"}, status=404)
    if simulate(source):
        return JsonResponse({"error": "unavailable"}, status=503)
    if not PERSONAL_ID_RE.fullmatch(personal_id):
        return JsonResponse({"error": "invalid_subject"}, status=400)
    found = records.record(source, personal_id)
    if found is None:
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse({"source": source, "subject": personal_id, **found})


def _json_body(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": "bad_request", "detail": message}, status=400)


@csrf_exempt  # an API for operators, authenticated by a bearer token
@require_http_methods(["GET", "PUT"])
def behaviour(request: HttpRequest, source: str) -> JsonResponse:
    if not _operator_authenticated(request):
        return _unauthorized("Bearer")
    if source not in records.served_sources():
        return JsonResponse({"error": "unknown_source"}, status=404)
    if request.method == "PUT":
        body = _json_body(request)
        if body is None:
            return _bad_request("JSON không hợp lệ. Invalid JSON.")
        try:
            behaviour_set(source=source, latency_ms=body.get("latency_ms"),
                          failure_rate=body.get("failure_rate"))  # fmt: skip
        except GatewayError as error:
            return _bad_request(error.message)
    return JsonResponse({"source": source, **behaviour_for(source).as_dict()})


@csrf_exempt  # an API for operators, authenticated by a bearer token
@require_POST
def corrections(request: HttpRequest) -> JsonResponse:
    if not _operator_authenticated(request):
        return _unauthorized("Bearer")
    body = _json_body(request)
    if body is None:
        return _bad_request("JSON không hợp lệ. Invalid JSON.")
    try:
        correction = record_correction_apply(
            source=str(body.get("source", "")), subject=str(body.get("subject", "")),
            field=str(body.get("field", "")), value=body.get("value"),
            note=str(body.get("note", "")),
        )  # fmt: skip
    except (GatewayError, UnknownField) as error:
        return _bad_request(error.message)
    return JsonResponse({"id": correction.pk, "corrected_at": correction.corrected_at.isoformat()},
                        status=201)  # fmt: skip
