"""Writing, reading and acting on posts: compose, thread, reply, quote, edit, history, delete."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parley.accounts.models import User
from parley.core.errors import Forbidden, ParleyError
from parley.core.images import PixelBudget
from parley.posts import actions
from parley.posts.models import Post, PostState, Visibility
from parley.posts.queries import access_post, thread
from parley.web.forms.posts import EditPostForm, PostForm
from parley.web.presenters import present_posts
from parley.web.views.common import (
    domain_errors,
    error_page,
    is_htmx,
    redirect_back,
    signed_in_member,
    viewer_of,
)


def post_url(post: Post) -> str:
    return reverse("web:post", args=[post.pk])


def publish_from_form(
    author: User, form: PostForm, *, in_reply_to: Post | None = None, quote_of: Post | None = None
) -> Post:
    """Upload the form's images, then publish; if the post is refused, its uploads go too."""
    media_ids: list[int] = []
    budget = PixelBudget()  # the form's images share one request's decoding budget
    try:
        for upload, description in form.images():
            media = actions.upload_media(owner=author, file=upload, description=description, budget=budget)
            media_ids.append(media.pk)
        return actions.publish_post(
            author=author,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
            content_warning=form.cleaned_data["content_warning"],
            sensitive=form.cleaned_data["sensitive"],
            in_reply_to=in_reply_to,
            quote_of=quote_of,
            media_ids=media_ids,
        )
    except ParleyError:
        actions.discard_media(owner=author, media_ids=media_ids)
        raise


def announce_published(request: HttpRequest, post: Post) -> None:
    if post.state == PostState.PENDING:
        messages.info(
            request,
            _("Your post is waiting for a moderator's review. Only you can see it until then."),
        )
    else:
        messages.success(request, _("Your post is published."))


def handle_post_form(
    request: HttpRequest,
    form: PostForm,
    render_form: Callable[[PostForm, int], HttpResponse],
    **target: Post,
) -> HttpResponse:
    """Publish a valid form and go to the new post, or show the form again with the text kept."""
    author = signed_in_member(request)
    if not form.is_valid():
        return render_form(form, 422)
    try:
        post = publish_from_form(author, form, **target)
    except ParleyError as error:
        form.add_error(None, error.message)
        return render_form(form, error.status)
    announce_published(request, post)
    return redirect_back(request, post_url(post), anchor=f"post-{post.pk}")


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    visibility = request.GET.get("visibility")
    initial: dict[str, Any] = {
        "visibility": visibility if visibility in Visibility.values else Visibility.PUBLIC,
        "text": request.GET.get("text", ""),
    }
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)

    def render_form(bound: PostForm, status: int = 200) -> HttpResponse:
        return render(request, "web/posts/compose.html", {"form": bound}, status=status)

    if request.method == "POST":
        return handle_post_form(request, form, render_form)
    return render_form(form)


def _reply_initial(viewer: User | None, post: Post) -> dict[str, Any]:
    """Replies keep the audience of the post and address its author."""
    mention = f"@{post.author.username} " if viewer is not None and viewer.pk != post.author_id else ""
    return {"text": mention, "visibility": post.visibility}


@domain_errors
def post_detail(
    request: HttpRequest, post_id: int, reply_form: PostForm | None = None, status: int = 200
) -> HttpResponse:
    viewer = viewer_of(request)
    post = access_post(viewer, post_id)
    if post.echo_of is not None:
        return redirect("web:post", post_id=post.echo_of.pk)
    conversation = thread(viewer, post)
    cards = present_posts(viewer, [*conversation.ancestors, post, *conversation.descendants])
    ancestors_count = len(conversation.ancestors)
    if reply_form is None and viewer is not None and post.state == PostState.PUBLISHED:
        reply_form = PostForm(initial=_reply_initial(viewer, post), prefix="reply")
    context = {
        "post": post,
        "ancestors": cards[:ancestors_count],
        "focus_card": cards[ancestors_count],
        "descendants": cards[ancestors_count + 1 :],
        "reply_form": reply_form,
    }
    return render(request, "web/posts/thread.html", context, status=status)


@login_required
@require_POST
@domain_errors
def reply(request: HttpRequest, post_id: int) -> HttpResponse:
    parent = access_post(viewer_of(request), post_id)
    form = PostForm(request.POST, request.FILES, prefix="reply")

    def render_form(bound: PostForm, status: int = 200) -> HttpResponse:
        return post_detail(request, post_id, reply_form=bound, status=status)

    return handle_post_form(request, form, render_form, in_reply_to=parent)


