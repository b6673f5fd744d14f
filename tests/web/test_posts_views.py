import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from parley.accounts.actions import follow
from parley.posts import actions as post_actions
from parley.posts.actions import echo_post, edit_post, publish_post, upvote_post
from parley.posts.models import Bookmark, Media, Post, PostState, Upvote
from parley.screening.records import ScreeningVerdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def compose_data(**overrides: object) -> dict[str, object]:
    return {"text": "", "content_warning": "", "visibility": "public", **overrides}


# Compose


def test_compose_publishes_and_goes_to_the_post(make_member) -> None:
    alice = make_member("alice")
    response = signed_in(alice).post("/compose", compose_data(text="Hello #world, @nobody"))
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}#post-{post.pk}"
    assert post.text == "Hello #world, @nobody" and post.author == alice
    page = signed_in(alice).get(response["Location"].split("#")[0]).content.decode()
    assert 'href="/tags/world"' in page
    assert "@nobody" in page and 'href="/@nobody"' not in page  # not a member: no link


def test_compose_returns_to_next_when_it_is_local(make_member) -> None:
    client = signed_in(make_member())
    response = client.post("/compose", compose_data(text="hi", next="/local"))
    assert response["Location"].startswith("/local#post-")
    response = client.post("/compose", compose_data(text="hi again", next="https://evil.example/"))
    assert not response["Location"].startswith("https://evil.example")


def test_too_long_post_is_422_with_the_text_kept(make_member) -> None:
    text = "x" * 1001
    response = signed_in(make_member()).post("/compose", compose_data(text=text))
    assert response.status_code == 422
    body = response.content.decode()
    assert "at most 1000 characters" in body
    assert text in body
    assert Post.objects.count() == 0


def test_empty_post_and_unknown_visibility_are_refused(make_member) -> None:
    client = signed_in(make_member())
    assert client.post("/compose", compose_data(text="   ")).status_code == 422
    response = client.post("/compose", compose_data(text="hi", visibility="everyone"))
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert Post.objects.count() == 0


def test_compose_with_images_alt_text_and_content_warning(make_member) -> None:
    alice = make_member("alice")
    data = compose_data(
        text="look", content_warning="spiders", image_1=png(), alt_1="A red square", image_2=png(), no_description="on"
    )
    response = signed_in(alice).post("/compose", data)
    assert response.status_code == 302
    post = Post.objects.get()
    assert [m.description for m in post.media.all()] == ["A red square", ""]
    assert post.content_warning == "spiders" and post.sensitive
    page = Client().get(f"/posts/{post.pk}").content.decode()
    assert '<details class="content-warning" open>' in page
    assert 'alt="A red square"' in page


def test_an_image_without_a_description_is_asked_about_before_posting(make_member) -> None:
    alice = make_member("alice")
    client = signed_in(alice)
    response = client.post("/compose", compose_data(text="look", image_1=png(), alt_1="  "))
    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert "Describe this image for people who cannot see it" in body
    assert "Choose the images again before publishing" in body
    assert '<details class="attach" open>' in body
    assert 'name="no_description"' in body and "look" in body  # the text is kept
    assert not Post.objects.exists() and not Media.objects.exists()
    # Confirmed: posted without a description, and its link still has a name.
    response = client.post("/compose", compose_data(text="look", image_1=png(), no_description="on"))
    assert response.status_code == 302
    post = Post.objects.get()
    assert [m.description for m in post.media.all()] == [""]
    page = Client().get(f"/posts/{post.pk}").content.decode()
    assert 'aria-label="Image without a description"' in page


def test_an_image_with_a_description_needs_no_confirmation(make_member) -> None:
    response = signed_in(make_member()).post("/compose", compose_data(text="x", image_1=png(), alt_1="A red square"))
    assert response.status_code == 302
    page = Client().get(f"/posts/{Post.objects.get().pk}").content.decode()
    assert 'alt="A red square"' in page and "aria-label=" not in page.split('class="media-grid')[1].split("</ul>")[0]


