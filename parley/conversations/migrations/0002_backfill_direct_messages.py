"""File the direct messages published before conversations existed, as `add_direct_message`
does for new ones (oldest first, so each conversation ends with its newest message); they are
marked read, since their recipients were notified of them already."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def backfill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Post = apps.get_model("posts", "Post")
    Mention = apps.get_model("posts", "Mention")
    Conversation = apps.get_model("conversations", "Conversation")
    ConversationMessage = apps.get_model("conversations", "ConversationMessage")
    direct = Post.objects.filter(visibility="direct", state="published").order_by("id")
    for post in direct.iterator(chunk_size=500):
        participants = {post.author_id, *Mention.objects.filter(post_id=post.pk).values_list("user_id", flat=True)}
        for member_id in participants:
            key = ",".join(str(pk) for pk in sorted(participants - {member_id}))
            conversation, _created = Conversation.objects.get_or_create(member_id=member_id, participants_key=key)
            ConversationMessage.objects.get_or_create(conversation=conversation, post_id=post.pk)
            conversation.last_post_id = post.pk
            conversation.save(update_fields=["last_post"])


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
