"""The instance's public pages: terms, content policy, contact and about."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley.accounts.queries import member_count, moderators
from parley.posts.queries import published_post_count
from parley.web.views.common import url_if_exists


def _notice_url() -> str | None:
    """The illegal-content notice form, once the moderation pages provide one."""
    return url_if_exists("web:notice") or url_if_exists("moderation:notice")


def terms(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/site/terms.html",
        {"terms_version": settings.PARLEY_TERMS_VERSION, "notice_url": _notice_url()},
    )


def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/policy.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/site/contact.html",
        {
            "abuse_email": settings.PARLEY_ABUSE_EMAIL,
            "legal_email": settings.PARLEY_LEGAL_EMAIL,
            "child_safety_email": settings.PARLEY_CHILD_SAFETY_EMAIL,
            "notice_url": _notice_url(),
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/site/about.html",
        {
            "member_count": member_count(),
            "post_count": published_post_count(),
            "moderators": list(moderators()[:50]),
        },
    )
