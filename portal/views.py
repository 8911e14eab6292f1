"""Project-level pages: the public home page and the liveness and health probes."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from portal import health


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It reads neither the database nor the
    broker (a restart cures neither; /healthz reports them)."""
    return JsonResponse({"status": "ok"})


def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_all(worker=request.GET.get("worker") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
