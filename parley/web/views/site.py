"""The instance's public pages: terms, content policy, contact and about; the icon and app manifest."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

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


@cache
def _favicon_bytes() -> bytes:
    found = finders.find("web/icons/favicon.ico")
    assert isinstance(found, str), "web/icons/favicon.ico is missing from the static files"
    return Path(found).read_bytes()


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; answer it rather than 404."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_safe
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: a phone can add the site to its home screen as an app."""
    name = settings.PARLEY_INSTANCE_NAME or "Parley"
    body = {
        "name": name,
        "short_name": name[:12],
        "description": _("Posts, conversations and people, moderated in the open."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4ed8",
        "icons": [
            {"src": static("web/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("web/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("web/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
