"""The instance: what clients read first (version, limits, rules), and NodeInfo discovery."""

from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from parley.accounts.queries import member_count
from parley.core.images import MAX_INPUT_PIXELS
from parley.mastodon_api.endpoint import ApiRequest, error_response, scope_required
from parley.mastodon_api.presenters import JSON, absolute, iso
from parley.posts.queries import published_post_count
from parley.screening.policy import CATEGORIES

MASTODON_API_VERSION = 6  # what Mastodon 4.4 reports in api_versions


def parley_version() -> str:
    try:
        return version("parley")
    except PackageNotFoundError:
        return "0.1.0"


def compatible_version() -> str:
    """Clients parse this as semver; Parley answers like the Mastodon release it follows."""
    return f"4.3.0 (compatible; Parley {parley_version()})"


def _host() -> str:
    return settings.PARLEY_DOMAIN


def _streaming_url() -> str:
    """The v1 answer must name a streaming base URL (the spec requires it); clients add
    /api/v1/streaming to it, which answers 501 until Parley has a streaming API."""
    scheme = "wss" if settings.PARLEY_SCHEME == "https" else "ws"
    return f"{scheme}://{settings.PARLEY_DOMAIN}"


@scope_required(None, optional=True)
def streaming_unavailable(request: ApiRequest, rest: str = "") -> HttpResponse:
    """Every streaming path, the health check included, says plainly that there is none, rather
    than a 404 that reads like a wrong URL."""
    return error_response(_("This server has no streaming API yet; poll the timelines instead."), 501)


def category_for_rule(rule_id: str) -> str | None:
    """The policy category behind an instance rule id (rules are numbered from 1)."""
    if not rule_id.isdecimal() or not 1 <= int(rule_id) <= len(CATEGORIES):
        return None
    return CATEGORIES[int(rule_id) - 1].name


def _rules() -> list[JSON]:
    return [
        {"id": str(index), "text": category.title, "hint": category.description, "translations": {}}
        for index, category in enumerate(CATEGORIES, start=1)
    ]


def _limits() -> JSON:
    return {
        "accounts": {"max_featured_tags": 0, "max_pinned_statuses": 0},
        "statuses": {
            "max_characters": settings.PARLEY_POST_MAX_CHARS,
            "max_media_attachments": settings.PARLEY_MAX_IMAGES,
            "characters_reserved_per_url": 23,
        },
        "media_attachments": {
            "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
            "image_size_limit": settings.PARLEY_MAX_UPLOAD_BYTES,
            "image_matrix_limit": MAX_INPUT_PIXELS,
            "video_size_limit": 0,
            "video_frame_rate_limit": 0,
            "video_matrix_limit": 0,
            "description_limit": 1500,
        },
        "polls": {
            "max_options": 0,
            "max_characters_per_option": 0,
            "min_expiration": 0,
            "max_expiration": 0,
        },
    }


def _description() -> str:
    return f"{settings.PARLEY_INSTANCE_NAME}: a Parley community."


@scope_required(None, optional=True)
def instance_v1(request: ApiRequest) -> HttpResponse:
    return JsonResponse(
        {
            "uri": _host(),
            "title": settings.PARLEY_INSTANCE_NAME,
            "short_description": _description(),
            "description": _description(),
            "email": settings.PARLEY_CONTACT_EMAIL,
            "version": compatible_version(),
            "urls": {"streaming_api": _streaming_url()},
            "stats": {
                "user_count": member_count(),
                "status_count": published_post_count(),
                "domain_count": 0,
            },
            "thumbnail": None,
            "languages": [code for code, _name in settings.LANGUAGES],
            "registrations": True,
            "approval_required": False,
            "invites_enabled": False,
            "configuration": _limits(),
            "contact_account": None,
            "rules": _rules(),
        }
    )


@scope_required(None, optional=True)
def instance_v2(request: ApiRequest) -> HttpResponse:
    configuration = _limits()
    # null (the spec allows it) rather than a URL: masto.js and Elk open no stream without one.
    configuration["urls"] = {"streaming": None, "status": None}
    configuration["vapid"] = {"public_key": ""}
    configuration["translation"] = {"enabled": False}
    return JsonResponse(
        {
            "domain": _host(),
            "title": settings.PARLEY_INSTANCE_NAME,
            "version": compatible_version(),
            "source_url": settings.PARLEY_SOURCE_URL or absolute("/about"),
            "description": _description(),
            "usage": {"users": {"active_month": member_count()}},
            "thumbnail": {"url": absolute(f"{settings.STATIC_URL}mastodon_api/header.png")},
            "icon": [],
            "languages": [code for code, _name in settings.LANGUAGES],
            "configuration": configuration,
            "registrations": {
                "enabled": True,
                "approval_required": False,
                "message": None,
                "url": None,
            },
            "api_versions": {"mastodon": MASTODON_API_VERSION},
            "contact": {"email": settings.PARLEY_CONTACT_EMAIL, "account": None},
            "rules": _rules(),
        }
    )


@scope_required(None, optional=True)
def rules(request: ApiRequest) -> HttpResponse:
    return JsonResponse(_rules(), safe=False)


@scope_required(None, optional=True)
def extended_description(request: ApiRequest) -> HttpResponse:
    """The description and the rules as HTML; no operator edits it yet, so, like Mastodon with no
    saved text, the time is now."""
    rules = format_html_join("", "<li><strong>{}</strong>: {}</li>", ((r["text"], r["hint"]) for r in _rules()))
    content = format_html("<p>{}</p><ol>{}</ol>", _description(), rules)
    return JsonResponse({"updated_at": iso(timezone.now()), "content": content})


@scope_required(None, optional=True)
def translation_languages(request: ApiRequest) -> HttpResponse:
    """Parley translates nothing, so no language pair is offered."""
    return JsonResponse({})


@scope_required(None, optional=True)
def custom_emojis(request: ApiRequest) -> HttpResponse:
    """Parley has no custom emoji; clients expect the list anyway."""
    return JsonResponse([], safe=False)


def nodeinfo_discovery(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "links": [
                {
                    "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                    "href": absolute("/nodeinfo/2.0"),
                }
            ]
        }
    )


def nodeinfo(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": "2.0",
            "software": {"name": "parley", "version": parley_version()},
            "protocols": [],
            "services": {"outbound": [], "inbound": []},
            "usage": {"users": {"total": member_count()}, "localPosts": published_post_count()},
            "openRegistrations": True,
            "metadata": {"nodeName": settings.PARLEY_INSTANCE_NAME},
        }
    )
