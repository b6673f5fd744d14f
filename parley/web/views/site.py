from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/terms.html")


def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/policy.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/contact.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/about.html")