def test_sensitive_media_are_hidden_behind_a_details_element(make_member) -> None:
    alice = make_member("alice")
    signed_in(alice).post("/compose", compose_data(text="careful", sensitive="on", image_1=png(), alt_1="A square"))
    body = Client().get("/local").content.decode()
    assert '<details class="sensitive-media">' in body
    assert body.index('<details class="sensitive-media">') < body.index("<img src=")


def test_more_than_four_images_is_impossible_and_bad_images_are_refused(make_member) -> None:
    client = signed_in(make_member())
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post("/compose", compose_data(text="hi", image_1=png(), image_2=bad, alt_1="A", alt_2="B"))
    assert response.status_code == 422
    assert "image" in response.content.decode().lower()
    assert Post.objects.count() == 0
    assert Media.objects.count() == 0  # the good upload of the refused post is discarded


def test_screening_rejection_shows_its_reason_to_the_author(make_member, monkeypatch) -> None:
    verdict = ScreeningVerdict(decision="reject", reasons=({"explanation": "it threatens violence"},))
    monkeypatch.setattr(post_actions, "screen_content", lambda **kwargs: verdict)
    response = signed_in(make_member()).post("/compose", compose_data(text="something bad"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Your post was not published: it threatens violence" in body
    assert "something bad" in body
    assert Post.objects.get().state == PostState.REJECTED  # kept for the appeal, never shown


def test_held_post_shows_pending_review_to_its_author_only(make_member, monkeypatch) -> None:
    monkeypatch.setattr(post_actions, "screen_content", lambda **kwargs: ScreeningVerdict(decision="hold"))
    alice = make_member("alice")
    response = signed_in(alice).post("/compose", compose_data(text="borderline"), follow=True)
    post = Post.objects.get()
    assert post.state == PostState.PENDING
    body = response.content.decode()
    assert "waiting for a moderator" in body and "Pending review" in body
    assert Client().get(f"/posts/{post.pk}").status_code == 404


def test_disputed_post_is_labelled(make_member, monkeypatch) -> None:
    verdict = ScreeningVerdict(decision="label", labels=frozenset({"disputed"}))
    monkeypatch.setattr(post_actions, "screen_content", lambda **kwargs: verdict)
    post = publish_post(author=make_member(), text="the moon is cheese")
    assert "Disputed" in Client().get(f"/posts/{post.pk}").content.decode()


def test_missing_csrf_token_is_403_and_changes_nothing(make_member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member())
    response = client.post("/compose", compose_data(text="hi"))
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert Post.objects.count() == 0


# Thread, reply, quote


def test_thread_shows_ancestors_post_and_descendants(client: Client, make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    root = publish_post(author=alice, text="the root")
    middle = publish_post(author=bob, text="the middle", in_reply_to=root)
    leaf = publish_post(author=alice, text="the leaf", in_reply_to=middle)
    body = client.get(f"/posts/{middle.pk}").content.decode()
    assert body.index("the root") < body.index("the middle") < body.index("the leaf")
    assert body.count('class="post post-focus"') == 1
    assert client.get(f"/posts/{leaf.pk}").status_code == 200


def test_unknown_or_invisible_post_is_404(client: Client, make_member) -> None:
    assert client.get("/posts/12345").status_code == 404
    hidden = publish_post(author=make_member(), text="followers only", visibility="followers")
    response = client.get(f"/posts/{hidden.pk}")
    assert response.status_code == 404
    assert "followers only" not in response.content.decode()


def test_reply_from_the_thread_view(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    root = publish_post(author=alice, text="question?")
    client = signed_in(bob)
    page = client.get(f"/posts/{root.pk}").content.decode()
    assert 'id="reply-form"' in page and "@alice " in page
    response = client.post(
        f"/posts/{root.pk}/reply",
        {"reply-text": "@alice answer", "reply-visibility": "public", "reply-content_warning": ""},
    )
    reply = Post.objects.get(in_reply_to=root)
    assert response.status_code == 302
    assert reply.text == "@alice answer" and reply.author == bob


def test_too_long_reply_shows_the_thread_again_with_the_text(make_member) -> None:
    root = publish_post(author=make_member(), text="root")
    text = "y" * 1200
    response = signed_in(make_member()).post(
        f"/posts/{root.pk}/reply", {"reply-text": text, "reply-visibility": "public"}
    )
    assert response.status_code == 422
    assert text in response.content.decode() and "root" in response.content.decode()
    assert Post.objects.count() == 1


def test_quote_form_publishes_a_quote(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    original = publish_post(author=alice, text="original thought")
    client = signed_in(bob)
    assert "original thought" in client.get(f"/posts/{original.pk}/quote").content.decode()
    response = client.post(f"/posts/{original.pk}/quote", compose_data(text="so true"))
    quote = Post.objects.get(quote_of=original)
    assert response.status_code == 302 and quote.author == bob
    body = client.get(f"/posts/{quote.pk}").content.decode()
    assert "so true" in body and '<blockquote class="quoted-post"' in body
    assert "original thought" in body


def test_quoting_a_followers_only_post_is_forbidden(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=bob, target=alice)
    private = publish_post(author=alice, text="close friends", visibility="followers")
    response = signed_in(bob).post(f"/posts/{private.pk}/quote", compose_data(text="leak"))
    assert response.status_code == 403
    assert "Only public posts" in response.content.decode()
    assert Post.objects.count() == 1


# Edit, history, delete


def test_edit_and_history(make_member) -> None:
    alice = make_member("alice")
    post = publish_post(author=alice, text="first version")
    client = signed_in(alice)
    assert "first version" in client.get(f"/posts/{post.pk}/edit").content.decode()
    response = client.post(f"/posts/{post.pk}/edit", {"text": "second version", "content_warning": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == "second version" and post.edited_at is not None
    page = client.get(f"/posts/{post.pk}").content.decode()
    assert f'href="/posts/{post.pk}/history"' in page
    history = Client().get(f"/posts/{post.pk}/history").content.decode()
    assert history.index("second version") < history.index("first version")


def test_edit_of_someone_elses_post_is_403_and_changes_nothing(make_member) -> None:
    post = publish_post(author=make_member(), text="mine")
    client = signed_in(make_member())
    assert client.get(f"/posts/{post.pk}/edit").status_code == 403
    assert client.post(f"/posts/{post.pk}/edit", {"text": "hacked"}).status_code == 403
    post.refresh_from_db()
    assert post.text == "mine"


def test_too_long_edit_is_422_with_the_text_kept(make_member) -> None:
    alice = make_member()
    post = publish_post(author=alice, text="short")
    response = signed_in(alice).post(f"/posts/{post.pk}/edit", {"text": "z" * 1001})
    assert response.status_code == 422 and "z" * 1001 in response.content.decode()
    post.refresh_from_db()
    assert post.text == "short"


def test_edit_updates_alt_text(make_member) -> None:
    alice = make_member()
    client = signed_in(alice)
    client.post("/compose", compose_data(text="pic", image_1=png(), alt_1="old"))
    post = Post.objects.get()
    media = post.media.get()
    client.post(f"/posts/{post.pk}/edit", {"text": "pic", f"alt_{media.pk}": "a better description"})
    media.refresh_from_db()
    assert media.description == "a better description"


def test_delete_asks_then_deletes_only_own_posts(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="regret")
    assert signed_in(bob).get(f"/posts/{post.pk}/delete").status_code == 403
    assert signed_in(bob).post(f"/posts/{post.pk}/delete").status_code == 403
    client = signed_in(alice)
    confirm = client.get(f"/posts/{post.pk}/delete")
    assert confirm.status_code == 200 and "Delete this post?" in confirm.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()
    response = client.post(f"/posts/{post.pk}/delete")
    assert response.status_code == 302 and response["Location"] == "/@alice"
    assert not Post.objects.filter(pk=post.pk).exists()


# Buttons on a post


def test_echo_upvote_bookmark_without_javascript(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="good post")
    client = signed_in(bob)
    for name in ("web:post_echo", "web:post_upvote", "web:post_bookmark"):
        response = client.post(reverse(name, args=[post.pk]), {"next": "/local"})
        assert response.status_code == 302
        assert response["Location"] == f"/local#post-{post.pk}"
    post.refresh_from_db()
    assert post.echoes_count == 1 and post.upvotes_count == 1
    assert Bookmark.objects.filter(user=bob, post=post).exists()
    page = client.get(f"/posts/{post.pk}").content.decode()
    assert page.count('aria-pressed="true"') == 3
    for name in ("web:post_unecho", "web:post_remove_upvote", "web:post_remove_bookmark"):
        client.post(reverse(name, args=[post.pk]))
    post.refresh_from_db()
    assert post.echoes_count == 0 and post.upvotes_count == 0
    assert not Bookmark.objects.exists()


def test_htmx_swaps_only_the_action_bar(make_member) -> None:
    post = publish_post(author=make_member("alice"), text="good post")
    client = signed_in(make_member("bob"))
    response = client.post(
        reverse("web:post_upvote", args=[post.pk]),
        {"slot": "77", "next": "/local"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith('<div class="post-actions" id="actions-77">')
    assert 'id="upvote-77" aria-pressed="true"' in body
    assert "<html" not in body and 'value="/local"' in body


def test_htmx_refusal_says_why_in_the_action_bar(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=bob, target=alice)
    private = publish_post(author=alice, text="followers", visibility="followers")
    client = signed_in(bob)
    response = client.post(reverse("web:post_echo", args=[private.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()
    response = client.post(reverse("web:post_echo", args=[private.pk]))
    assert response.status_code == 403
    assert "Only public posts" in response.content.decode()
    assert Post.objects.count() == 1


def test_actions_need_post_login_and_a_visible_post(client: Client, make_member) -> None:
    post = publish_post(author=make_member(), text="x")
    assert client.post(reverse("web:post_upvote", args=[post.pk])).status_code == 302
    member = signed_in(make_member())
    assert member.get(reverse("web:post_upvote", args=[post.pk])).status_code == 405
    assert member.post(reverse("web:post_upvote", args=[999])).status_code == 404
    gone = member.post(reverse("web:post_upvote", args=[999]), headers={"HX-Request": "true"})
    assert gone.status_code == 404
    assert gone.content.decode().startswith('<div class="post-actions">')
    assert not Upvote.objects.exists()


def test_action_bar_reflects_state_and_own_posts_get_edit_and_delete(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="hello")
    upvote_post(user=bob, post=post)
    echo_post(user=bob, post=post)
    own = signed_in(alice).get(f"/posts/{post.pk}").content.decode()
    assert f'href="/posts/{post.pk}/edit"' in own and f'href="/posts/{post.pk}/delete"' in own
    other = signed_in(bob).get(f"/posts/{post.pk}").content.decode()
    assert f'href="/posts/{post.pk}/edit"' not in other
    assert 'id="upvote-' in other and 'aria-pressed="true"' in other
    anonymous = Client().get(f"/posts/{post.pk}").content.decode()
    assert "1 upvote" in anonymous and "1 echo" in anonymous and "<form" in anonymous


def test_edited_marker_appears_after_an_edit(make_member) -> None:
    alice = make_member()
    post = publish_post(author=alice, text="v1")
    edit_post(editor=alice, post=post, text="v2")
    assert ">edited</a>" in Client().get("/local").content.decode()
