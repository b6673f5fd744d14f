"""A member's data as one zip, in the formats Mastodon exports and imports.

- `outbox.json`: their posts as ActivityPub Create activities wrapping Notes (echoes as Announce),
  each attachment pointing at its file inside the archive;
- `actor.json`: their profile as an ActivityPub Person, avatar and header inside the archive;
- their uploads, avatar and header, under the names they have in storage;
- `following_accounts.csv`, `blocked_accounts.csv`, `muted_accounts.csv`, `bookmarks.csv`, in
  Mastodon's columns, so another server (or this one) can import them;
- `moderation_decisions.json`: the statements of reasons about them, with their appeals.
"""

import csv
import io
import json
import logging
import mimetypes
import os
import zipfile
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parley.accounts.models import Block, Follow, Mute, User
from parley.core.text import LinkTargets, render_text
from parley.operations.models import Export, ExportState
from parley.posts.models import Bookmark, Media, Post, Visibility
from parley.safety.models import StatementOfReasons
from parley.safety.queries import member_statements

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = "https://www.w3.org/ns/activitystreams"
FOLLOWING_HEADER = ["Account address", "Show boosts", "Notify on new posts", "Languages"]
MUTED_HEADER = ["Account address", "Hide notifications"]

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.PARLEY_SCHEME}://{settings.PARLEY_DOMAIN}{path}"


def account_address(member: User) -> str:
    """`user@domain`, as Mastodon writes an account in its CSV exports."""
    return f"{member.username}@{settings.PARLEY_DOMAIN}"


def actor_url(member: User) -> str:
    return absolute(reverse("web:profile", args=[member.username]))


def post_url(post: Post) -> str:
    return absolute(reverse("web:post", args=[post.pk]))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _links(mentioned: Iterable[User]) -> LinkTargets:
    known = {member.username.casefold(): member for member in mentioned}

    def profile_url(name: str) -> str | None:
        member = known.get(name.casefold())
        return actor_url(member) if member is not None else None

    return LinkTargets(profile_url=profile_url, hashtag_url=lambda name: absolute(reverse("web:hashtag", args=[name])))


def _audience(post: Post, actor: str, mentions: list[str]) -> tuple[list[str], list[str]]:
    """`to` and `cc` as Mastodon addresses each visibility."""
    followers = f"{actor}/followers"
    if post.visibility == Visibility.PUBLIC:
        return [PUBLIC], [followers, *mentions]
    if post.visibility == Visibility.UNLISTED:
        return [followers], [PUBLIC, *mentions]
    if post.visibility == Visibility.FOLLOWERS:
        return [followers], mentions
    return mentions, []


def _attachment(media: Media) -> dict[str, object]:
    return {
        "type": "Document",
        "mediaType": mimetypes.guess_type(media.file.name)[0] or "application/octet-stream",
        "url": media.file.name,
        "name": media.description or None,
        "width": media.width,
        "height": media.height,
    }


def _note(post: Post, actor: str) -> dict[str, object]:
    mentioned = [mention.user for mention in post.mentions.all()]
    mentions = [actor_url(member) for member in mentioned]
    to, cc = _audience(post, actor, mentions)
    content = render_text(post.text, _links(mentioned))
    tags: list[dict[str, object]] = [
        {"type": "Mention", "href": actor_url(member), "name": f"@{account_address(member)}"} for member in mentioned
    ]
    tags += [
        {
            "type": "Hashtag",
            "href": absolute(reverse("web:hashtag", args=[link.hashtag.name])),
            "name": f"#{link.hashtag.name}",
        }
        for link in post.hashtag_links.all()
    ]
    note: dict[str, object] = {
        "id": post_url(post),
        "type": "Note",
        "summary": post.content_warning or None,
        "inReplyTo": post_url(post.in_reply_to) if post.in_reply_to else None,
        "published": _iso(post.created_at),
        "updated": _iso(post.edited_at),
        "url": post_url(post),
        "attributedTo": actor,
        "to": to,
        "cc": cc,
        "sensitive": post.sensitive,
        "content": content,
        "attachment": [_attachment(media) for media in post.media.all()],
        "tag": tags,
    }
    if post.language:
        note["contentMap"] = {post.language: content}
    if post.quote_of:
        note["quoteUrl"] = post_url(post.quote_of)
    return note


def _activity(post: Post, actor: str) -> dict[str, object]:
    to, cc = _audience(post, actor, [])
    if post.echo_of is not None:
        return {
            "id": f"{post_url(post)}/activity",
            "type": "Announce",
            "actor": actor,
            "published": _iso(post.created_at),
            "to": to,
            "cc": cc,
            "object": post_url(post.echo_of),
        }
    note = _note(post, actor)
    return {
        "id": f"{post_url(post)}/activity",
        "type": "Create",
        "actor": actor,
        "published": note["published"],
        "to": note["to"],
        "cc": note["cc"],
        "object": note,
    }


def member_posts(member: User) -> Iterable[Post]:
    """Every post the member wrote, oldest first, whatever its state: it is their data."""
    return (
        Post.objects.filter(author=member)
        .select_related("in_reply_to", "echo_of", "quote_of")
        .prefetch_related("media", "mentions__user", "hashtag_links__hashtag")
        .order_by("id")
    )


def outbox(member: User) -> dict[str, object]:
    actor = actor_url(member)
    items = [_activity(post, actor) for post in member_posts(member)]
    return {
        "@context": CONTEXT,
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }


def _image(field: FieldFile) -> dict[str, object] | None:
    if not field:
        return None
    name = str(field.name)
    return {"type": "Image", "mediaType": mimetypes.guess_type(name)[0], "url": name}


