"""Importing follows, blocks, mutes and bookmarks from the CSV files Mastodon (and Parley) export.

The whole file is read and checked before anything changes: a file that is not CSV text, has
the wrong columns or is too large is refused as a whole. Each row is then applied through the
same action a member's click goes through; a row that cannot be applied (a remote account, an
unknown one, a post one cannot see) is skipped with its reason. `overwrite` also undoes what the
member has that the file does not list, as Mastodon's "overwrite" mode does.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.accounts import actions as account_actions
from parley.accounts.models import Block, Follow, FollowRequest, Mute, User
from parley.accounts.queries import access_member
from parley.core.errors import ParleyError, ValidationFailed
from parley.posts import actions as post_actions
from parley.posts.models import Bookmark
from parley.posts.queries import access_post

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
ADDRESS_RE = re.compile(r"^@?([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9.-]+(?::\d{1,5})?))?$")
POST_PATH_RE = re.compile(r"^/(?:posts|@[A-Za-z0-9_]{1,30})/(\d{1,20})/?$")


class ImportKind(TextChoices):
    FOLLOWING = "following", gettext_lazy("Follows")
    BLOCKS = "blocks", gettext_lazy("Blocked accounts")
    MUTES = "mutes", gettext_lazy("Muted accounts")
    BOOKMARKS = "bookmarks", gettext_lazy("Bookmarks")


class ImportMode(TextChoices):
    MERGE = "merge", gettext_lazy("Merge: keep what you have and add the file's")
    OVERWRITE = "overwrite", gettext_lazy("Overwrite: make it exactly the file's list")


class ImportTooLarge(ParleyError):
    status = 413


@dataclass
class ImportResult:
    imported: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (the row's value, why)


@dataclass(frozen=True)
class _Row:
    line: int
    value: str
    hide_notifications: bool = True


# Columns each kind accepts (Mastodon writes these headers; blocks and bookmarks have none).
_MAX_COLUMNS = {ImportKind.FOLLOWING: 4, ImportKind.BLOCKS: 1, ImportKind.MUTES: 2, ImportKind.BOOKMARKS: 1}
_HEADERS = {"account address", "show boosts", "notify on new posts", "languages", "hide notifications"}


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportTooLarge(
            _("The file is too large: at most %(size)d MB.") % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(_("This is not a CSV file: it is not UTF-8 text.")) from exc
    if "\x00" in text:
        raise ValidationFailed(_("This is not a CSV file: it holds binary data."))
    return text


def parse_import(*, kind: ImportKind, data: bytes) -> list[_Row]:
    """The file's rows, or a refusal naming what is wrong with it."""
    text = _decode(data)
    try:
        rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(csv.reader(io.StringIO(text)), 1)]
    except csv.Error as exc:
        raise ValidationFailed(_("This is not a CSV file: %(error)s.") % {"error": exc}) from exc
    rows = [(number, row) for number, row in rows if any(row)]
    if rows and rows[0][1][0].casefold() in _HEADERS:  # Mastodon's header row is optional
        rows = rows[1:]
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportTooLarge(_("The file has too many rows: at most %(rows)d.") % {"rows": MAX_IMPORT_ROWS})
    if not rows:
        raise ValidationFailed(_("The file lists nothing to import."))
    return [_checked_row(kind, number, row) for number, row in rows]


def _checked_row(kind: ImportKind, number: int, row: list[str]) -> _Row:
    if len(row) > _MAX_COLUMNS[kind]:
        raise ValidationFailed(
            _("Line %(line)d has %(found)d columns; this list has at most %(most)d. Is it the right file?")
            % {"line": number, "found": len(row), "most": _MAX_COLUMNS[kind]}
        )
    value = row[0]
    if kind == ImportKind.BOOKMARKS:
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValidationFailed(_("Line %(line)d is not a post's address (a URL).") % {"line": number})
        return _Row(line=number, value=value)
    if not ADDRESS_RE.match(value):
        raise ValidationFailed(
            _("Line %(line)d does not start with an account address (user@domain).") % {"line": number}
        )
    hide = True
    if kind == ImportKind.MUTES and len(row) > 1 and row[1]:
        if row[1].casefold() not in ("true", "false"):
            raise ValidationFailed(_("Line %(line)d: “Hide notifications” must be true or false.") % {"line": number})
        hide = row[1].casefold() == "true"
    return _Row(line=number, value=value, hide_notifications=hide)


