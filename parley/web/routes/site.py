from django.urls import path

from parley.web.views import site

urlpatterns = [
    path("terms", site.terms, name="terms"),
    path("policy", site.policy, name="policy"),
    path("contact", site.contact, name="contact"),
    path("about", site.about, name="about"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("manifest.webmanifest", site.manifest, name="manifest"),
]
