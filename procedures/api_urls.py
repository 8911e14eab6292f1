from procedures import api_public, api_staff

urlpatterns = api_public.urlpatterns + api_staff.urlpatterns
