"""The cast that the safety actions' tests share."""

import pytest

from parley.posts.actions import publish_post


@pytest.fixture
def cast(make_member):
    """An author with a post, a reporter and two moderators."""
    author = make_member("author")
    post = publish_post(author=author, text="An ordinary post about gardening.")
    return {
        "author": author,
        "post": post,
        "reporter": make_member("reporter"),
        "mod": make_member("mod", moderator=True),
        "mod2": make_member("mod2", moderator=True),
    }
