from django.urls import path

from datasources.vneid import views

app_name = "vneid"

urlpatterns = [
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("jwks.json", views.jwks, name="jwks"),
    path("authorize", views.authorize, name="authorize"),
    path("authorize/decide", views.decide, name="decide"),
    path("token", views.token, name="token"),
    path("userinfo", views.userinfo, name="userinfo"),
]
