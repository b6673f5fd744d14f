"""Full-text search of posts: SQLite FTS5 by default, PostgreSQL full-text when configured."""

import re

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from parley.accounts.models import User
from parley.posts.models import Post, PostState, Visibility
from parley.posts.queries import visible_posts

_WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_MATCHES = 2000


def search_posts(query: str, *, viewer: User | None) -> QuerySet[Post]:
    """Visible, public, non-limited posts matching every word of `query`, newest first."""
    words = _WORD_RE.findall(query)[:10]
    if not words:
        return Post.objects.none()
    posts = visible_posts(viewer).filter(
        state=PostState.PUBLISHED,
        limited=False,
        echo_of__isnull=True,
        visibility__in=[Visibility.PUBLIC, Visibility.UNLISTED],
    )
    # The newest matches only, found through the full-text index alone: a common word must not
    # make one page read the whole index, and no row outside the matches is ever re-tokenised
    # (on PostgreSQL, `id + 0` keeps the planner from walking the primary key instead of the index).
    if connection.vendor == "postgresql":
        matches = RawSQL(
            "SELECT id FROM posts_post WHERE to_tsvector('simple', parley_unaccent(\"text\")) "
            "@@ plainto_tsquery('simple', parley_unaccent(%s)) ORDER BY id + 0 DESC LIMIT %s",
            [" ".join(words), MAX_MATCHES],
        )
    else:
        fts_query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        matches = RawSQL(
            "SELECT rowid FROM posts_post_fts WHERE posts_post_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
            [fts_query, MAX_MATCHES],
        )
    return posts.filter(pk__in=matches)


SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS posts_post_fts USING fts5(
        text, content='posts_post', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS posts_post_fts_insert AFTER INSERT ON posts_post BEGIN
        INSERT INTO posts_post_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS posts_post_fts_delete AFTER DELETE ON posts_post BEGIN
        INSERT INTO posts_post_fts(posts_post_fts, rowid, text) VALUES ('delete', old.id, old.text); END""",
    """CREATE TRIGGER IF NOT EXISTS posts_post_fts_update AFTER UPDATE OF text ON posts_post BEGIN
        INSERT INTO posts_post_fts(posts_post_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO posts_post_fts(rowid, text) VALUES (new.id, new.text); END""",
    "INSERT INTO posts_post_fts(posts_post_fts) VALUES ('rebuild')",
]
SQLITE_TRIGGERS = ("posts_post_fts_insert", "posts_post_fts_delete", "posts_post_fts_update")
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS posts_post_fts_insert",
    "DROP TRIGGER IF EXISTS posts_post_fts_delete",
    "DROP TRIGGER IF EXISTS posts_post_fts_update",
    "DROP TABLE IF EXISTS posts_post_fts",
]
# unaccent is not IMMUTABLE, so an index needs this wrapper that pins its dictionary.
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE OR REPLACE FUNCTION parley_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    "CREATE INDEX IF NOT EXISTS posts_post_text_fts ON posts_post "
    "USING GIN (to_tsvector('simple', parley_unaccent(\"text\")))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS posts_post_text_fts", "DROP FUNCTION IF EXISTS parley_unaccent(text)"]


def ensure_search_index(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text index if missing, and rebuild it if its triggers were lost.

    SQLite migrations that alter `posts_post` rebuild the table, which drops its triggers; this
    runs after every `migrate` so search never silently stops following new posts.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_CREATE:
                cursor.execute(statement)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
                SQLITE_TRIGGERS,
            )
            if cursor.fetchone()[0] == len(SQLITE_TRIGGERS):
                return
            for statement in SQLITE_CREATE:
                cursor.execute(statement)
