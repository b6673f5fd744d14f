from parley.web.routes import accounts, moderation, posts, site

app_name = "web"
urlpatterns = site.urlpatterns + accounts.urlpatterns + posts.urlpatterns + moderation.urlpatterns