def actor(member: User) -> dict[str, object]:
    url = actor_url(member)
    return {
        "@context": CONTEXT,
        "id": url,
        "type": "Person",
        "preferredUsername": member.username,
        "name": member.display_name,
        "summary": render_text(member.bio, _links([])),
        "url": url,
        "published": _iso(member.date_joined),
        "manuallyApprovesFollowers": member.locked,
        "following": f"{url}/following",
        "followers": f"{url}/followers",
        "outbox": "outbox.json",
        "icon": _image(member.avatar),
        "image": _image(member.header),
        "attachment": [
            {"type": "PropertyValue", "name": link.get("name", ""), "value": link.get("url", "")}
            for link in member.links
        ],
    }


def _csv(header: list[str] | None, rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def following_csv(member: User) -> str:
    follows = Follow.objects.filter(follower=member).select_related("followee").order_by("created_at")
    return _csv(FOLLOWING_HEADER, ([account_address(row.followee), "true", "false", ""] for row in follows))


def blocked_csv(member: User) -> str:
    # Mastodon writes blocks without a header row.
    blocks = Block.objects.filter(blocker=member).select_related("blocked").order_by("created_at")
    return _csv(None, ([account_address(row.blocked)] for row in blocks))


def muted_csv(member: User) -> str:
    mutes = Mute.objects.filter(muter=member).select_related("muted").order_by("created_at")
    return _csv(MUTED_HEADER, ([account_address(row.muted), str(row.hide_notifications).lower()] for row in mutes))


def bookmarks_csv(member: User) -> str:
    bookmarks = Bookmark.objects.filter(user=member).select_related("post").order_by("id")
    return _csv(None, ([post_url(row.post)] for row in bookmarks))


def _decision(statement: StatementOfReasons) -> dict[str, object]:
    appeals = list(statement.appeals.all())
    return {
        "id": str(statement.pk),
        "date": _iso(statement.created_at),
        "decision": statement.action.action,
        "restriction": statement.restriction,
        "facts": statement.facts,
        "ground": {
            "category": statement.category,
            "terms_clause": statement.terms_clause,
            "illegal_content": statement.illegal_content,
            "legal_ground": statement.legal_ground,
        },
        "automated_detection": statement.automated_detection,
        "automated_decision": statement.automated_decision,
        "post": post_url(statement.action.post) if statement.action.post else None,
        "ends": _iso(statement.end_date),
        "reversed": _iso(statement.action.reversed_at),
        "appeal_until": _iso(statement.appeal_until),
        "appeals": [
            {
                "date": _iso(appeal.created_at),
                "state": appeal.status,
                "decision": appeal.decision,
                "decided": _iso(appeal.decided_at),
            }
            for appeal in appeals
        ],
    }


def moderation_decisions(member: User) -> list[dict[str, object]]:
    return [_decision(statement) for statement in member_statements(member)]


def media_files(member: User) -> list[str]:
    """Storage names of the member's uploads (and thumbnails), avatar and header."""
    names = [member.avatar.name, member.header.name]
    for media in Media.objects.filter(owner=member).order_by("id"):
        names += [media.file.name, media.thumbnail.name]
    return [name for name in names if name]


def write_archive(member: User, out: BinaryIO) -> None:
    """Write the member's archive as a zip to `out`."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add_json(name: str, data: object) -> None:
            archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=2))

        add_json("outbox.json", outbox(member))
        add_json("actor.json", actor(member))
        archive.writestr("following_accounts.csv", following_csv(member))
        archive.writestr("blocked_accounts.csv", blocked_csv(member))
        archive.writestr("muted_accounts.csv", muted_csv(member))
        archive.writestr("bookmarks.csv", bookmarks_csv(member))
        add_json("moderation_decisions.json", moderation_decisions(member))
        for name in media_files(member):
            if not default_storage.exists(name):
                continue
            info = zipfile.ZipInfo(name, date_time=default_storage.get_modified_time(name).timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED  # images are compressed already
            with default_storage.open(name, "rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)


# Building an Export row's archive -----------------------------------------------------------------


def exports_dir() -> Path:
    return Path(settings.PARLEY_EXPORTS_DIR)


def archive_path(export: Export) -> Path:
    return exports_dir() / export.file


def build_export(*, export: Export) -> None:
    """Write the archive next to its final name, then move it there: no half archive is served."""
    export.attempts += 1
    export.save(update_fields=["attempts"])
    folder = exports_dir()
    name = f"{export.pk}.zip"
    partial_path = folder / f".{name}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(partial_path, "wb") as out:
            write_archive(export.member, out)
        os.replace(partial_path, folder / name)
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        partial_path.unlink(missing_ok=True)
        export.state, export.error = ExportState.FAILED, f"{type(exc).__name__}: {exc}"
        export.finished_at = timezone.now()
        export.save(update_fields=["state", "error", "finished_at"])
        return
    now = timezone.now()
    export.state, export.error, export.file = ExportState.READY, "", name
    export.size = (folder / name).stat().st_size
    export.finished_at, export.expires_at = now, now + timedelta(days=settings.PARLEY_EXPORT_DAYS)
    export.save(update_fields=["state", "error", "file", "size", "finished_at", "expires_at"])
    _tell_member(export)


def _tell_member(export: Export) -> None:
    member = export.member
    url = absolute(reverse("web:settings_data"))
    with translation.override(member.language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Your %(site)s archive is ready") % {"site": settings.PARLEY_INSTANCE_NAME},
            message=_(
                "Hello %(name)s,\n\nThe archive of your data you asked for is ready. Download it within "
                "%(days)d days from your settings:\n%(url)s\n\nIf you did not ask for it, change your password."
            )
            % {"name": member.username, "days": settings.PARLEY_EXPORT_DAYS, "url": url},
            from_email=None,
            recipient_list=[member.email],
        )
