"""The URLs of the gateway alone, when it runs on its own port (run_gateway)."""

from django.urls import include, path

urlpatterns = [path("gateway/", include("datasources.gateway.urls"))]
