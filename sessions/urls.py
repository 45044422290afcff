"""Programme URLs: public pages under /<lang>/events/<event_slug>/, organiser pages under
/<lang>/manage/<event_slug>/."""

app_name = "programme"
urlpatterns: list = []

manage_urlpatterns: list = []