def _local_domains() -> set[str]:
    domain = settings.PARLEY_DOMAIN.casefold()
    return {domain, domain.split(":")[0]}


def _local_member(viewer: User, address: str) -> User:
    """The local member an address names; ParleyError with the reason to skip it otherwise."""
    match = ADDRESS_RE.match(address)
    assert match is not None  # checked when the file was parsed
    username, domain = match.groups()
    if domain is not None and domain.casefold() not in _local_domains():
        raise ParleyError(_("an account on another server: federation is not available yet"))
    try:
        return access_member(viewer, username)
    except ParleyError as exc:
        raise ParleyError(_("no such account here")) from exc


def _post_id(url: str) -> int:
    parts = urlsplit(url)
    if parts.netloc.casefold() not in _local_domains():
        raise ParleyError(_("a post on another server: federation is not available yet"))
    match = POST_PATH_RE.match(parts.path)
    if match is None:
        raise ParleyError(_("not the address of a post"))
    return int(match.group(1))


Apply = Callable[[User, _Row], int]  # returns the id of what the row names


def _follow(member: User, row: _Row) -> int:
    target = _local_member(member, row.value)
    account_actions.follow(follower=member, target=target)
    return target.pk


def _block(member: User, row: _Row) -> int:
    target = _local_member(member, row.value)
    account_actions.block(blocker=member, target=target)
    return target.pk


def _mute(member: User, row: _Row) -> int:
    target = _local_member(member, row.value)
    account_actions.mute(muter=member, target=target, hide_notifications=row.hide_notifications)
    return target.pk


def _bookmark(member: User, row: _Row) -> int:
    post_id = _post_id(row.value)
    try:
        post = access_post(member, post_id)
    except ParleyError as exc:
        raise ParleyError(_("no such post, or you cannot see it")) from exc
    post_actions.bookmark_post(user=member, post=post)
    return post.echo_of_id or post.pk


def _remove_missing(kind: ImportKind, member: User, keep: set[int]) -> int:
    """Overwrite mode: undo, through the actions, what the member has that the file does not list."""
    removed = 0
    if kind == ImportKind.FOLLOWING:
        for follow in Follow.objects.filter(follower=member).exclude(followee__in=keep).select_related("followee"):
            account_actions.unfollow(follower=member, target=follow.followee)
            removed += 1
        for request in FollowRequest.objects.filter(requester=member).exclude(target__in=keep).select_related("target"):
            account_actions.unfollow(follower=member, target=request.target)
            removed += 1
    elif kind == ImportKind.BLOCKS:
        for block in Block.objects.filter(blocker=member).exclude(blocked__in=keep).select_related("blocked"):
            account_actions.unblock(blocker=member, target=block.blocked)
            removed += 1
    elif kind == ImportKind.MUTES:
        for mute in Mute.objects.filter(muter=member).exclude(muted__in=keep).select_related("muted"):
            account_actions.unmute(muter=member, target=mute.muted)
            removed += 1
    else:
        for bookmark in Bookmark.objects.filter(user=member).exclude(post__in=keep).select_related("post"):
            post_actions.remove_bookmark(user=member, post=bookmark.post)
            removed += 1
    return removed


_APPLY: dict[ImportKind, Apply] = {
    ImportKind.FOLLOWING: _follow,
    ImportKind.BLOCKS: _block,
    ImportKind.MUTES: _mute,
    ImportKind.BOOKMARKS: _bookmark,
}


@transaction.atomic
def import_list(*, member: User, kind: ImportKind, mode: ImportMode, data: bytes) -> ImportResult:
    """Apply a Mastodon-style CSV list to the member's follows, blocks, mutes or bookmarks."""
    rows = parse_import(kind=kind, data=data)
    result = ImportResult()
    kept: set[int] = set()
    for row in rows:
        try:
            with transaction.atomic():  # a refused row leaves nothing behind
                kept.add(_APPLY[kind](member, row))
        except ParleyError as refused:
            result.skipped.append((row.value, refused.message))
        else:
            result.imported += 1
    if mode == ImportMode.OVERWRITE:
        result.removed = _remove_missing(kind, member, kept)
    return result
