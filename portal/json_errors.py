"""Error answers in JSON, for the mock national services that run on their
own port (the data gateway, the payment platform): their clients are
programs, which read an error code, not an HTML page."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"error": "bad_request"}, status=400)


def forbidden(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"error": "forbidden"}, status=403)


def unknown_endpoint(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"error": "unknown_endpoint"}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "server_error"}, status=500)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
