"""Every change to posts goes through one function here. `publish_post` is where screening runs."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.accounts.queries import blocked_either_way, mentioned_members
from parley.core.audit import record_audit
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.core.images import PixelBudget, delete_files_on_commit, process_image, removed_on_failure
from parley.core.text import extract_hashtags, extract_urls
from parley.posts.models import (
    Bookmark,
    Hashtag,
    Media,
    Mention,
    NotificationKind,
    Pin,
    Post,
    PostEdit,
    PostHashtag,
    PostState,
    Upvote,
    Visibility,
)
from parley.posts.notifications import notify
from parley.posts.queries import can_view
from parley.posts.signals import direct_message_deleting, direct_message_published, post_announced, post_held
from parley.screening.records import ContentKind, ScreeningVerdict, record_screening, screen_content


class ScreeningRejected(ValidationFailed):
    """The content policy refused this text; the message says why."""

    def __init__(self, verdict: ScreeningVerdict) -> None:
        reason = verdict.summary or _("it breaks the content policy")
        super().__init__(
            _("Your post was not published: %(reason)s. You can appeal this decision.") % {"reason": reason}
        )
        self.verdict = verdict


def check_can_post(author: User) -> None:
    if not author.is_active or author.is_suspended:
        raise Forbidden(_("Your account is suspended."))
    if author.terms_accepted_version < settings.PARLEY_TERMS_VERSION:
        raise Forbidden(_("Please accept the current terms of service before posting."))


def _validate_text(text: str, *, allow_empty: bool) -> str:
    if "\x00" in text:
        raise ValidationFailed(_("The text contains characters that are not allowed."))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > settings.PARLEY_POST_MAX_CHARS:
        raise ValidationFailed(
            _("A post can have at most %(max)d characters; this one has %(n)d.")
            % {"max": settings.PARLEY_POST_MAX_CHARS, "n": len(text)}
        )
    if not text and not allow_empty:
        raise ValidationFailed(_("Write something first."))
    return text


def _count_recent_posts(author: User, texts: set[str], since: datetime) -> int:
    return Post.objects.filter(author=author, created_at__gte=since, text__in=texts).count()


def _screen(
    text: str, content_warning: str, *, kind: ContentKind, author: User, language: str, refuse: bool = True
) -> ScreeningVerdict:
    """The screening verdict; a refusal raises at once unless the caller keeps the refused text
    (`refuse=False`: a new post is stored as rejected, so its author can appeal)."""
    combined = f"{content_warning}\n{text}".strip()
    if not combined:
        return ScreeningVerdict(decision="publish")
    verdict = screen_content(
        text=combined,
        kind=kind,
        author_joined=author.date_joined,
        language=language,
        urls=tuple(extract_urls(text)),
        count_recent_posts=partial(_count_recent_posts, author),
    )
    if verdict.decision == "reject" and refuse:
        raise ScreeningRejected(verdict)
    return verdict


def _check_replyable(author: User, post: Post) -> None:
    if not can_view(author, post):
        raise NotFound(_("The post you are replying to does not exist."))
    if post.is_echo or post.state != PostState.PUBLISHED:
        raise ValidationFailed(_("You cannot reply to this post."))
    if blocked_either_way(author, post.author):
        raise NotFound(_("The post you are replying to does not exist."))


def _content_kind(visibility: str, *, in_reply_to: Post | None, quote_of: Post | None) -> ContentKind:
    """What screening is told the text is: a direct message, a reply, a quote or a post."""
    if visibility == Visibility.DIRECT:
        return "dm"
    return "reply" if in_reply_to else "quote" if quote_of else "post"


def publish_post(
    *,
    author: User,
    text: str,
    visibility: str = Visibility.PUBLIC,
    content_warning: str = "",
    sensitive: bool = False,
    in_reply_to: Post | None = None,
    quote_of: Post | None = None,
    media_ids: Sequence[int] = (),
    language: str = "",
) -> Post:
    """Validate, screen, store and announce a post. Held posts are visible to their author only."""
    check_can_post(author)
    if visibility not in Visibility.values:
        raise ValidationFailed(_("Unknown visibility."))
    content_warning = content_warning.strip()[:200]
    media = _claimable_media(author, media_ids)
    text = _validate_text(text, allow_empty=bool(media))
    if in_reply_to is not None:
        _check_replyable(author, in_reply_to)
    if quote_of is not None:
        _check_shareable(author, quote_of)
    kind = _content_kind(visibility, in_reply_to=in_reply_to, quote_of=quote_of)
    verdict = _screen(text, content_warning, kind=kind, author=author, language=language, refuse=False)
    refused = verdict.decision == "reject"

    with transaction.atomic():
        post = Post(
            author=author,
            text=text,
            visibility=visibility,
            content_warning=content_warning,
            sensitive=sensitive or bool(content_warning) or "sensitive" in verdict.labels,
            disputed="disputed" in verdict.labels,
            language=language[:8],
            in_reply_to=in_reply_to,
            in_reply_to_account=in_reply_to.author if in_reply_to else None,
            quote_of=quote_of,
            state=PostState.REJECTED
            if refused
            else PostState.PENDING
            if verdict.decision == "hold"
            else PostState.PUBLISHED,
        )
        post.conversation_id = in_reply_to.conversation_id if in_reply_to else post.pk
        post.save()
        for position, item in enumerate(media):
            item.post = post
            item.position = position
            item.save(update_fields=["post", "position"])
        _link_hashtags(post)
        _link_mentions(post)
        if not refused:
            User.objects.filter(pk=author.pk).update(posts_count=F("posts_count") + 1)
        # A refusal is kept (never shown): its statement of reasons is what the author appeals.
        record_screening(content=post, kind=kind, verdict=verdict)
        if post.state == PostState.PUBLISHED:
            announce_post(post)
        elif not refused:
            post_held.send(sender=Post, post=post)
    if refused:
        raise ScreeningRejected(verdict)
    return post


def announce_post(post: Post) -> None:
    """Counters and notifications that follow a post becoming public (now or after review)."""
    if post.in_reply_to_id is not None:
        Post.objects.filter(pk=post.in_reply_to_id).update(replies_count=F("replies_count") + 1)
        if post.in_reply_to_account is not None:
            notify(recipient=post.in_reply_to_account, actor=post.author, kind=NotificationKind.REPLY, post=post)
    if post.quote_of_id is not None and post.quote_of is not None:
        Post.objects.filter(pk=post.quote_of_id).update(quotes_count=F("quotes_count") + 1)
        notify(recipient=post.quote_of.author, actor=post.author, kind=NotificationKind.QUOTE, post=post)
    for mention in Mention.objects.filter(post=post).select_related("user"):
        if mention.user_id != post.in_reply_to_account_id:
            notify(recipient=mention.user, actor=post.author, kind=NotificationKind.MENTION, post=post)
    if post.visibility == Visibility.DIRECT:
        direct_message_published.send(sender=Post, post=post)
    post_announced.send(sender=Post, post=post)


def _check_shareable(user: User, post: Post) -> None:
    if not can_view(user, post) or post.state != PostState.PUBLISHED:
        raise NotFound(_("No such post."))
    if post.is_echo:
        raise ValidationFailed(_("Echo the original post instead."))
    if post.visibility not in (Visibility.PUBLIC, Visibility.UNLISTED):
        raise Forbidden(_("Only public posts can be echoed or quoted."))
    if blocked_either_way(user, post.author):
        raise NotFound(_("No such post."))


def _claimable_media(owner: User, media_ids: Sequence[int]) -> list[Media]:
    if not media_ids:
        return []
    if len(media_ids) > settings.PARLEY_MAX_IMAGES:
        raise ValidationFailed(_("A post can have at most %(n)d images.") % {"n": settings.PARLEY_MAX_IMAGES})
    try:
        ids = [int(i) for i in media_ids]
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Unknown media.")) from exc
    found = {m.pk: m for m in Media.objects.filter(pk__in=ids, owner=owner, post__isnull=True)}
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown media, or media already attached to another post."))
    return [found[i] for i in dict.fromkeys(ids)]


def _link_hashtags(post: Post) -> None:
    PostHashtag.objects.filter(post=post).delete()
    for name in extract_hashtags(post.text)[:20]:
        tag, _created = Hashtag.objects.get_or_create(name=name[:64])
        PostHashtag.objects.create(post=post, hashtag=tag)


def _link_mentions(post: Post) -> list[User]:
    """Link mentioned members; returns those newly mentioned (for notifications on edit)."""
    already = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    members = [m for m in mentioned_members(post.text).values() if m.pk != post.author_id]
    wanted = {m.pk for m in members}
    Mention.objects.filter(post=post).exclude(user_id__in=wanted).delete()
    new = [m for m in members if m.pk not in already]
    Mention.objects.bulk_create([Mention(post=post, user=m) for m in new], ignore_conflicts=True)
    return new


def edit_post(
    *,
    editor: User,
    post: Post,
    text: str,
    content_warning: str | None = None,
    sensitive: bool | None = None,
    media_descriptions: dict[int, str] | None = None,
) -> Post:
    """Edit a post: the old version joins the history, the new text is screened again."""
    if post.author_id != editor.pk:
        raise Forbidden(_("You can only edit your own posts."))
    if post.is_echo:
        raise ValidationFailed(_("An echo cannot be edited."))
    if post.state in (PostState.REMOVED, PostState.REJECTED):
        raise Forbidden(_("This post was removed by moderation and cannot be edited."))
    check_can_post(editor)
    text = _validate_text(text, allow_empty=post.media.exists())
    new_cw = post.content_warning if content_warning is None else content_warning.strip()[:200]
    new_sensitive = post.sensitive if sensitive is None else sensitive
    verdict = _screen(text, new_cw, kind="edit", author=editor, language=post.language)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        PostEdit.objects.create(
            post=locked,
            text=locked.text,
            content_warning=locked.content_warning,
            sensitive=locked.sensitive,
            created_at=locked.edited_at or locked.created_at,
        )
        was_published = locked.state == PostState.PUBLISHED
        locked.text = text
        locked.content_warning = new_cw
        locked.sensitive = new_sensitive or bool(new_cw) or "sensitive" in verdict.labels
        locked.disputed = locked.disputed or "disputed" in verdict.labels
        locked.edited_at = timezone.now()
        if verdict.decision == "hold":
            locked.state = PostState.PENDING
        locked.save(update_fields=["text", "content_warning", "sensitive", "disputed", "edited_at", "state"])
        for media_id, description in (media_descriptions or {}).items():
            Media.objects.filter(pk=media_id, post=locked).update(description=description[:1500])
        _link_hashtags(locked)
        new_mentions = _link_mentions(locked)
        record_screening(content=locked, kind="edit", verdict=verdict)
        if was_published and locked.state == PostState.PUBLISHED:
            for member in new_mentions:
                notify(recipient=member, actor=editor, kind=NotificationKind.MENTION, post=locked)
    return locked


@transaction.atomic
def delete_post(*, actor: User, post: Post, reason: str = "") -> None:
    is_author = post.author_id == actor.pk
    if not is_author and not actor.is_moderator:
        raise Forbidden(_("You can only delete your own posts."))
    if post.state == PostState.PUBLISHED:
        if post.in_reply_to_id is not None:
            Post.objects.filter(pk=post.in_reply_to_id, replies_count__gt=0).update(
                replies_count=F("replies_count") - 1
            )
        if post.echo_of_id is not None:
            Post.objects.filter(pk=post.echo_of_id, echoes_count__gt=0).update(echoes_count=F("echoes_count") - 1)
        if post.quote_of_id is not None:
            Post.objects.filter(pk=post.quote_of_id, quotes_count__gt=0).update(quotes_count=F("quotes_count") - 1)
    User.objects.filter(pk=post.author_id, posts_count__gt=0).update(posts_count=F("posts_count") - 1)
    if not is_author:
        record_audit(
            actor=actor,
            action="post.delete",
            target=post,
            reason=reason,
            before={"text": post.text, "author": post.author_id},
        )
    if post.visibility == Visibility.DIRECT:
        direct_message_deleting.send(sender=Post, post=post)
    _delete_files_on_commit(post.media.all())
    post.delete()


def echo_post(*, user: User, post: Post) -> Post:
    """Repost `post` to the user's followers; echoing twice is a no-op."""
    check_can_post(user)
    _check_shareable(user, post)
    existing = Post.objects.filter(author=user, echo_of=post).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            echo = Post(author=user, echo_of=post, visibility=post.visibility)
            echo.conversation_id = echo.pk
            echo.save()
            Post.objects.filter(pk=post.pk).update(echoes_count=F("echoes_count") + 1)
            notify(recipient=post.author, actor=user, kind=NotificationKind.ECHO, post=post)
            post_announced.send(sender=Post, post=echo)
    except IntegrityError:  # a concurrent double-click
        return Post.objects.get(author=user, echo_of=post)
    return echo