@login_required
@domain_errors
def quote(request: HttpRequest, post_id: int) -> HttpResponse:
    original = access_post(viewer_of(request), post_id)
    if original.echo_of is not None:
        return redirect("web:post_quote", post_id=original.echo_of.pk)
    form = PostForm(request.POST or None, request.FILES or None, initial={"visibility": original.visibility})

    def render_form(bound: PostForm, status: int = 200) -> HttpResponse:
        card = present_posts(viewer_of(request), [original])[0]
        return render(request, "web/posts/quote.html", {"form": bound, "card": card}, status=status)

    if request.method == "POST":
        return handle_post_form(request, form, render_form, quote_of=original)
    return render_form(form)


@login_required
@domain_errors
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    editor = signed_in_member(request)
    post = access_post(editor, post_id)
    if post.author_id != editor.pk:
        raise Forbidden(_("You can only edit your own posts."))
    initial = {
        "text": post.text,
        "content_warning": post.content_warning,
        "sensitive": post.sensitive,
    }
    form = EditPostForm(request.POST or None, initial=initial, media=list(post.media.all()))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.edit_post(
                    editor=editor,
                    post=post,
                    text=form.cleaned_data["text"],
                    content_warning=form.cleaned_data["content_warning"],
                    sensitive=form.cleaned_data["sensitive"],
                    media_descriptions=form.media_descriptions(),
                )
            except ParleyError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your post is updated."))
                return redirect("web:post", post_id=post.pk)
    return render(request, "web/posts/edit.html", {"form": form, "post": post}, status=status)


@domain_errors
def history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(viewer_of(request), post_id)
    versions = list(post.edits.all())
    return render(request, "web/posts/history.html", {"post": post, "versions": versions})


@login_required
@domain_errors
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    member = signed_in_member(request)
    post = access_post(member, post_id)
    if request.method == "POST":
        actions.delete_post(actor=member, post=post)
        messages.success(request, _("Your post is deleted."))
        return redirect("web:profile", username=member.username)
    if post.author_id != member.pk and not member.is_moderator:
        raise Forbidden(_("You can only delete your own posts."))
    card = present_posts(member, [post])[0]
    return render(request, "web/posts/delete.html", {"card": card})


def _post_action(act: Callable[[User, Post], None]) -> Callable[[HttpRequest, int], HttpResponse]:
    """A button on a post: do it, then show the post's action bar again (in place with htmx)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, post_id: int) -> HttpResponse:
        member = signed_in_member(request)
        error: ParleyError | None = None
        try:
            post = access_post(member, post_id)
            act(member, post)
        except ParleyError as refused:
            error = refused
        if not is_htmx(request):
            if error is not None:
                return error_page(request, error)
            return redirect_back(request, reverse("web:post", args=[post_id]), anchor=f"post-{post_id}")
        if error is not None and error.status == 404:
            # The post is gone (or hidden): there is no action bar left to show, only why.
            return render(request, "web/posts/_actions_gone.html", {"error": error}, status=404)
        card = present_posts(member, [access_post(member, post_id)])[0]
        # The slot keeps element ids (and so keyboard focus) stable across the swap.
        slot = request.POST.get("slot", "")
        context = {
            "card": card,
            "error": error,
            "next": request.POST.get("next", ""),
            "slot": slot if slot.isdecimal() else "",
        }
        return render(request, "web/posts/_actions.html", context, status=error.status if error else 200)

    return view


def _echo(member: User, post: Post) -> None:
    actions.echo_post(user=member, post=post)


def _unecho(member: User, post: Post) -> None:
    actions.unecho_post(user=member, post=post)


def _upvote(member: User, post: Post) -> None:
    actions.upvote_post(user=member, post=post)


def _remove_upvote(member: User, post: Post) -> None:
    actions.remove_upvote(user=member, post=post)


def _bookmark(member: User, post: Post) -> None:
    actions.bookmark_post(user=member, post=post)


def _remove_bookmark(member: User, post: Post) -> None:
    actions.remove_bookmark(user=member, post=post)


echo = _post_action(_echo)
unecho = _post_action(_unecho)
upvote = _post_action(_upvote)
remove_upvote = _post_action(_remove_upvote)
bookmark = _post_action(_bookmark)
remove_bookmark = _post_action(_remove_bookmark)
