from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from datasources import views as datasource_views
from portal import views

# The portal's name, not Django's, on the administration pages.
admin.site.site_header = admin.site.site_title = gettext_lazy("Một cửa số administration")

# Under /api/, the APIs' JSON shape; elsewhere the portal's pages.
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("livez", views.livez, name="livez"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/datasources/sources/", datasource_views.source_checks, name="source-checks"),
    # The administration's "Log out" is the portal's logout, so that it too leaves
    # the sign of a deliberate logout (portal/accounts/adapters.py) for the pages after it.
    path("admin/logout/", account_views.logout, name="admin-logout"),
    path("admin/", admin.site.urls),
    path("data/", include("datasources.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("complaints/", include("complaints.urls")),
    path("workspace/", include("dossiers.workspace_urls")),
    path("workspace/supplements/", include("dossiers.supplement_urls")),
    path("workspace/complaints/", include("complaints.workspace_urls")),
    path("dashboards/", include("portal.dashboards.urls")),
    path("dashboards/breakdowns/", include("portal.dashboards.breakdown_urls")),
    path("transparency/", include("portal.dashboards.public_urls")),
    path("procedures/", include("procedures.public_urls")),
    path("staff/catalog/", include("procedures.staff_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/messages/", include("portal.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("vneid/", include("datasources.vneid.urls")),
    path("gateway/", include("datasources.gateway.urls")),
    path("payments/", include("payments.urls")),
    path("payment-platform/", include("payments.platform.urls")),
    path("api/accounts/", include("portal.accounts.api_urls")),
    path("api/datasources/", include("datasources.api_urls")),
    path("api/procedures/", include("procedures.api_urls")),
    path("api/complaints/", include("complaints.api_urls")),
    path("api/dossiers/", include("dossiers.api_urls")),
    path("api/agency/", include("dossiers.agency_api_urls")),
    path("api/dashboards/", include("portal.dashboards.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's start-up script is a file of its own (/api/docs/?script=), not
    # inline code, which the Content-Security-Policy refuses.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
