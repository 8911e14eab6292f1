from django.urls import path

from portal.dashboards import breakdown_views

app_name = "breakdowns"

urlpatterns = [path("<slug:name>/", breakdown_views.breakdown, name="records")]
