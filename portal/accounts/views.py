from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/login.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home_citizen.html")