@transaction.atomic
def unecho_post(*, user: User, post: Post) -> None:
    deleted, _details = Post.objects.filter(author=user, echo_of=post).delete()
    if deleted:
        Post.objects.filter(pk=post.pk, echoes_count__gt=0).update(echoes_count=F("echoes_count") - 1)


def upvote_post(*, user: User, post: Post) -> None:
    if not can_view(user, post) or post.state != PostState.PUBLISHED:
        raise NotFound(_("No such post."))
    target = post.echo_of if post.echo_of is not None else post
    try:
        with transaction.atomic():
            _vote, created = Upvote.objects.get_or_create(user=user, post=target)
            if created:
                Post.objects.filter(pk=target.pk).update(upvotes_count=F("upvotes_count") + 1)
                notify(recipient=target.author, actor=user, kind=NotificationKind.UPVOTE, post=target)
    except IntegrityError:
        return


@transaction.atomic
def remove_upvote(*, user: User, post: Post) -> None:
    target = post.echo_of if post.echo_of is not None else post
    deleted, _details = Upvote.objects.filter(user=user, post=target).delete()
    if deleted:
        Post.objects.filter(pk=target.pk, upvotes_count__gt=0).update(upvotes_count=F("upvotes_count") - 1)


def bookmark_post(*, user: User, post: Post) -> None:
    if not can_view(user, post):
        raise NotFound(_("No such post."))
    Bookmark.objects.get_or_create(user=user, post=post.echo_of or post)


