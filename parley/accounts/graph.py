"""Follow rows and the counters beside them: the one place both change together."""

from django.db.models import F

from parley.accounts.models import Follow, User
from parley.accounts.signals import follow_ended


def create_follow_row(follower: User, target: User) -> None:
    Follow.objects.create(follower=follower, followee=target)
    User.objects.filter(pk=follower.pk).update(following_count=F("following_count") + 1)
    User.objects.filter(pk=target.pk).update(followers_count=F("followers_count") + 1)


def delete_follow_row(follower: User, target: User) -> bool:
    deleted, _details = Follow.objects.filter(follower=follower, followee=target).delete()
    if deleted:
        User.objects.filter(pk=follower.pk, following_count__gt=0).update(following_count=F("following_count") - 1)
        User.objects.filter(pk=target.pk, followers_count__gt=0).update(followers_count=F("followers_count") - 1)
        follow_ended.send(sender=User, follower=follower, target=target)
    return bool(deleted)
