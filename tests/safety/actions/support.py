from parley.posts.models import Post


def post_url(post: Post) -> str:
    return f"http://testserver/posts/{post.pk}"
