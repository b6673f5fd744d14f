import pytest
from django.test import Client

from parley.accounts.actions import block, update_profile
from parley.posts.actions import publish_post

pytestmark = pytest.mark.django_db


def test_search_finds_members_hashtags_and_posts(client: Client, make_member) -> None:
    alice = make_member("alice")
    update_profile(user=alice, display_name="Alice Baker")
    publish_post(author=alice, text="fresh bread with #baking tips")
    publish_post(author=alice, text="nothing related")
    body = client.get("/search", {"q": "bak"}).content.decode()
    assert 'href="/@alice"' in body
    assert 'href="/tags/baking"' in body
    body = client.get("/search", {"q": "bread"}).content.decode()
    assert "fresh bread" in body and "nothing related" not in body


def test_empty_search_shows_the_form_and_trending_tags(client: Client, make_member) -> None:
    publish_post(author=make_member(), text="hot #topic")
    response = client.get("/search")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="search"' in body and '<label for="search-q">' in body
    assert 'href="/tags/topic"' in body
    assert "No people found" not in body


def test_search_respects_blocks_and_visibility(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    publish_post(author=bob, text="zebra crossing public")
    publish_post(author=alice, text="zebra for followers", visibility="followers")
    block(blocker=alice, target=bob)
    client = Client()
    client.force_login(alice)
    body = client.get("/search", {"q": "zebra"}).content.decode()
    assert "zebra crossing" not in body
    anonymous = Client().get("/search", {"q": "zebra"}).content.decode()
    assert "zebra crossing" in anonymous and "zebra for followers" not in anonymous


def test_odd_queries_do_not_break_search(client: Client, make_member) -> None:
    publish_post(author=make_member(), text="plain words")
    for query in ('"', "*", "AND OR NOT", "#", "@", "x" * 5000, "<script>alert(1)</script>"):
        response = client.get("/search", {"q": query})
        assert response.status_code == 200, query
        assert "<script>alert(1)" not in response.content.decode()


def test_search_keeps_the_query_in_the_older_posts_link(client: Client, make_member) -> None:
    alice = make_member()
    for n in range(25):
        publish_post(author=alice, text=f"walrus number {n}")
    body = client.get("/search", {"q": "walrus"}).content.decode()
    assert "?q=walrus&amp;max_id=" in body
