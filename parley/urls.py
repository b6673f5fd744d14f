from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from parley.maintenance_middleware import server_error
from parley.operations.health import liveness, readiness
from parley.operations.status import status_json, status_page
from parley.web.views.accounts import admin_login
from parley.web.views.media import media_file

urlpatterns = [
    # Monitoring: never rate-limited, open in maintenance (parley.operations.maintenance).
    path("health", liveness, name="health"),
    path("health/ready", readiness, name="health_ready"),
    path("status", status_page, name="status"),
    path("status.json", status_json, name="status_json"),
    # Staff sign in through the member login, where two-factor sign-in applies.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("parley.mastodon_api.urls")),
    path("", include("parley.web.urls")),
]

# Every media request is access-checked; a reverse proxy may send the bytes (PARLEY_MEDIA_SENDFILE).
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media_file, name="media_file"))

# A database that cannot be reached answers 503 with Retry-After rather than a server error.
handler500 = server_error
