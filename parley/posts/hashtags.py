"""Followed and featured hashtags: the writes and the reads.

A followed hashtag brings its public posts into the follower's home timeline; the home timeline
asks `followed_hashtag_ids(member)`. A featured hashtag is shown on the member's profile with
the number of their own posts that use it.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import NotFound, ValidationFailed
from parley.core.text import normalize_hashtag
from parley.posts.models import FeaturedHashtag, Hashtag, HashtagFollow, PostHashtag, PostState, Visibility

MAX_FEATURED = 10  # as Mastodon
# What a hashtag in a post may be (core.text.HASHTAG_RE), whole: letters, digits and _, not only digits.
_NAME = re.compile(r"\w{1,64}", re.UNICODE)


def valid_hashtag_name(raw: str) -> str:
    """The stored form of a hashtag name given by a member ("#Cats" -> "cats"); 422 otherwise."""
    name = normalize_hashtag(raw.removeprefix("#"))
    if not _NAME.fullmatch(name) or name.isdigit():
        raise ValidationFailed(_("A hashtag has 1 to 64 letters, digits or underscores, not only digits."))
    return name


def access_hashtag(name: str) -> Hashtag:
    """A hashtag by name, as anyone may look it up; unknown or malformed names are NotFound."""
    found = Hashtag.objects.filter(name=normalize_hashtag(name.removeprefix("#"))).first()
    if found is None:
        raise NotFound(_("No such hashtag."))
    return found


@transaction.atomic
def follow_hashtag(*, user: User, name: str) -> Hashtag:
    """Follow a hashtag, creating it if no post used it yet; following again changes nothing."""
    hashtag, _created = Hashtag.objects.get_or_create(name=valid_hashtag_name(name))
    HashtagFollow.objects.get_or_create(user=user, hashtag=hashtag)
    return hashtag


def unfollow_hashtag(*, user: User, name: str) -> Hashtag:
    hashtag = access_hashtag(name)
    HashtagFollow.objects.filter(user=user, hashtag=hashtag).delete()
    return hashtag


def followed_hashtag_ids(member: User) -> set[int]:
    """Ids of the hashtags the member follows (the home timeline adds their public posts)."""
    return set(HashtagFollow.objects.filter(user=member).values_list("hashtag_id", flat=True))


def featured_hashtag_ids(member: User) -> set[int]:
    return set(FeaturedHashtag.objects.filter(user=member).values_list("hashtag_id", flat=True))


def hashtag_follows(member: User) -> QuerySet[HashtagFollow]:
    """The member's follows, newest first, paged by the follow's id."""
    return HashtagFollow.objects.filter(user=member).select_related("hashtag")


@dataclass(frozen=True)
class HashtagState:
    following: bool
    featuring: bool


def hashtag_state(member: User | None, hashtag: Hashtag) -> HashtagState | None:
    """Whether the member follows and features the hashtag (None for a reader not signed in)."""
    if member is None:
        return None
    return HashtagState(
        following=HashtagFollow.objects.filter(user=member, hashtag=hashtag).exists(),
        featuring=FeaturedHashtag.objects.filter(user=member, hashtag=hashtag).exists(),
    )


@transaction.atomic
def feature_hashtag(*, user: User, name: str) -> FeaturedHashtag:
    """Feature a hashtag on the member's profile (at most MAX_FEATURED); again changes nothing."""
    hashtag, _created = Hashtag.objects.get_or_create(name=valid_hashtag_name(name))
    existing = FeaturedHashtag.objects.filter(user=user, hashtag=hashtag).first()
    if existing is not None:
        return existing
    # Lock the member's row so that two requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if FeaturedHashtag.objects.filter(user=user).count() >= MAX_FEATURED:
        raise ValidationFailed(_("You can feature at most %(max)d hashtags.") % {"max": MAX_FEATURED})
    return FeaturedHashtag.objects.create(user=user, hashtag=hashtag)


def unfeature_hashtag(*, user: User, featured_id: int | str) -> None:
    """Stop featuring one of the member's own featured hashtags (someone else's is NotFound)."""
    deleted, _details = FeaturedHashtag.objects.filter(user=user, pk=int(featured_id)).delete()
    if not deleted:
        raise NotFound(_("No such featured hashtag."))


def unfeature_hashtag_named(*, user: User, name: str) -> Hashtag:
    hashtag = access_hashtag(name)
    FeaturedHashtag.objects.filter(user=user, hashtag=hashtag).delete()
    return hashtag


@dataclass(frozen=True)
class FeaturedHashtagUse:
    featured: FeaturedHashtag
    posts_count: int
    last_post_on: date | None


def _profile_posts(user: User) -> QuerySet[PostHashtag]:
    """Links of the member's posts anyone can see on their profile (published, public or unlisted)."""
    return PostHashtag.objects.filter(
        post__author=user,
        post__state=PostState.PUBLISHED,
        post__visibility__in=(Visibility.PUBLIC, Visibility.UNLISTED),
        post__echo_of__isnull=True,
    )


def featured_hashtags(user: User) -> list[FeaturedHashtagUse]:
    """The member's featured hashtags, oldest first, each with how often and when they last used it."""
    featured = list(FeaturedHashtag.objects.filter(user=user).select_related("hashtag"))
    uses = {
        row["hashtag_id"]: row
        for row in _profile_posts(user)
        .filter(hashtag_id__in=[f.hashtag_id for f in featured])
        .values("hashtag_id")
        .annotate(posts=Count("post_id"), last=Max("post__created_at"))
    }
    return [
        FeaturedHashtagUse(
            featured=f,
            posts_count=uses[f.hashtag_id]["posts"] if f.hashtag_id in uses else 0,
            last_post_on=uses[f.hashtag_id]["last"].date() if f.hashtag_id in uses else None,
        )
        for f in featured
    ]


def featured_hashtag_suggestions(user: User, *, limit: int = 10) -> list[Hashtag]:
    """The hashtags the member uses most in their own posts, not yet featured."""
    featured = FeaturedHashtag.objects.filter(user=user).values("hashtag_id")
    ranked = (
        _profile_posts(user)
        .exclude(hashtag_id__in=featured)
        .values("hashtag_id")
        .annotate(uses=Count("post_id"), last=Max("post_id"))
        .order_by("-uses", "-last")[:limit]
    )
    ids = [row["hashtag_id"] for row in ranked]
    by_id = Hashtag.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
