app_name = "vneid"

urlpatterns: list = []
