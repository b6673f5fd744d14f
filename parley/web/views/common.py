"""Shared plumbing of the member pages: domain errors as pages, cursors, safe redirects, htmx."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import Forbidden, ParleyError
from parley.posts.models import Post
from parley.posts.queries import Page, paginate, trending_hashtags
from parley.web.presenters import present_posts

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def viewer_of(request: HttpRequest) -> User | None:
    """The signed-in member, or None for an anonymous visitor."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def signed_in_member(request: HttpRequest) -> User:
    """The member behind a view that `login_required` guards."""
    user = viewer_of(request)
    if user is None:
        raise Forbidden(_("Please log in first."))
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def error_page(request: HttpRequest, error: ParleyError) -> HttpResponse:
    # A few lower-layer messages are plain English (the API shows them as they are); the page
    # looks each one up in the catalogue, which leaves an already translated one unchanged.
    context = {"error": error, "message": _(error.message)}
    return render(request, "web/error.html", context, status=error.status)


def domain_errors(view: View[P]) -> View[P]:
    """A refusal from an action or query becomes a page that says why, with its status code."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ParleyError as error:
            return error_page(request, error)

    return wrapper


def cursor(request: HttpRequest, name: str = "max_id") -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ParleyError(_("This page link is not valid.")) from exc
    if value <= 0:
        raise ParleyError(_("This page link is not valid."))
    return value


def timeline_context(
    request: HttpRequest, posts: QuerySet[Post], *, paginator: Callable[..., Page[Post]] = paginate
) -> dict[str, Any]:
    """One page of posts, newest first, with the cursor of the next (older) page; `paginator`
    reads another way than the query itself (the home timeline reads the member's feed)."""
    page = paginator(posts, max_id=cursor(request))
    return {"cards": present_posts(viewer_of(request), page.posts), "next_max_id": page.next_max_id}


def trending_context() -> dict[str, Any]:
    return {"trending": trending_hashtags(limit=10)}


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go back after a form: the `next` field when it is a path on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def redirect_back(request: HttpRequest, default: str, anchor: str = "") -> HttpResponseRedirect:
    target = next_url(request, default)
    return HttpResponseRedirect(f"{target}#{anchor}" if anchor and "#" not in target else target)


def url_if_exists(name: str, *args: object) -> str | None:
    """A page another part of the site may or may not provide yet (e.g. reporting)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
