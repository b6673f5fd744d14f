"""The operator's view of members: search, filters, and an instant suspension."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parley.accounts.actions import suspend_member
from parley.accounts.models import Block, Follow, FollowRequest, MemberSession, Mute, User


class SuspendedFilter(admin.SimpleListFilter):
    title = _("suspension")
    parameter_name = "suspended"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[User]) -> list[tuple[str, str]]:
        return [("yes", gettext("Suspended")), ("no", gettext("Not suspended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "yes":
            return queryset.filter(suspended_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(suspended_at__isnull=True)
        return queryset


@admin.register(User)
class MemberAdmin(UserAdmin[User]):
    list_display = (
        "username",
        "email",
        "display_name",
        "date_joined",
        "is_moderator",
        "is_staff",
        "locked",
        "suspended_at",
        "posts_count",
        "followers_count",
    )
    list_filter = (
        SuspendedFilter,
        "is_moderator",
        "is_staff",
        "is_superuser",
        "is_active",
        "locked",
        "date_joined",
    )
    search_fields = ("username", "email", "display_name")
    ordering = ("-date_joined",)
    readonly_fields = (
        "date_joined",
        "last_login",
        "email_confirmed_at",
        "terms_accepted_version",
        "terms_accepted_at",
        "suspended_at",
        "suspended_until",
        "suspension_reason",
        "followers_count",
        "following_count",
        "posts_count",
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "email",
                    "bio",
                    "avatar",
                    "header",
                    "links",
                    "locked",
                    "language",
                ),
            },
        ),
        (
            _("Roles"),
            {
                "fields": (
                    "is_active",
                    "is_moderator",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (
            _("Status"),
            {
                "fields": (
                    "date_joined",
                    "last_login",
                    "email_confirmed_at",
                    "terms_accepted_version",
                    "terms_accepted_at",
                    "suspended_at",
                    "suspended_until",
                    "suspension_reason",
                ),
            },
        ),
        (_("Counters"), {"fields": ("followers_count", "following_count", "posts_count")}),
    )
    actions = ("suspend_now",)

    @admin.action(description=_("Suspend now (sign-in refused, sessions ended, content hidden)"))
    def suspend_now(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        count = 0
        for member in queryset.filter(suspended_at__isnull=True):
            suspend_member(user=member, actor=actor, reason=gettext("Suspended by an administrator."))
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d member suspended.", "%(count)d members suspended.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ("follower", "followee", "created_at")
    search_fields = ("follower__username", "followee__username")
    raw_id_fields = ("follower", "followee")


@admin.register(FollowRequest)
class FollowRequestAdmin(admin.ModelAdmin[FollowRequest]):
    list_display = ("requester", "target", "created_at")
    search_fields = ("requester__username", "target__username")
    raw_id_fields = ("requester", "target")


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__username", "blocked__username")
    raw_id_fields = ("blocker", "blocked")


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin[Mute]):
    list_display = ("muter", "muted", "expires_at", "created_at")
    search_fields = ("muter__username", "muted__username")
    raw_id_fields = ("muter", "muted")


@admin.register(MemberSession)
class MemberSessionAdmin(admin.ModelAdmin[MemberSession]):
    """Read-only: the key is a secret, so it is neither listed nor searchable."""

    list_display = ("user", "ip_address", "user_agent", "created_at", "last_seen_at")
    search_fields = ("user__username",)
    exclude = ("session_key",)
    readonly_fields = ("user", "ip_address", "user_agent", "created_at", "last_seen_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MemberSession | None = None) -> bool:
        return False
