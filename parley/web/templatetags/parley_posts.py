"""Rendering members' text: the only way post and bio text reaches a template."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from parley.accounts.models import User
from parley.accounts.queries import mentioned_members
from parley.core.text import LinkTargets, render_text
from parley.posts.media_urls import media_url
from parley.posts.models import Media, Post
from parley.web.views.common import url_if_exists

register = template.Library()


def _links(known: dict[str, User]) -> LinkTargets:
    """Link @names of members in `known` (keyed by case-folded username) and every #hashtag."""

    def profile_url(username: str) -> str | None:
        member = known.get(username.casefold())
        return reverse("web:profile", args=[member.username]) if member is not None else None

    def hashtag_url(name: str) -> str:
        return reverse("web:hashtag", args=[name])

    return LinkTargets(profile_url=profile_url, hashtag_url=hashtag_url)


@register.filter
def post_html(post: Post) -> SafeString:
    """The post's text as safe HTML; only members the post really mentions become links."""
    known = {mention.user.username.casefold(): mention.user for mention in post.mentions.all()}
    # render_text escapes everything the member wrote; only its own links are markup.
    return mark_safe(render_text(post.text, _links(known)))  # noqa: S308


@register.filter
def bio_html(member: User) -> SafeString:
    return mark_safe(render_text(member.bio, _links(mentioned_members(member.bio))))  # noqa: S308


@register.simple_tag(takes_context=True)
def older_page_url(context: template.Context, max_id: int) -> str:
    """The current URL with the cursor moved to `max_id`, other parameters (like ?q=) kept."""
    params = context["request"].GET.copy()
    params["max_id"] = str(max_id)
    params.pop("offset", None)
    return "?" + params.urlencode()


@register.simple_tag
def report_post_url(post: Post) -> str | None:
    """Reporting comes from the moderation pages; the link shows once they provide it."""
    return url_if_exists("web:report_post", post.pk)


@register.filter
def media_src(media: Media) -> str:
    """The image's URL for this page: plain when its post is public, else signed and expiring."""
    return media_url(media)


@register.filter
def thumbnail_src(media: Media) -> str:
    return media_url(media, thumbnail=True)
