from parley.web.routes import accounts, posts, site

app_name = "web"
urlpatterns = site.urlpatterns + accounts.urlpatterns + posts.urlpatterns