def remove_bookmark(*, user: User, post: Post) -> None:
    Bookmark.objects.filter(user=user, post=post.echo_of or post).delete()


# Mastodon's limit (StatusPinValidator): a member features at most this many posts.
MAX_PINS = 5


@transaction.atomic
def pin_post(*, user: User, post: Post) -> None:
    """Feature one of the user's own published posts on their profile; pinning twice is a no-op.

    As Mastodon: not an echo, not a direct message, at most MAX_PINS."""
    if post.author_id != user.pk:
        raise ValidationFailed(_("You can only pin your own posts."))
    if post.is_echo:
        raise ValidationFailed(_("An echo cannot be pinned."))
    if post.visibility == Visibility.DIRECT:
        raise ValidationFailed(_("A direct message cannot be pinned."))
    if post.state != PostState.PUBLISHED:
        raise ValidationFailed(_("Only published posts can be pinned."))
    # Locking the member's row keeps two concurrent pins from both passing the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if Pin.objects.filter(user=user, post=post).exists():
        return
    if Pin.objects.filter(user=user).count() >= MAX_PINS:
        raise ValidationFailed(_("You can pin at most %(max)d posts.") % {"max": MAX_PINS})
    Pin.objects.create(user=user, post=post)


def unpin_post(*, user: User, post: Post) -> None:
    Pin.objects.filter(user=user, post=post).delete()


