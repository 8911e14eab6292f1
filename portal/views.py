"""Project-level pages: the public home page and the health probe."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from portal import health


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_all(worker=request.GET.get("worker") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
