from django.urls import path

from portal.accounts.api import StaffAssignmentApi
from portal.notifications.api import NotificationListApi, NotificationReadApi

urlpatterns = [
    path("staff-assignments/", StaffAssignmentApi.as_view(), name="staff-assignment"),
    path("notifications/", NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/<int:pk>/read/", NotificationReadApi.as_view(), name="api-notification-read"
    ),
]
