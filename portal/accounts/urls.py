from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("home/", views.home, name="home"),
    # Ahead of allauth's (portal/urls.py): its list of third-party connections
    # and that list's older address. One VNeID identity per account, nothing
    # to connect or disconnect.
    path("3rdparty/", views.not_offered),
    path("social/connections/", views.not_offered),
]
