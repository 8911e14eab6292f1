from django.urls import path

from datasources import views

app_name = "datasources"

urlpatterns = [
    path("my-data-access/", views.my_data_access, name="my-data-access"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction-decide"),
]
