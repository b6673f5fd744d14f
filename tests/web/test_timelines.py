import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.actions import block, follow, mute
from parley.posts.actions import echo_post, publish_post

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_anonymous_home_goes_to_the_local_timeline(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:local")


def test_home_shows_followed_and_own_posts_and_the_compose_form(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    follow(follower=alice, target=bob)
    publish_post(author=alice, text="my own words")
    publish_post(author=bob, text="bob speaks")
    publish_post(author=carol, text="carol is not followed")
    response = signed_in(alice).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "my own words" in body and "bob speaks" in body
    assert "carol is not followed" not in body
    assert 'name="text"' in body and 'action="/compose"' in body
    assert 'aria-live="polite"' in body


def test_local_timeline_is_public_and_lists_trending_tags(client: Client, make_member) -> None:
    alice = make_member("alice")
    publish_post(author=alice, text="hello #Parley")
    publish_post(author=alice, text="for followers", visibility="followers")
    response = client.get("/local")
    assert response.status_code == 200
    body = response.content.decode()
    assert "hello" in body and "for followers" not in body
    assert 'href="/tags/parley"' in body
    assert "Trending hashtags" in body


def test_echo_is_shown_as_echoed_by(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=alice, target=bob)
    original = publish_post(author=make_member("carol"), text="worth sharing")
    echo_post(user=bob, post=original)
    body = signed_in(alice).get("/").content.decode()
    assert "worth sharing" in body
    assert "echoed" in body and 'href="/@bob"' in body


def test_cursor_pagination_is_stable_while_new_posts_arrive(client: Client, make_member) -> None:
    alice = make_member("alice")
    posts = [publish_post(author=alice, text=f"post number {n:02d}") for n in range(25)]
    first = client.get("/local")
    assert "post number 24" in first.content.decode()
    older = first.context["next_max_id"]
    assert older == posts[5].pk
    publish_post(author=alice, text="a brand new post")
    second = client.get(f"/local?max_id={older}").content.decode()
    assert "post number 04" in second and "post number 00" in second
    assert "post number 05" not in second and "a brand new post" not in second
    assert "Older posts" in first.content.decode()


def test_bad_cursor_is_a_clear_error(client: Client) -> None:
    response = client.get("/local?max_id=abc")
    assert response.status_code == 400
    assert "page link is not valid" in response.content.decode()


def test_hashtag_timeline(client: Client, make_member) -> None:
    alice = make_member("alice")
    publish_post(author=alice, text="about #Cats today")
    publish_post(author=alice, text="about #dogs today")
    body = client.get("/tags/CATS").content.decode()
    assert "about" in body and "#cats" in body
    assert "dogs today" not in body
    assert client.get("/tags/nothing").status_code == 200


def test_blocked_and_muted_authors_are_hidden_from_timelines(make_member) -> None:
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    publish_post(author=bob, text="from bob")
    publish_post(author=carol, text="from carol")
    block(blocker=alice, target=bob)
    mute(muter=alice, target=carol)
    body = signed_in(alice).get("/local").content.decode()
    assert "from bob" not in body and "from carol" not in body


def test_bookmarks_and_direct_messages_pages(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    client = signed_in(alice)
    post = publish_post(author=bob, text="keep this one")
    client.post(reverse("web:post_bookmark", args=[post.pk]))
    assert "keep this one" in client.get("/bookmarks").content.decode()
    publish_post(author=bob, text="@alice a secret", visibility="direct")
    publish_post(author=bob, text="a public thing")
    body = client.get("/messages").content.decode()
    assert "a secret" in body and "a public thing" not in body
    assert 'value="direct" selected' in body


def test_member_only_pages_ask_to_log_in(client: Client) -> None:
    for path in ("/bookmarks", "/messages", "/compose", "/notifications"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_layout_for_visitors_and_members(client: Client, make_member) -> None:
    body = client.get("/local").content.decode()
    assert '<html lang="en">' in body
    assert 'href="/login"' in body and 'href="/signup"' in body
    for path in ("/terms", "/policy", "/contact", "/about"):
        assert f'href="{path}"' in body
    assert 'action="/i18n/setlang/"' in body and '<label for="language-select">' in body
    member = signed_in(make_member("alice")).get("/local").content.decode()
    assert 'href="/notifications"' in member and 'href="/@alice"' in member
    assert '<form method="post" action="/logout"' in member
    assert 'href="/login"' not in member


def test_language_switcher_sets_the_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/local"})
    assert response.status_code == 302 and response["Location"] == "/local"
    assert '<html lang="fr">' in client.get("/local").content.decode()


def test_browser_language_is_used(client: Client) -> None:
    body = client.get("/local", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).content.decode()
    assert '<html lang="fr">' in body


def test_unknown_address_is_a_friendly_404(client: Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_a_timeline_page_costs_no_more_queries_when_it_is_longer(make_member) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice, bob = make_member("alice"), make_member("bob")
    follow(follower=alice, target=bob)
    client = signed_in(alice)

    def queries_for_home() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured.captured_queries)

    publish_post(author=bob, text="one @alice #tag")
    echo_post(user=bob, post=publish_post(author=make_member(), text="echoed @alice"))
    few = queries_for_home()
    for n in range(14):
        echo_post(user=bob, post=publish_post(author=make_member(), text=f"post {n} @alice #tag"))
    assert queries_for_home() <= few
