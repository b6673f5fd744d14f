import pytest

from parley.accounts.actions import block, follow
from parley.core.errors import Forbidden, NotFound, ValidationFailed
from parley.posts.actions import (
    delete_post,
    echo_post,
    edit_post,
    publish_post,
    remove_upvote,
    unecho_post,
    upvote_post,
)
from parley.posts.models import Hashtag, Mention, Notification, Post, PostEdit
from parley.screening.models import ScreeningDecision

pytestmark = pytest.mark.django_db


def test_publish_links_hashtags_mentions_and_notifies(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    post = publish_post(author=alice, text="Hello @Bob #Parley")
    assert post.state == "published"
    assert post.conversation_id == post.pk
    assert Hashtag.objects.get().name == "parley"
    assert Mention.objects.get().user == bob
    assert Notification.objects.get(recipient=bob).kind == "mention"
    alice.refresh_from_db()
    assert alice.posts_count == 1


def test_too_long_post_is_refused_and_nothing_is_stored(make_member) -> None:
    alice = make_member()
    with pytest.raises(ValidationFailed, match="at most 1000"):
        publish_post(author=alice, text="x" * 1001)
    with pytest.raises(ValidationFailed):
        publish_post(author=alice, text="   ")
    assert Post.objects.count() == 0
    assert publish_post(author=alice, text="x" * 1000).text == "x" * 1000


def test_terms_must_be_accepted_before_posting(make_member) -> None:
    alice = make_member()
    alice.terms_accepted_version = 0
    alice.save(update_fields=["terms_accepted_version"])
    with pytest.raises(Forbidden):
        publish_post(author=alice, text="hi")


def test_reply_joins_the_thread_and_counts(make_member) -> None:
    alice, bob = make_member(), make_member()
    root = publish_post(author=alice, text="root")
    reply = publish_post(author=bob, text="reply", in_reply_to=root)
    nested = publish_post(author=alice, text="nested", in_reply_to=reply)
    assert reply.conversation_id == nested.conversation_id == root.pk
    root.refresh_from_db()
    assert root.replies_count == 1
    assert Notification.objects.filter(recipient=alice, kind="reply").count() == 1


def test_cannot_reply_to_invisible_post(make_member) -> None:
    alice, bob = make_member(), make_member()
    secret = publish_post(author=alice, text="followers only", visibility="followers")
    with pytest.raises(NotFound):
        publish_post(author=bob, text="reply", in_reply_to=secret)


def test_echo_is_idempotent_and_reversible(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="echo me")
    first = echo_post(user=bob, post=post)
    assert echo_post(user=bob, post=post).pk == first.pk
    post.refresh_from_db()
    assert post.echoes_count == 1
    unecho_post(user=bob, post=post)
    post.refresh_from_db()
    assert post.echoes_count == 0


def test_private_posts_cannot_be_echoed(make_member) -> None:
    alice, bob = make_member(), make_member()
    follow(follower=bob, target=alice)
    post = publish_post(author=alice, text="friends", visibility="followers")
    with pytest.raises(Forbidden):
        echo_post(user=bob, post=post)


def test_quote_notifies_and_counts(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="original")
    quote = publish_post(author=bob, text="my take", quote_of=post)
    post.refresh_from_db()
    assert quote.quote_of == post and post.quotes_count == 1
    assert Notification.objects.filter(recipient=alice, kind="quote").exists()


def test_upvote_once_per_member(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="vote")
    upvote_post(user=bob, post=post)
    upvote_post(user=bob, post=post)
    post.refresh_from_db()
    assert post.upvotes_count == 1
    remove_upvote(user=bob, post=post)
    post.refresh_from_db()
    assert post.upvotes_count == 0


def test_edit_keeps_history_and_only_author_may_edit(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="first #one")
    with pytest.raises(Forbidden):
        edit_post(editor=bob, post=post, text="hacked")
    edited = edit_post(editor=alice, post=post, text="second #two")
    assert edited.text == "second #two" and edited.edited_at is not None
    assert list(PostEdit.objects.filter(post=post).values_list("text", flat=True)) == ["first #one"]
    assert list(edited.hashtag_links.values_list("hashtag__name", flat=True)) == ["two"]


def test_delete_by_author_or_moderator_only(make_member) -> None:
    alice, bob, mod = make_member(), make_member(), make_member(moderator=True)
    post = publish_post(author=alice, text="bye")
    with pytest.raises(Forbidden):
        delete_post(actor=bob, post=post)
    delete_post(actor=mod, post=post)
    assert not Post.objects.filter(pk=post.pk).exists()


def test_blocked_member_cannot_interact(make_member) -> None:
    alice, bob = make_member(), make_member()
    post = publish_post(author=alice, text="hi")
    block(blocker=alice, target=bob)
    with pytest.raises(NotFound):
        publish_post(author=bob, text="reply", in_reply_to=post)
    with pytest.raises(NotFound):
        echo_post(user=bob, post=post)
    with pytest.raises(NotFound):
        upvote_post(user=bob, post=post)


def test_a_burst_of_identical_posts_is_held_as_spam_counting_only_the_authors_own(make_member) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    for _ in range(3):
        assert publish_post(author=bob, text="Buy my course today").state == "published"
    for _ in range(3):
        assert publish_post(author=alice, text="Buy my course today").state == "published"
    fourth = publish_post(author=alice, text="Buy my course today")
    assert fourth.state == "pending"
    screening = ScreeningDecision.objects.get(object_id=str(fourth.pk))
    assert screening.decision == "hold" and "spam" in {reason["category"] for reason in screening.reasons}
