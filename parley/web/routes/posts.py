from django.urls import path

from parley.web.views import posts

urlpatterns = [
    path("", posts.home, name="home"),
]
