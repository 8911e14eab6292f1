"""The URLs of the gateway alone, when it runs on its own port (run_gateway).
Errors are answered in JSON: the portal's HTML error pages belong to the portal."""

from django.urls import include, path

urlpatterns = [path("gateway/", include("datasources.gateway.urls"))]

handler400 = "datasources.gateway.views.bad_request"
handler403 = "datasources.gateway.views.forbidden"
handler404 = "datasources.gateway.views.unknown_endpoint"
handler500 = "datasources.gateway.views.server_error"
