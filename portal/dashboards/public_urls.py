from django.urls import path

from portal.dashboards import public_views

app_name = "transparency"

urlpatterns = [path("", public_views.transparency, name="page")]
