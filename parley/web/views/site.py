"""The instance's public pages: terms, content policy, contact and about."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley.accounts.queries import member_count, moderators
from parley.posts.queries import published_post_count
from parley.web.views.common import url_if_exists


def _moderation_links() -> dict[str, str | None]:
    """Pages the moderation side provides (notice form, transparency, child-safety standards)."""
    return {
        "notice_url": url_if_exists("web:notice_new"),
        "transparency_url": url_if_exists("web:transparency"),
        "how_moderation_works_url": url_if_exists("web:how_moderation_works"),
        "child_safety_url": url_if_exists("web:child_safety"),
    }


def terms(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/site/terms.html",
        {"terms_version": settings.PARLEY_TERMS_VERSION, **_moderation_links()},
    )


def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/site/policy.html", _moderation_links())


def contact(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/site/contact.html",
        {
            "abuse_email": settings.PARLEY_ABUSE_EMAIL,
            "legal_email": settings.PARLEY_LEGAL_EMAIL,
            "child_safety_email": settings.PARLEY_CHILD_SAFETY_EMAIL,
            **_moderation_links(),
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
