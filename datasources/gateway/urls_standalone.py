"""The URLs of the gateway alone, when it runs on its own port (run_gateway).
Errors are answered in JSON: the portal's HTML error pages belong to the portal."""

from django.urls import include, path

urlpatterns = [path("gateway/", include("datasources.gateway.urls"))]

handler400 = "portal.json_errors.bad_request"
handler403 = "portal.json_errors.forbidden"
handler404 = "portal.json_errors.unknown_endpoint"
handler500 = "portal.json_errors.server_error"
