"""Statuses: publish (screened like the web), read, delete, thread, echo, upvote, bookmark, edit."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import ValidationFailed
from parley.filters.queries import PostFilter
from parley.mastodon_api.actions import publish_once
from parley.mastodon_api.endpoint import ApiRequest, is_bigint_id, member, scope_required, viewer
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import (
    VISIBILITY_FROM_MASTODON,
    StatusPresenter,
    present_account,
)
from parley.posts.actions import (
    bookmark_post,
    delete_post,
    echo_post,
    edit_post,
    pin_post,
    publish_post,
    remove_bookmark,
    remove_upvote,
    unecho_post,
    unpin_post,
    upvote_post,
)
from parley.posts.models import Post
from parley.posts.queries import access_post, echoers_of, thread, upvoters_of, visible_posts


def present_status(request: ApiRequest, post: Post, *, context: str = "thread") -> JsonResponse:
    reader = viewer(request)
    filters = PostFilter(reader, context)
    return JsonResponse(StatusPresenter(reader, [post], filters=filters).status(post))


def _visibility(value: str) -> str:
    if value not in VISIBILITY_FROM_MASTODON:
        raise ValidationFailed(_("Validation failed: Visibility is not included in the list"))
    return VISIBILITY_FROM_MASTODON[value]


@scope_required("write:statuses")
def create_status(request: ApiRequest) -> HttpResponse:
    author = member(request)
    params = request.params

    def publish() -> Post:
        if params.mentions("poll"):
            raise ValidationFailed(_("Validation failed: Parley does not support polls"))
        if params.opt_text("scheduled_at"):
            raise ValidationFailed(_("Validation failed: Parley does not support scheduled posts"))
        reply_to = params.opt_text("in_reply_to_id")
        quoted = params.opt_text("quoted_status_id")
        return publish_post(
            author=author,
            text=params.text("status"),
            visibility=_visibility(params.text("visibility", "public")),
            content_warning=params.text("spoiler_text"),
            sensitive=params.flag("sensitive"),
            in_reply_to=access_post(author, reply_to) if reply_to else None,
            quote_of=access_post(author, quoted) if quoted else None,
            media_ids=[_id(m) for m in params.values("media_ids")],
            language=params.text("language"),
        )

    key = request.headers.get("Idempotency-Key", "").strip()
    post = publish_once(user=author, key=key, publish=publish) if key else publish()
    return present_status(request, post)


def _id(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationFailed(_("Validation failed: Unknown media")) from exc


# Mastodon reads at most this many ids in one multi-get.
MAX_STATUSES_AT_ONCE = 40


@scope_required("read:statuses", optional=True)
def get_statuses(request: ApiRequest) -> HttpResponse:
    """`GET /api/v1/statuses?id[]=1&id[]=2`: those the viewer may see, in the order asked;
    unknown, hidden and malformed ids are skipped, as Mastodon does."""
    ids = list(dict.fromkeys(int(value) for value in request.params.values("id") if is_bigint_id(value)))
    ids = ids[:MAX_STATUSES_AT_ONCE]
    reader = viewer(request)
    found = {post.pk: post for post in visible_posts(reader).filter(pk__in=ids)}
    posts = [found[pk] for pk in ids if pk in found]
    presenter = StatusPresenter(reader, posts, filters=PostFilter(reader, "thread"))
    return JsonResponse(presenter.many(posts), safe=False)


@scope_required("read:statuses", optional=True)
def get_status(request: ApiRequest, status_id: str) -> HttpResponse:
    return present_status(request, access_post(viewer(request), status_id))


@scope_required("write:statuses")
def delete_status(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    data = StatusPresenter(user, [post]).status(post)
    data["text"] = post.text  # "delete and redraft" starts from the source
    delete_post(actor=user, post=post)
    return JsonResponse(data)


@scope_required("read:statuses", optional=True)
def status_context(request: ApiRequest, status_id: str) -> HttpResponse:
    reader = viewer(request)
    found = thread(reader, access_post(reader, status_id))
    filters = PostFilter(reader, "thread")
    ancestors = filters.visible(found.ancestors)
    descendants = filters.visible(found.descendants)
    presenter = StatusPresenter(reader, [*ancestors, *descendants], filters=filters)
    return JsonResponse({"ancestors": presenter.many(ancestors), "descendants": presenter.many(descendants)})


@scope_required("write:statuses")
def reblog(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    echo = echo_post(user=user, post=access_post(user, status_id))
    return present_status(request, access_post(user, echo.pk))


@scope_required("write:statuses")
def unreblog(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    original = post.echo_of or post
    unecho_post(user=user, post=original)
    return present_status(request, access_post(user, original.pk))


@scope_required("write:favourites")
def favourite(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    upvote_post(user=user, post=post)
    return present_status(request, access_post(user, (post.echo_of or post).pk))


@scope_required("write:favourites")
def unfavourite(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    remove_upvote(user=user, post=post)
    return present_status(request, access_post(user, (post.echo_of or post).pk))


@scope_required("write:bookmarks")
def bookmark(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    bookmark_post(user=user, post=post)
    return present_status(request, post.echo_of or post)


@scope_required("write:bookmarks")
def unbookmark(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    remove_bookmark(user=user, post=post)
    return present_status(request, post.echo_of or post)


@scope_required("write:accounts")
def pin(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    pin_post(user=user, post=post)
    return present_status(request, post)


@scope_required("write:accounts")
def unpin(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    unpin_post(user=user, post=post)
    return present_status(request, post)


@scope_required("write:statuses")
def edit_status(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    params = request.params
    descriptions: dict[int, str] = {}
    for attributes in params.nested("media_attributes"):
        media_id = str(attributes.get("id", ""))
        if media_id.isdecimal():
            descriptions[int(media_id)] = str(attributes.get("description") or "")
    media_ids = params.values("media_ids")
    if media_ids and {_id(m) for m in media_ids} != {m.pk for m in post.media.all()}:
        raise ValidationFailed(_("Validation failed: Parley cannot change the media of a published post"))
    sensitive = params.opt_flag("sensitive")
    edited = edit_post(
        editor=user,
        post=post,
        text=params.text("status", post.text),
        content_warning=params.opt_text("spoiler_text"),
        sensitive=sensitive,
        media_descriptions=descriptions,
    )
    return present_status(request, access_post(user, edited.pk))


@scope_required("read:statuses", optional=True)
def status_history(request: ApiRequest, status_id: str) -> HttpResponse:
    reader = viewer(request)
    post = access_post(reader, status_id)
    presenter = StatusPresenter(reader, [post])
    versions = [presenter.edit(post, version) for version in post.edits.all()]
    versions.append(presenter.edit(post, post))
    return JsonResponse(versions, safe=False)


@scope_required("read:statuses")
def status_source(request: ApiRequest, status_id: str) -> HttpResponse:
    user = member(request)
    post = access_post(user, status_id)
    if post.author_id != user.pk:
        return JsonResponse({"error": _("Record not found")}, status=404)
    return JsonResponse({"id": str(post.pk), "text": post.text, "spoiler_text": post.content_warning})


def _accounts(users: list[User]) -> list[dict[str, object]]:
    return [present_account(u) for u in users]


@scope_required("read:statuses", optional=True)
def reblogged_by(request: ApiRequest, status_id: str) -> HttpResponse:
    post = access_post(viewer(request), status_id)
    return paginated_response(request, echoers_of(post.echo_of or post), _accounts)


@scope_required("read:statuses", optional=True)
def favourited_by(request: ApiRequest, status_id: str) -> HttpResponse:
    post = access_post(viewer(request), status_id)
    return paginated_response(request, upvoters_of(post.echo_of or post), _accounts)
