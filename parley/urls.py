from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from parley.web.views.accounts import admin_login

urlpatterns = [
    # Staff sign in through the member login, where two-factor sign-in applies.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("parley.mastodon_api.urls")),
    path("", include("parley.web.urls")),
]

if settings.PARLEY_SERVE_MEDIA:
    # Single-machine installs serve uploads themselves; a reverse proxy may take this over.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