def upload_media(*, owner: User, file: UploadedFile, description: str = "", budget: PixelBudget | None = None) -> Media:
    """Store an image for a future post: resized, re-encoded, metadata stripped.

    All or nothing: the image is checked before anything is written, and if the insert fails
    the files already written are deleted. `budget` is shared by the images of one request.
    """
    check_can_post(owner)
    image, thumb = process_image(file, max_side=2048, thumbnail_side=600, budget=budget)
    assert thumb is not None  # asked for with thumbnail_side
    media = Media(owner=owner, description=description.strip()[:1500], width=image.width, height=image.height)
    with removed_on_failure(media.file.storage) as written, transaction.atomic():
        media.file.save(image.file_name(media.pk), image.content, save=False)
        written.append(media.file.name)
        media.thumbnail.save(thumb.file_name(media.pk), thumb.content, save=False)
        written.append(media.thumbnail.name)
        media.save()
    return media


def update_media_description(*, owner: User, media_id: int, description: str) -> Media:
    media = Media.objects.filter(pk=media_id, owner=owner).first()
    if media is None:
        raise NotFound(_("Unknown media."))
    media.description = description.strip()[:1500]
    media.save(update_fields=["description"])
    return media


@transaction.atomic
def discard_media(*, owner: User, media_ids: Sequence[int]) -> None:
    """Delete uploads that never became part of a post (e.g. the post was refused)."""
    media = Media.objects.filter(pk__in=list(media_ids), owner=owner, post__isnull=True)
    _delete_files_on_commit(media)
    media.delete()


@transaction.atomic
def delete_media(*, owner: User, media_id: int) -> None:
    """Delete one of the owner's uploads that no post uses; NotFound for anyone else's, and
    ValidationFailed once a post holds it (the post's deletion removes it then)."""
    media = Media.objects.select_for_update().filter(pk=media_id, owner=owner).first()
    if media is None:
        raise NotFound(_("Unknown media."))
    if media.post_id is not None:
        raise ValidationFailed(_("Media attachment is currently used by a status"))
    _delete_files_on_commit([media])
    media.delete()


def _delete_files_on_commit(media: Iterable[Media]) -> None:
    """Delete the files of media rows being deleted, once the deletion is committed.

    Evidence packages keep their own copies (`safety.actions.evidence`), so nothing is lost.
    """
    for item in media:
        delete_files_on_commit(item.file.storage, [field.name for field in (item.file, item.thumbnail) if field])


@transaction.atomic
def erase_member_content(*, member: User) -> None:
    """Everything a member being erased holds in this domain: posts, media, and their upvotes.

    Posts go through `delete_post` one by one so the counters on other members' posts stay right.
    """
    for post in Post.objects.filter(author=member).order_by("-id"):
        delete_post(actor=member, post=post)
    discard_media(owner=member, media_ids=list(member.media.values_list("pk", flat=True)))
    Post.objects.filter(upvotes__user=member, upvotes_count__gt=0).update(upvotes_count=F("upvotes_count") - 1)
